import Foundation
import JSONSupport
import Testing

/// `profiles tune` ranks each period with the profiles of that period: an organisation a
/// CORDIS import profiled from its projects is profiled again from its projects before the
/// split, so that the call topic of the very project being predicted does not find the partner.
@Suite("tune: profiles as of each split", .serialized)
struct TuneProfilesAsOfTests {
    static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// A CORDIS export worked out by hand (organisation ids: fillers 100…, a_i 500…, b_i 600…):
    /// - 2014, one organisation a project: a_i answers topic Ki; b_i answers K(i−1) (so b_(i+1)
    ///   shares a_i's 2014 topic); 20 fillers answer a topic of their own each.
    /// - 2015 (the fit period): a_i and b_i together, topic Zi; a_i and b_(i+1), topic Xi.
    /// - 2016 (the evaluation period): a_i and b_(i+5), topic Yi.
    /// As of 2015-01-01, a_i's only partner with anything in common is b_(i+1) (Ki); every other
    /// score is 0 and ties go to the fillers, whose ids come first. So each of the 20 pairs
    /// a_i–b_(i+1) is found from both sides and none of the 20 pairs a_i–b_i: recall@10 is
    /// 40 / 80 = 0.5. Profiled with every project, a_i and b_i share Zi, and recall@10 is 1.
    /// In 2016, a_i and b_(i+5) share Yi only with today's profiles (the 2015 partners are
    /// not new): 0 as of 2016-01-01, 1 with today's.
    static func files(_ dir: TemporaryDirectory) throws -> String {
        let n = 20
        func code(_ prefix: String, _ i: Int) -> String { prefix + String(letters[i]) + String(letters[i]) }
        var projects = [#""id";"acronym";"startDate";"legalBasis";"topics";"rcn""#]
        var organisations = [#""projectID";"organisationID";"name";"activityType";"country";"rcn";"startDate""#]
        var rcn = 1000
        func project(_ topic: String, _ date: String, _ members: [Int]) {
            rcn += 1
            projects.append("\"\(rcn)\";\"P\(rcn)\";\"\(date)\";\"\";\"\(topic)\";\"\(rcn)\"")
            for m in members { organisations.append("\"\(rcn)\";\"\(m)\";\"ORG \(m)\";\"HES\";\"BE\";\"\(rcn)\";\"\(date)\"") }
        }
        for i in 0..<n {
            project(code("F", i), "2014-03-01", [100 + i])
            project(code("K", i), "2014-03-01", [500 + i])
            project(code("K", (i + n - 1) % n), "2014-03-01", [600 + i])
        }
        for i in 0..<n { project(code("Z", i), "2015-03-01", [500 + i, 600 + i]) }
        for i in 0..<n { project(code("X", i), "2015-03-01", [500 + i, 600 + (i + 1) % n]) }
        for i in 0..<n { project(code("Y", i), "2016-03-01", [500 + i, 600 + (i + 5) % n]) }
        _ = try dir.write("project.csv", projects.joined(separator: "\n") + "\n")
        return try dir.write("organization.csv", organisations.joined(separator: "\n") + "\n")
    }

    static let contentOnly = #"{"name": "content", "weights": {"similarity": 1.0}, "rules": {"minimumScore": -1}}"#

    func tune(_ db: String, _ dir: TemporaryDirectory) throws -> JSONValue {
        let profile = try dir.write("content.json", Self.contentOnly)
        let r = try CLI.run(["profiles", "tune", "--from", profile, "--split", "2016-01-01", "--fit-split", "2015-01-01",
                             "--out", dir.path("tuned.json"), "--db", db, "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    @Test func projectProfiledOrganisationsAreRankedAsTheyWereAtEachSplit() throws {
        let dir = try TemporaryDirectory()
        let organisations = try Self.files(dir)
        let db = dir.path("cordis.sqlite")
        let imported = try CLI.run(["history", "import", organisations, "--create-participants", "--db", db, "--format", "json"])
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        let report = try tune(db, dir)
        #expect(report["fitOutcomes"] == 40 && report["evaluationOutcomes"] == 20)
        // CSV: a row per period and weights, the same figures as the JSON.
        let csv = try CLI.run(["profiles", "tune", "--from", try dir.write("content.json", Self.contentOnly), "--split", "2016-01-01",
                               "--fit-split", "2015-01-01", "--out", dir.path("tuned-csv.json"), "--db", db, "--format", "csv"])
        #expect(csv.status == 0 && csv.stderr.contains("wrote "), "\(csv.stderr)")
        let lines = csv.stdout.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first == "period,from,until,outcomes,weights,network,activity,recall_at_10,mrr")
        #expect(lines.count == 5 && lines[1].hasPrefix("fit,2015-01-01,2016-01-01,40,before,0.0000,0.0000,0.5000,"), "\(csv.stdout)")
        #expect(lines.count == 5 && lines[3].hasPrefix("evaluation,2016-01-01,,20,before,0.0000,0.0000,0.0000,"), "\(csv.stdout)")
        #expect(report["fit"]?["before"]?["recallAt10"]?.doubleValue == 0.5)
        #expect(report["evaluation"]?["before"]?["recallAt10"]?.doubleValue == 0)
        // a_i and b_i had projects on or after each split: 40 profiles built again for each.
        #expect(report["profilesAsOfSplit"] == .object(JSONObject([("fit", 40), ("evaluation", 40), ("changedSinceImport", 0)])))

        // The profile of b_1 is all its projects' topics; its personal data lists the four projects.
        let b1 = try JSONParser.parse(try CLI.run(["participants", "personal-data", "pic-601", "--db", db]).stdout)
        #expect(b1["participant"]?["keywords"] == .array(["KAA", "XAA", "YQQ", "ZBB"]))
        let kept = try #require(b1["profileProjects"]?.arrayValue)
        #expect(kept.compactMap { $0["topic"]?.stringValue } == ["KAA", "ZBB", "XAA", "YQQ"])
        #expect(kept.compactMap { $0["date"]?.stringValue } == ["2014-03-01", "2015-03-01", "2015-03-01", "2016-03-01"])
        // Importing again keeps them once, and creates no one (fillers are in one-organisation projects only).
        let twice = try JSONParser.parse(try CLI.run(["history", "import", organisations, "--create-participants", "--db", db, "--format", "json"]).stdout)
        #expect(twice["participantsCreated"] == 0)
        let again = try JSONParser.parse(try CLI.run(["participants", "personal-data", "pic-601", "--db", db]).stdout)
        #expect(again["profileProjects"] == b1["profileProjects"])

        // b_1 edited since (given a_1's 2014 topic KBB, still from "cordis"): its kept projects no
        // longer give its profile, so it is ranked as it is; a_1 (KBB as of 2015) and b_1 now
        // find each other, both sides: 42 / 80. Built again from its projects, it would not.
        var edited = try #require(b1["participant"]?.objectValue)
        edited["keywords"] = .array(["KAA", "KBB", "XAA", "YQQ", "ZBB"])
        #expect(try CLI.run(["import", try dir.write("edited.jsonl", JSONValue.object(edited).serialized() + "\n"), "--db", db]).status == 0)
        let after = try tune(db, dir)
        #expect(after["profilesAsOfSplit"] == .object(JSONObject([("fit", 39), ("evaluation", 39), ("changedSinceImport", 1)])))
        #expect(after["fit"]?["before"]?["recallAt10"]?.doubleValue == 42.0 / 80)
    }

    /// An organisation that is a participant already is not created again, even when it
    /// appears in projects of one organisation only (no collaboration names it), and keeps its profile.
    @Test func existingParticipantsOfOneOrganisationProjectsAreKept() throws {
        let dir = try TemporaryDirectory()
        let organisations = try Self.files(dir)
        let db = dir.path("own.sqlite")
        let own = try dir.write("own.jsonl", #"{"id": "pic-100", "kind": "company", "name": "Our CRM's name", "country": "CY", "keywords": ["crm keyword"]}"# + "\n")
        #expect(try CLI.run(["import", own, "--db", db]).status == 0)
        let r = try JSONParser.parse(try CLI.run(["history", "import", organisations, "--create-participants", "--db", db, "--format", "json"]).stdout)
        #expect(r["participantsCreated"] == 59)
        // Its name in the export is not kept as a history-only member's either.
        #expect(r["names"]?["added"] == 0)
        let kept = try JSONParser.parse(try CLI.run(["participants", "personal-data", "pic-100", "--db", db]).stdout)
        #expect(kept["participant"]?["name"] == "Our CRM's name" && kept["participant"]?["keywords"] == .array(["crm keyword"]))
        #expect(kept["profileProjects"] == nil)
    }

    /// The same organisations with the same profiles, imported as participants (no projects
    /// kept): their profiles are today's, and the topic of the predicted project finds every partner.
    @Test func profilesWithoutProjectsAreTodays() throws {
        let dir = try TemporaryDirectory()
        let organisations = try Self.files(dir)
        let first = try TemporaryDirectory()
        let reference = first.path("reference.sqlite")
        #expect(try CLI.run(["history", "import", organisations, "--create-participants", "--db", reference]).status == 0)
        // Each participant as the CORDIS import profiled it, from another source.
        var lines: [String] = []
        for id in (0..<20).flatMap({ ["pic-\(100 + $0)", "pic-\(500 + $0)", "pic-\(600 + $0)"] }) {
            var p = try #require(try JSONParser.parse(try CLI.run(["participants", "show", id, "--db", reference, "--format", "json"]).stdout).objectValue)
            p["source"] = .object(JSONObject([("format", "jsonl")]))
            lines.append(JSONValue.object(p).serialized())
        }
        let file = try dir.write("participants.jsonl", lines.joined(separator: "\n") + "\n")
        let db = dir.path("today.sqlite")
        #expect(try CLI.run(["import", file, "--db", db]).status == 0)
        #expect(try CLI.run(["history", "import", organisations, "--db", db]).status == 0)
        let report = try tune(db, dir)
        #expect(report["fit"]?["before"]?["recallAt10"]?.doubleValue == 1)
        #expect(report["evaluation"]?["before"]?["recallAt10"]?.doubleValue == 1)
        #expect(report["profilesAsOfSplit"] == .object(JSONObject([("fit", 0), ("evaluation", 0), ("changedSinceImport", 0)])))
    }
}
