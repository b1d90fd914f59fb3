import Foundation
import JSONSupport
import Testing

/// What `history import` tells a user about ids that look mistyped, a database that does not
/// exist, organisations created without a profile, and its counts in CSV mode.
@Suite("history import: checks a new user needs", .serialized)
struct HistoryImportChecksTests {
    static let participants = """
        {"id": "dk-sound-0001", "kind": "company", "name": "Sound ApS", "country": "DK", "keywords": ["hearing aids"]}
        {"id": "de-hearing-0002", "kind": "company", "name": "Hearing GmbH", "country": "DE", "keywords": ["hearing aids"]}
        {"id": "dk-ai-0001", "kind": "company", "name": "AI ApS", "country": "DK", "keywords": ["machine learning"]}
        {"id": "pic-999978142", "kind": "knowledge-institution", "name": "NTUA", "country": "GR", "keywords": ["acoustics"]}

        """

    func json(_ r: CLI.Result) throws -> JSONValue {
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    /// Each history-only id against the participant it looks like, worked out by hand; the
    /// last four are other organisations (another number, another country code).
    @Test func mistypedIdsAreNamedWithTheParticipantTheyLookLike() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("t.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.participants), "--db", db]).status == 0)
        let typos = [
            ("dk-sound-001", "dk-sound-0001"),      // leading zero left out
            ("DK-Sound-0001 ", "dk-sound-0001"),    // case and a space
            ("de-hearng-0002", "de-hearing-0002"),  // a letter left out
            ("de-hearinng-0002", "de-hearing-0002"), // a letter added
            ("de-hezring-0002", "de-hearing-0002"), // a letter replaced
            ("de-haering-0002", "de-hearing-0002"), // two letters swapped
        ]
        let others = ["pic-999978143", "de-sound-0001", "dk-ai-0002", "se-ai-0001"]
        var lines: [String] = []
        for id in typos.map(\.0) + others {
            lines.append(JSONValue.object(JSONObject([("a", "dk-ai-0001"), ("b", .string(id)), ("kind", "project"),
                                                      ("date", "2022-01-01"), ("source", "crm")])).serialized())
        }
        let file = try dir.write("h.jsonl", lines.joined(separator: "\n") + "\n")
        let r = try json(try CLI.run(["history", "import", file, "--dry-run", "--db", db, "--format", "json"]))
        #expect(r["historyOnly"] == 10)
        let expected = typos.sorted { $0.0 < $1.0 }.map { JSONValue.object(JSONObject([("id", .string($0.0)), ("participant", .string($0.1))])) }
        #expect(r["historyOnlyLookalikes"] == .array(expected), "\(r["historyOnlyLookalikes"] ?? .null)")
        let warning = r["warnings"]?.arrayValue?.first?.stringValue ?? ""
        #expect(warning.hasPrefix("6 history-only members' ids look like a participant's (case, spaces, leading zeros or one typo in a word): "), "\(warning)")
        // --strict names the first five the file names (lines 1–5), in its order, quoted
        // where a space would vanish, each where the file first names it.
        let strict = try CLI.run(["history", "import", file, "--strict", "--db", db])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains(#"10 members are not participants (dk-sound-001, "DK-Sound-0001 ", de-hearng-0002, de-hearinng-0002, de-hezring-0002, …)"#), "\(strict.stderr)")
        let places = strict.stderr.split(separator: "\n").filter { $0.hasPrefix(file + ":") }.map { $0.dropFirst(file.count + 1).prefix(1) }
        #expect(places == ["1", "2", "3", "4", "5"], "\(strict.stderr)")
        #expect(strict.stderr.contains("without --strict (strict in the service)"))
    }

    /// History may come before its participants, so a missing database is made; the import
    /// says so, since a mistyped --db would pass for a landscape where no one is a participant.
    @Test func aNewDatabaseIsSaid() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("h.jsonl", #"{"a": "x", "b": "y", "kind": "project", "date": "2022-01-01", "source": "crm"}"# + "\n")
        let missing = dir.path("mistyped.sqlite")
        let r = try CLI.run(["history", "import", file, "--db", missing])
        #expect(r.status == 0 && r.stderr.contains("note: created a new database at \(missing): it has no participants yet, so every member is history-only until they are imported"), "\(r.stderr)")
        let again = try CLI.run(["history", "import", file, "--db", missing])
        #expect(again.status == 0 && !again.stderr.contains("created a new database"), "\(again.stderr)")
        let organisations = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/history/cordis/organization.csv").path
        let made = try CLI.run(["history", "import", organisations, "--create-participants", "--db", dir.path("cordis.sqlite")])
        #expect(made.status == 0 && made.stderr.contains("note: created a new database at \(dir.path("cordis.sqlite"))\n"), "\(made.stderr)")
    }

    /// Four organisations of the excerpt are only in a project whose call topic and
    /// programme the files do not give (rcn 205964): created with empty profiles, and the
    /// report says which.
    @Test func organisationsCreatedWithoutAProfileAreNamed() throws {
        let dir = try TemporaryDirectory()
        let organisations = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/history/cordis/organization.csv").path
        let r = try json(try CLI.run(["history", "import", organisations, "--create-participants", "--db", dir.path("c.sqlite"), "--format", "json"]))
        #expect(r["participantsWithoutProfile"] == 4)
        let warning = r["warnings"]?.arrayValue?.compactMap(\.stringValue).first { $0.contains("empty profile") } ?? ""
        #expect(warning.hasPrefix("4 created participants have an empty profile (pic-919670969, pic-998080337, pic-999887059, pic-999904034)"), "\(warning)")
        for id in ["pic-919670969", "pic-998080337", "pic-999887059", "pic-999904034"] {
            let p = try json(try CLI.run(["participants", "show", id, "--db", dir.path("c.sqlite"), "--format", "json"]))
            #expect((p["keywords"] == nil || p["keywords"] == .array([])) && (p["description"] == nil || p["description"] == .null), "\(id): \(p)")
        }
    }

    /// A date given as a number says what it must be.
    @Test func aDateGivenAsANumberSaysWhatItMustBe() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("t.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.participants), "--db", db]).status == 0)
        let file = try dir.write("h.jsonl", #"{"a": "dk-ai-0001", "b": "dk-sound-0001", "kind": "project", "date": 2021, "source": "crm"}"# + "\n")
        let r = try CLI.run(["history", "import", file, "--db", db])
        #expect(r.status == 65 && r.stderr.contains("\(file):1: field 'date' value 2021: must be a date string \"YYYY-MM-DD\""), "\(r.stderr)")
    }

    /// In CSV mode the rows are the files; the counts go to stderr.
    @Test func csvKeepsTheCountsOnStderr() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("t.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.participants), "--db", db]).status == 0)
        let file = try dir.write("h.jsonl", #"{"a": "dk-ai-0001", "b": "dk-sound-0001", "kind": "project", "date": "2022-01-01", "source": "crm"}"# + "\n")
        let r = try CLI.run(["history", "import", file, "--db", db, "--format", "csv"])
        #expect(r.status == 0 && r.stdout == "file,format,records\r\n\(file),collaborations,1\r\n", "\(r.stdout)")
        #expect(r.stderr.contains("collaborations: 1 added, 0 updated, 0 unchanged; participants created: 0; history-only members: 0"), "\(r.stderr)")
    }
}

/// Reasons leave out what more than half of the participants have: it tells no one apart.
@Suite("reasons: common terms are left out", .serialized)
struct CommonTermReasonsTests {
    /// `n` participants, the first `sharing` of which name "cluster membership"; the first two
    /// also share "wind turbines".
    static func landscape(_ n: Int, sharing: Int) -> String {
        (0..<n).map { i in
            let extra = i < 2 ? #""wind turbines""# : #""topic \#(i)""#
            let common = i < sharing ? #""cluster membership", "# : ""
            return #"{"id": "p\#(String(format: "%02d", i))", "kind": "company", "name": "Org \#(i)", "country": "DK", "keywords": [\#(common)\#(extra)]}"#
        }.joined(separator: "\n") + "\n"
    }

    func reasons(_ n: Int, sharing: Int? = nil) throws -> (explain: [String], matchAll: String) {
        let dir = try TemporaryDirectory()
        let db = dir.path("c.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.landscape(n, sharing: sharing ?? n)), "--db", db]).status == 0)
        let e = try CLI.run(["explain", "p00", "p01", "--profile", "peers", "--format", "json", "--db", db])
        #expect(e.status == 0, "\(e.stderr)")
        let explain = (try JSONParser.parse(e.stdout))["reasons"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? []
        let all = try CLI.run(["match-all", "--profile", "peers", "--top", "3", "--format", "csv", "--out", dir.path("all.csv"), "--db", db])
        #expect(all.status == 0, "\(all.stderr)")
        let rows = try String(contentsOfFile: dir.path("all.csv"), encoding: .utf8).split(whereSeparator: \.isNewline)
        return (explain, String(rows.first { $0.hasPrefix("p00,1,p01,") } ?? ""))
    }

    /// A pair that shares only what everyone has: explain says so, not "nothing in common".
    @Test func explainSaysWhenOnlyCommonTermsAreShared() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("c.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.landscape(20, sharing: 20)), "--db", db]).status == 0)
        let r = try CLI.run(["explain", "p02", "p03", "--profile", "peers", "--db", db])
        #expect(r.status == 0 && r.stdout.contains("No reason to name: what they share, most participants have") && !r.stdout.contains("Nothing in common"), "\(r.stdout)")
    }

    @Test func aTermEveryoneHasIsNoReasonInALandscapeOfTwentyOrMore() throws {
        let big = try reasons(20)
        #expect(big.explain.contains { $0.contains("wind turbines") }, "\(big.explain)")
        #expect(!big.explain.contains { $0.contains("cluster") || $0.contains("membership") }, "\(big.explain)")
        #expect(big.matchAll.contains("wind turbines") && !big.matchAll.contains("cluster"), "\(big.matchAll)")
        // Among a handful, the same shared words are news: they are given; 19 is still a handful.
        for n in [5, 19] {
            let small = try reasons(n)
            #expect(small.explain.contains { $0.contains("cluster membership") }, "\(n): \(small.explain)")
            #expect(small.matchAll.contains("cluster membership"), "\(n): \(small.matchAll)")
        }
        // Among 20, "more than half" is 11: 10 who share it still read it as a reason.
        let half = try reasons(20, sharing: 10), more = try reasons(20, sharing: 11)
        #expect(half.explain.contains { $0.contains("cluster membership") } && half.matchAll.contains("cluster membership"), "\(half)")
        #expect(!more.explain.contains { $0.contains("cluster") } && !more.matchAll.contains("cluster"), "\(more)")
    }
}
