import Foundation
import JSONSupport
import Testing

/// A newer CORDIS export imported with `--create-participants` extends the profiles an
/// earlier one built: importing the excerpt in two parts (projects before 2016, then from
/// 2016) gives every organisation the profile that importing it whole gives.
@Suite("history import: a later CORDIS export extends profiles", .serialized)
struct CORDISLaterExportTests {
    static let fixture = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/history/cordis")

    /// The excerpt's organization.csv split by start date into two folders, each with the
    /// excerpt's project.csv and topics.csv beside it.
    static func parts(_ dir: TemporaryDirectory) throws -> (early: String, late: String, whole: String) {
        let text = try String(contentsOf: fixture.appendingPathComponent("organization.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)  // the excerpt has CRLF line ends
        let header = lines[0]
        // The start date is the last column, quoted.
        func early(_ line: String) -> Bool { line.hasSuffix("\"2014-06-01\"") || line.hasSuffix("\"2015-02-01\"") }
        let rows = lines.dropFirst()
        #expect(rows.filter(early).count == 10 && rows.filter { !early($0) }.count == 14)
        var paths: [String] = []
        for (name, chosen) in [("early", rows.filter(early)), ("late", rows.filter { !early($0) }), ("whole", Array(rows))] {
            try FileManager.default.createDirectory(atPath: dir.path(name), withIntermediateDirectories: true)
            for beside in ["project.csv", "topics.csv"] {
                try FileManager.default.copyItem(atPath: fixture.appendingPathComponent(beside).path, toPath: dir.path("\(name)/\(beside)"))
            }
            paths.append(try dir.write("\(name)/organization.csv", ([header] + chosen).joined(separator: "\n") + "\n"))
        }
        return (paths[0], paths[1], paths[2])
    }

    func json(_ r: CLI.Result) throws -> JSONValue {
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    /// id → (keywords, description) of every participant.
    func profiles(_ db: String) throws -> [String: JSONValue] {
        let list = try json(try CLI.run(["participants", "list", "--db", db, "--format", "json"]))
        var result: [String: JSONValue] = [:]
        for id in (list.arrayValue ?? []).compactMap({ $0["id"]?.stringValue }) {
            let p = try json(try CLI.run(["participants", "show", id, "--db", db, "--format", "json"]))
            result[id] = .array([p["keywords"] ?? .null, p["description"] ?? .null])
        }
        return result
    }

    @Test func twoExportsGiveTheProfilesOfOne() throws {
        let dir = try TemporaryDirectory()
        let (early, late, whole) = try Self.parts(dir)
        let reference = dir.path("whole.sqlite")
        _ = try json(try CLI.run(["history", "import", whole, "--create-participants", "--db", reference, "--format", "json"]))

        let db = dir.path("parts.sqlite")
        let first = try json(try CLI.run(["history", "import", early, "--create-participants", "--db", db, "--format", "json"]))
        #expect(first["participantsCreated"] == 9 && first["participantsUpdated"] == 0)
        let certhBefore = try json(try CLI.run(["participants", "show", "pic-998802502", "--db", db, "--format", "json"]))
        #expect(certhBefore["keywords"] == .array(["EeB-04-2014", "MSCA-NIGHT-2014", "H2020-EU.1.3.5.", "H2020-EU.2.1.5.", "H2020-EU.2.1.5.2."]))

        // A dry run counts, and stores nothing.
        let dry = try json(try CLI.run(["history", "import", late, "--create-participants", "--dry-run", "--db", db, "--format", "json"]))
        #expect(dry["participantsUpdated"] == 1 && dry["participantsCreated"] == 7)
        #expect(try json(try CLI.run(["participants", "show", "pic-998802502", "--db", db, "--format", "json"]))["keywords"] == certhBefore["keywords"])

        // Five organisations of 2014–15 are in 2016's projects; only CERTH's new ones have a
        // topic (H2020-TWINN-2015): the other four keep their profile, and get their projects kept.
        let second = try json(try CLI.run(["history", "import", late, "--create-participants", "--db", db, "--format", "json"]))
        #expect(second["participantsCreated"] == 7 && second["participantsUpdated"] == 1)
        #expect(try profiles(db) == (try profiles(reference)))
        let certh = try json(try CLI.run(["participants", "personal-data", "pic-998802502", "--db", db]))
        let wholeCerth = try json(try CLI.run(["participants", "personal-data", "pic-998802502", "--db", reference]))
        #expect(certh["profileProjects"]?.arrayValue?.count == 5 && certh["profileProjects"] == wholeCerth["profileProjects"])
        // Projects 204222 and 205964 name no call topic: null, not "".
        #expect(certh["profileProjects"]?.arrayValue?.filter { $0["topic"] == .null }.count == 2, "\(certh["profileProjects"] ?? .null)")
        let ntua = try json(try CLI.run(["participants", "personal-data", "pic-999978142", "--db", db]))
        #expect(ntua["profileProjects"]?.arrayValue?.count == 2)

        // The same export read without topics.csv (no titles) or without project.csv (no
        // topics, no programmes) says nothing new: no profile loses what it had.
        let bare = dir.path("bare"), noTitles = dir.path("no-titles")
        for folder in [bare, noTitles] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try FileManager.default.copyItem(atPath: whole, toPath: bare + "/organization.csv")
        try FileManager.default.copyItem(atPath: whole, toPath: noTitles + "/organization.csv")
        try FileManager.default.copyItem(atPath: Self.fixture.appendingPathComponent("project.csv").path, toPath: noTitles + "/project.csv")
        for folder in [bare, noTitles] {
            let r = try json(try CLI.run(["history", "import", folder + "/organization.csv", "--create-participants", "--db", db, "--format", "json"]))
            #expect(r["participantsUpdated"] == 0 && r["profileProjectsKept"] == 0, "\(folder): \(r)")
            #expect(try profiles(db) == (try profiles(reference)), "\(folder)")
        }

        // The table says so; importing the same export again changes nothing.
        let table = try CLI.run(["history", "import", late, "--create-participants", "--db", db])
        #expect(table.status == 0 && table.stdout.contains("participants created: 0;") && table.stdout.contains("Nothing changed."))
    }

    /// Without --create-participants no profile changes; a profile edited since its import is
    /// kept as edited, with a warning naming it, and the collaborations are imported.
    @Test func editedProfilesAndPlainImportsAreLeftAlone() throws {
        let dir = try TemporaryDirectory()
        let (early, late, _) = try Self.parts(dir)
        let db = dir.path("parts.sqlite")
        _ = try json(try CLI.run(["history", "import", early, "--create-participants", "--db", db, "--format", "json"]))
        let before = try profiles(db)

        let plain = try json(try CLI.run(["history", "import", late, "--dry-run", "--db", db, "--format", "json"]))
        #expect(plain["participantsUpdated"] == 0 && plain["participantsCreated"] == 0)

        var certh = try #require(try json(try CLI.run(["participants", "show", "pic-998802502", "--db", db, "--format", "json"])).objectValue)
        certh["keywords"] = .array(["building information modelling"])
        #expect(try CLI.run(["import", try dir.write("edited.jsonl", JSONValue.object(certh).serialized() + "\n"), "--db", db]).status == 0)
        let r = try CLI.run(["history", "import", late, "--create-participants", "--db", db, "--format", "json"])
        let report = try json(r)
        #expect(report["participantsUpdated"] == 0 && report["added"] == 3)
        let warnings = report["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(warnings.contains { $0.hasPrefix("1 participant created by an earlier CORDIS import has new projects here but was edited since (pic-998802502)") })
        #expect(r.stderr.contains("edited since (pic-998802502)"))
        let after = try profiles(db)
        #expect(after["pic-998802502"] == .array([.array(["building information modelling"]), before["pic-998802502"]?.arrayValue?[1] ?? .null]))
        for (id, profile) in before where id != "pic-998802502" { #expect(after[id] == profile, "\(id)") }
    }
}
