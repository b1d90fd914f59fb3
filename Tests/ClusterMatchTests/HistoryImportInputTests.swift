import Foundation
import JSONSupport
import Testing

/// `clustermatch history import`: what it accepts and how it refuses, end to end (audit of
/// issue 12 §1). Fixtures: `Tests/Fixtures/history/` (see the README there).
@Suite("history import: inputs and errors", .serialized)
struct HistoryImportInputTests {
    static func fixture(_ path: String) -> String {
        CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/history/" + path).path
    }

    static let cordis = fixture("cordis/organization.csv")
    static let extract2 = fixture("cordis-extract2/organization.csv")

    func report(_ r: CLI.Result) throws -> JSONValue {
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    func members(_ db: String, _ id: String, key: String) throws -> [String] {
        let data = try report(try CLI.run(["participants", "personal-data", id, "--db", db]))
        let records = data["history"]?.arrayValue ?? []
        let record = records.first { $0["key"]?.stringValue == key }
        return record?["members"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// A record key in two files: the same record counts once, a different one is an error
    /// naming both places (it used to replace the first silently).
    @Test func aKeyInTwoFilesIsOneRecordOrAnErrorNamingBoth() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let d1 = try dir.write("d1.jsonl", """
            {"a": "A", "b": "B", "kind": "project", "date": "2019-03-01", "source": "t"}
            {"group": "G9", "kind": "project", "date": "2021-05-01", "members": ["A", "B"], "source": "t"}

            """)
        let conflicting = try dir.write("d2.jsonl", """
            {"group": "G9", "kind": "project", "date": "2021-05-01", "members": ["A", "C"], "source": "t"}

            """)
        let r = try CLI.run(["history", "import", d1, conflicting, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("d2.jsonl:1: record 'G9': field 'group': the same key as the record in \(d1):2, which differs in members"))
        #expect(r.stderr.contains("nothing was stored"))
        // The same records again in a second file: counted once, with a note.
        let same = try dir.write("d3.jsonl", """
            {"group": "G9", "kind": "project", "date": "2021-05-01", "members": ["B", "A"], "source": "t"}
            {"a": "B", "b": "A", "kind": "project", "date": "2019-03-01", "source": "t"}

            """)
        let ok = try CLI.run(["history", "import", d1, same, "--db", db, "--format", "json"])
        let json = try report(ok)
        #expect(json["added"] == 2)
        #expect(ok.stderr.contains("d3.jsonl: 2 records are also in an earlier file, the same: counted once"))
        // One file named twice is read once.
        let twice = try CLI.run(["history", "import", d1, d1, "--db", db, "--format", "json", "--dry-run"])
        #expect(try report(twice)["files"]?.arrayValue?.count == 1)
        #expect(!twice.stderr.contains("also in an earlier file"))
    }

    /// The same CORDIS project in two extracts is one record with the members of both, and an
    /// organisation is profiled from its projects in all of them.
    @Test func cordisExtractsAreReadAsOneExport() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let r = try report(try CLI.run(["history", "import", Self.cordis, Self.extract2, "--create-participants", "--db", db, "--format", "json"]))
        // Five projects in the first, one more in the second; NEW PARTNER is new.
        #expect(r["added"] == 6 && r["participantsCreated"] == 17)
        let project = try members(db, "pic-900000001", key: "cordis:633303")
        #expect(project.count == 6 && project.contains("pic-999978142") && project.contains("pic-900000001"))
        // AEC3: SWIMing in the first extract, BIMFORM in the second.
        let aec3 = try report(try CLI.run(["participants", "show", "pic-996417757", "--db", db, "--format", "json"]))
        #expect(aec3["keywords"] == .array(["EeB-04-2014", "NMBP-01-2017", "H2020-EU.2.1.2.", "H2020-EU.2.1.5.", "H2020-EU.2.1.5.2."]))
        #expect(aec3["description"] == "Support for the enhancement of the impact of EeB PPP projects. Building information modelling for construction")
        let again = try CLI.run(["history", "import", Self.extract2, Self.cordis, "--create-participants", "--db", db])
        #expect(again.stdout.contains("0 added, 0 updated, 6 unchanged; participants created: 0"))

        // One project, two start dates: an error naming both rows.
        try FileManager.default.createDirectory(atPath: dir.path("other"), withIntermediateDirectories: true)
        let other = dir.path("other/organization.csv")
        let text = try String(contentsOfFile: Self.extract2, encoding: .utf8)
        try text.replacingOccurrences(of: "\"rcn\"\n", with: "\"rcn\";\"startDate\"\n")
            .replacingOccurrences(of: "\"193206\"\n", with: "\"193206\";\"2014-07-01\"\n")
            .replacingOccurrences(of: "\"300001\"\n", with: "\"300001\";\"2017-03-01\"\n")
            .write(toFile: other, atomically: true, encoding: .utf8)
        let conflict = try CLI.run(["history", "import", Self.cordis, other, "--db", dir.path("c.sqlite")])
        #expect(conflict.status == 65)
        #expect(conflict.stderr.contains("\(other):2: record '900000001': field 'startDate' value \"2014-07-01\": the same project (cordis:633303) starts on \"2014-06-01\" in \(Self.cordis):2"))
    }

    /// project.csv and topics.csv given as arguments are used as if they were beside
    /// organization.csv; a CSV that is no CORDIS file gets one error saying what was expected.
    @Test func cordisCompanionsAsArgumentsAndUnknownCSVs() throws {
        let dir = try TemporaryDirectory()
        // organization.csv alone (no startDate column, nothing beside it).
        try FileManager.default.createDirectory(atPath: dir.path("extract"), withIntermediateDirectories: true)
        let alone = try dir.write("extract/organization.csv", try String(contentsOfFile: Self.extract2, encoding: .utf8))
        let without = try CLI.run(["history", "import", alone, "--db", dir.path("a.sqlite")])
        #expect(without.status == 65 && without.stderr.contains("field 'startDate': is required: give project.csv"))
        let db = dir.path("h.sqlite")
        let companions = [Self.fixture("cordis-extract2/project.csv"), Self.fixture("cordis-extract2/topics.csv")]
        let r = try report(try CLI.run(["history", "import", alone] + companions + ["--create-participants", "--db", db, "--format", "json"]))
        #expect(r["added"] == 1 && r["participantsCreated"] == 2)
        #expect(r["files"]?[1]?["format"] == "cordis" && r["files"]?[1]?["records"] == 0)
        let aec3 = try report(try CLI.run(["participants", "show", "pic-996417757", "--db", db, "--format", "json"]))
        #expect(aec3["description"] == "Building information modelling for construction")
        // The fixture's own export, every file named: the same as organization.csv alone.
        let all = ["organization.csv", "project.csv", "topics.csv"].map { Self.fixture("cordis/" + $0) }
        let full = try report(try CLI.run(["history", "import"] + all + ["--create-participants", "--db", dir.path("f.sqlite"), "--format", "json"]))
        #expect(full["added"] == 5 && full["participantsCreated"] == 16)

        let csv = try dir.write("other.csv", "a,b,c\n1,2,3\n4,5,6\n")
        for format in [[], ["--as", "cordis"]] {
            let bad = try CLI.run(["history", "import", csv, "--db", db] + format)
            #expect(bad.status == 65)
            #expect(bad.stderr.contains("\(csv): not a"))
            #expect(bad.stderr.contains("organization.csv (organisationID, and projectID or rcn), project.csv (startDate, and rcn or id) or topics.csv (topicCode and title)"))
            #expect(!bad.stderr.contains("not valid JSON"))
            let lines = bad.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(bad.stderr)")
        }
    }

    /// An id template whose column is empty on a row would make "org-": a row error.
    @Test func anEmptyTemplateValueIsARowError() throws {
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["history", "import", Self.cordis, "--id-template", "org-{shortName}", "--db", dir.path("h.sqlite")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("organization.csv:22: record '919670969': field 'shortName' value \"\": is empty, and the id template 'org-{shortName}' needs it for the member id"))
        #expect(r.stderr.contains("1 invalid record (1 problem); nothing was stored"))
    }

    /// Organisation ids a spreadsheet rewrote (`9.99978E+08`, `999995893.0`) are row errors
    /// naming the value, not new organisations.
    @Test func organisationIDsASpreadsheetRewroteAreRowErrors() throws {
        let dir = try TemporaryDirectory()
        let text = try String(contentsOfFile: Self.cordis, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)  // the fixture has CRLF line ends
        let id1 = try #require(lines[1].split(separator: ";").dropFirst(2).first).replacingOccurrences(of: "\"", with: "")
        let id2 = try #require(lines[2].split(separator: ";").dropFirst(2).first).replacingOccurrences(of: "\"", with: "")
        lines[1] = lines[1].replacingOccurrences(of: "\"\(id1)\"", with: "\"9.99978E+08\"")
        lines[2] = lines[2].replacingOccurrences(of: "\"\(id2)\"", with: "\"\(id2).0\"")
        let sub = dir.path("excel")
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
        let file = sub + "/organization.csv"
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CLI.run(["history", "import", file, "--db", dir.path("h.sqlite")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("organization.csv:2: record '9.99978E+08': field 'organisationID' value \"9.99978E+08\": is not a CORDIS organisation id (digits only)"), "\(r.stderr)")
        #expect(r.stderr.contains("organization.csv:3: record '\(id2).0': field 'organisationID' value \"\(id2).0\""), "\(r.stderr)")
        #expect(r.stderr.contains("2 invalid records (2 problems); nothing was stored"))
    }

    /// Wrong paths and forced formats get one message that says what is wrong; CORDIS-only
    /// options without a CORDIS file are a usage error.
    @Test func foldersForcedFormatsAndCORDISOptionsSayWhatIsWrong() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let jsonl = try dir.write("c.jsonl", #"{"a": "A", "b": "B", "kind": "project", "date": "2019-03-01", "source": "test"}"# + "\n")
        let folder = try CLI.run(["history", "import", dir.path(""), "--db", db])
        #expect(folder.status == 66 && folder.stderr.contains("is a folder; name the files in it"), "\(folder.stderr)")
        let create = try CLI.run(["history", "import", jsonl, "--create-participants", "--db", db])
        #expect(create.status == 64 && create.stderr.contains("apply to a CORDIS organization.csv, and none is given: \(jsonl) is collaborations"), "\(create.stderr)")
        let template = try CLI.run(["history", "import", jsonl, "--id-template", "x-{a}", "--db", db])
        #expect(template.status == 64)
        let asCORDIS = try CLI.run(["history", "import", jsonl, "--as", "cordis", "--db", db])
        #expect(asCORDIS.status == 65 && asCORDIS.stderr.contains("\(jsonl): not a CORDIS file: it holds JSON"), "\(asCORDIS.stderr)")
        let asJSON = try CLI.run(["history", "import", Self.cordis, "--as", "collaborations", "--db", db])
        #expect(asJSON.status == 65 && asJSON.stderr.contains("not collaborations: JSON records start with {"), "\(asJSON.stderr)")
        #expect(!asJSON.stderr.contains("not valid JSON"))
        // A member list given by mistake: its columns as read (here separated by `;`), not its line.
        let members = try dir.write("members.csv", "id;name;kind;country;keywords\r\nx-1;Acme;company;DK;sensors\r\n")
        let wrong = try CLI.run(["history", "import", members, "--db", db])
        #expect(wrong.status == 65 && wrong.stderr.contains("\(members): not a history file: neither collaborations"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("its columns are: id, name, kind, country, keywords"), "\(wrong.stderr)")
        let forced = try CLI.run(["history", "import", members, "--as", "cordis", "--db", db])
        #expect(forced.status == 65 && forced.stderr.contains("not a CORDIS file: expected the header of"), "\(forced.stderr)")
        #expect(forced.stderr.contains("its columns are: id, name, kind, country, keywords"), "\(forced.stderr)")
        // Nothing was stored by any of them.
        let after = try CLI.run(["history", "import", jsonl, "--dry-run", "--db", db])
        #expect(after.stdout.contains("1 added"), "\(after.stdout)")
    }

    /// An empty history file is a data error, as it is for `import`.
    @Test func anEmptyFileIsADataError() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        for (name, text) in [("empty.jsonl", ""), ("blank.jsonl", "\n  \n"), ("empty.csv", "")] {
            let file = try dir.write(name, text)
            let r = try CLI.run(["history", "import", file, "--db", db])
            #expect(r.status == 65, "\(name)")
            #expect(r.stderr.contains("\(file): the file is empty"), "\(r.stderr)")
        }
        let array = try dir.write("empty.json", "[\n]\n")
        let r = try CLI.run(["history", "import", array, "--db", db, "--as", "collaborations"])
        #expect(r.status == 65 && r.stderr.contains("\(array): no collaboration records"))
    }

    /// A bad date in project.csv is reported once, at its own line.
    @Test func aBadProjectDateIsReportedAtProjectCSV() throws {
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["history", "import", Self.fixture("cordis-baddate/organization.csv"), "--db", dir.path("h.sqlite")])
        #expect(r.status == 65)
        let line = "project.csv:3: field 'startDate' value \"2015-02-30\": must be a date YYYY-MM-DD; 2015-02-30 is not a calendar date (February 2015 has 28 days)"
        #expect(r.stderr.components(separatedBy: line).count == 2, "\(r.stderr)")
        #expect(!r.stderr.contains("organization.csv:"))
        #expect(r.stderr.contains("history import failed: 1 invalid record (1 problem)"))
    }

    /// A pretty-printed JSON array of records, as `import` accepts; errors name the element.
    @Test func aJSONArrayOfRecords() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let good = try dir.write("c.json", """
            [
              {"a": "A", "b": "Z", "kind": "project", "date": "2019-03-01", "source": "test"},
              {
                "group": "P1", "kind": "Project", "date": "2021-05-01",
                "members": ["B", "Z", "Y"], "source": "test"
              }
            ]
            """)
        let r = try report(try CLI.run(["history", "import", good, "--db", db, "--format", "json"]))
        #expect(r["added"] == 2)
        let bad = try dir.write("bad.json", """
            [
              {"a": "A", "b": "Z", "kind": "project", "date": "2019-03-01", "source": "test"},
              {"group": "G", "kind": "meeting", "date": "2021-13-01",
               "members": ["A", "B"], "source": "test"},
              {"a": "A", "b": "C", "kind": "project", "date": "2021-02-30", "source": "test"}
            ]
            """)
        let e = try CLI.run(["history", "import", bad, "--db", db])
        #expect(e.status == 65)
        #expect(e.stderr.contains("bad.json:3: element [1]: record 'G': field 'date' value \"2021-13-01\": must be a date YYYY-MM-DD; 2021-13-01 is not a calendar date (there is no month 13)"))
        #expect(e.stderr.contains("bad.json:5: element [2]: field 'date' value \"2021-02-30\": must be a date YYYY-MM-DD; 2021-02-30 is not a calendar date (February 2021 has 28 days)"))
    }

    /// Records dated years after the rest of the history (typos such as 2052 for 2025) are
    /// imported with a warning read from the data, not the clock; kinds are read
    /// case-insensitively.
    @Test func datesFarAheadOfTheRestAreImportedWithAWarning() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let file = try dir.write("c.jsonl", """
            {"group": "G1", "kind": "Project", "date": "2052-03-01", "members": ["A", "B"], "source": "t"}
            {"group": "G2", "kind": "MEETING", "date": "2051-01-01", "members": ["A", "C"], "source": "t"}
            {"a": "B", "b": "C", "kind": "partnership", "date": "2019-03-01", "source": "t"}
            {"a": "B", "b": "D", "kind": "project", "date": "2018-03-01", "source": "t"}
            {"a": "C", "b": "D", "kind": "project", "date": "2017-06-01", "source": "t"}
            {"a": "A", "b": "D", "kind": "project", "date": "2016-06-01", "source": "t"}

            """)
        let json = try CLI.run(["history", "import", file, "--db", db, "--format", "json", "--dry-run"])
        let r = try report(json)
        #expect(r["added"] == 6)
        #expect(r["datedFarAhead"]?["records"] == 2 && r["datedFarAhead"]?["latest"] == "2052-03-01"
                && r["datedFarAhead"]?["restNewest"] == "2019-03-01")
        let warnings = r["warnings"]?.arrayValue ?? []
        #expect(warnings.count == 1)
        #expect(json.stderr.contains("warning: 2 records are dated up to 2052-03-01, more than five years after the rest of the history (newest 2019-03-01)"))
        let table = try CLI.run(["history", "import", file, "--db", db])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Warning: 2 records are dated up to 2052-03-01"))
        // The same file again brings nothing new: it does not warn again.
        let again = try report(try CLI.run(["history", "import", file, "--db", db, "--format", "json"]))
        #expect(again["unchanged"] == 6 && again["warnings"] == .array([]))
        // Corrected: the same groups with the intended dates replace them, and the warning goes.
        let fixed = try dir.write("fixed.jsonl", """
            {"group": "G1", "kind": "project", "date": "2025-03-01", "members": ["A", "B"], "source": "t"}
            {"group": "G2", "kind": "meeting", "date": "2021-01-01", "members": ["A", "C"], "source": "t"}

            """)
        let quiet = try report(try CLI.run(["history", "import", fixed, "--db", db, "--format", "json"]))
        #expect(quiet["datedFarAhead"] == .null && quiet["warnings"] == .array([]))
    }

    /// --id-attribute: an organisation is the participant whose attribute holds its
    /// organisationID (string or number); the others come from --id-template.
    @Test func organisationsFoundByAParticipantAttribute() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let people = try dir.write("p.jsonl", """
            {"id": "gr-ntua", "kind": "knowledge-institution", "name": "NTUA", "country": "GR", "keywords": ["energy"], "attributes": {"cordis": {"pic": "999978142"}}}
            {"id": "uk-aec3", "kind": "company", "name": "AEC3", "country": "GB", "keywords": ["bim"], "attributes": {"cordis": {"pic": 996417757}}}

            """)
        #expect(try CLI.run(["import", people, "--db", db]).status == 0)
        let r = try report(try CLI.run(["history", "import", Self.cordis, "--id-attribute", "cordis.pic", "--db", db, "--format", "json"]))
        #expect(r["added"] == 5 && r["historyOnly"] == 14 && r["participantsCreated"] == 0)
        #expect(try members(db, "gr-ntua", key: "cordis:633303").contains("gr-ntua"))
        #expect(try members(db, "uk-aec3", key: "cordis:637162").contains("pic-998802502"))
        // --create-participants: the other 14, with the attribute, so that the next import finds them by it.
        let created = try report(try CLI.run(["history", "import", Self.cordis, "--id-attribute", "cordis.pic", "--create-participants", "--db", db, "--format", "json"]))
        #expect(created["participantsCreated"] == 14 && created["unchanged"] == 5 && created["historyOnly"] == 0)
        let certh = try report(try CLI.run(["participants", "show", "pic-998802502", "--db", db, "--format", "json"]))
        #expect(certh["attributes"]?["cordis"]?["pic"] == "998802502")
        #expect(try CLI.run(["participants", "show", "pic-999978142", "--db", db]).status != 0)
        let again = try CLI.run(["history", "import", Self.cordis, "--id-attribute", "cordis.pic", "--create-participants", "--db", db])
        #expect(again.stdout.contains("0 added, 0 updated, 5 unchanged; participants created: 0"))

        // Two participants with one organisation id: a row error, nothing stored.
        let twin = try dir.write("twin.jsonl", #"{"id": "gr-ntua-2", "kind": "knowledge-institution", "name": "NTUA 2", "country": "GR", "keywords": ["x"], "attributes": {"cordis": {"pic": "999978142"}}}"#)
        #expect(try CLI.run(["import", twin, "--db", db]).status == 0)
        let ambiguous = try CLI.run(["history", "import", Self.cordis, "--id-attribute", "cordis.pic", "--db", db])
        #expect(ambiguous.status == 65)
        #expect(ambiguous.stderr.contains("organization.csv:3: record '999978142': field 'organisationID' value \"999978142\": is the attribute cordis.pic of several participants (gr-ntua, gr-ntua-2)"))
        let usage = try CLI.run(["history", "import", Self.cordis, "--id-attribute", "cordis..pic", "--db", db])
        #expect(usage.status == 64)
        let help = try CLI.run(["history", "import", "--help"])
        #expect(help.stdout.contains("--id-attribute <name>"))
    }

    /// A trimmed CORDIS extract is still CORDIS: organisations and their projects are all it
    /// needs (activityType only sets the kind); a project.csv date conflict is one problem.
    @Test func aTrimmedOrganisationsFileIsRead() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("organization.csv", """
            projectID;organisationID;name;rcn;startDate
            "1";"901";"ALPHA LAB";"11";"2016-02-01"
            "1";"902";"BETA WORKS";"11";"2016-02-01"

            """)
        let r = try CLI.run(["history", "import", file, "--create-participants", "--db", dir.path("t.sqlite"), "--format", "json"])
        let json = try report(r)
        #expect(json["added"] == 1 && json["participantsCreated"] == 2)
    }

    /// A pair's date is part of its key, so a corrected date is a new record; `--replace`
    /// makes the files the whole history of their sources and removes the wrong one. The
    /// warning names where the far-ahead record is.
    @Test func replaceRemovesRecordsASourceNoLongerHolds() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let past = """
            {"a": "B", "b": "C", "kind": "project", "date": "2023-03-01", "source": "crm"}
            {"a": "B", "b": "D", "kind": "project", "date": "2018-03-01", "source": "crm"}
            {"a": "C", "b": "D", "kind": "project", "date": "2017-06-01", "source": "crm"}
            {"a": "A", "b": "D", "kind": "project", "date": "2016-06-01", "source": "crm"}

            """
        let typo = try dir.write("crm.jsonl", #"{"a": "A", "b": "B", "kind": "project", "date": "2052-03-01", "source": "crm"}"# + "\n" + past)
        let other = try dir.write("other.jsonl", #"{"a": "A", "b": "C", "kind": "meeting", "date": "2018-05-01", "source": "events"}"# + "\n")
        #expect(try CLI.run(["history", "import", other, "--db", db]).status == 0)
        let first = try CLI.run(["history", "import", typo, "--db", db])
        #expect(first.stdout.contains("Warning: 1 record is dated up to 2052-03-01") && first.stdout.contains("(\(typo):1)"), "\(first.stdout)")
        let fixed = try dir.write("crm-fixed.jsonl", #"{"a": "A", "b": "B", "kind": "project", "date": "2025-03-01", "source": "crm"}"# + "\n" + past)
        // Without --replace the wrong record stays; the import that brought it warned, a later one does not.
        let plain = try report(try CLI.run(["history", "import", fixed, "--db", db, "--format", "json", "--dry-run"]))
        #expect(plain["added"] == 1 && plain["removed"] == 0 && plain["datedFarAhead"] == .null)
        // …and the report says that the new date repeats a stored pair, and how to correct it.
        #expect(plain["warnings"]?.serialized().contains("1 new pair record repeats a stored pair (same kind and source) on another date (A–B 2052-03-01 → 2025-03-01): kept as a further collaboration. If instead a date was corrected") == true, "\(plain)")
        // Only new records of the source (a month's projects): nothing looks corrected.
        let more = try dir.write("more.jsonl", #"{"a": "B", "b": "C", "kind": "project", "date": "2024-03-01", "source": "crm"}"# + "\n")
        let increment = try report(try CLI.run(["history", "import", more, "--db", db, "--format", "json", "--dry-run"]))
        #expect(increment["added"] == 1 && increment["warnings"] == .array([]), "\(increment)")
        let dry = try report(try CLI.run(["history", "import", fixed, "--replace", "--db", db, "--format", "json", "--dry-run"]))
        #expect(dry["added"] == 1 && dry["removed"] == 1 && dry["unchanged"] == 4 && dry["datedFarAhead"] == .null)
        let replaced = try report(try CLI.run(["history", "import", fixed, "--replace", "--db", db, "--format", "json"]))
        #expect(replaced["removed"] == 1 && replaced["warnings"] == .array([]))
        // The typo is gone from the stored history (it would be new again); the other
        // source's record is untouched.
        #expect(try report(try CLI.run(["history", "import", typo, "--db", db, "--format", "json", "--dry-run"]))["added"] == 1)
        #expect(try report(try CLI.run(["history", "import", other, "--db", db, "--format", "json", "--dry-run"]))["unchanged"] == 1)
        let again = try report(try CLI.run(["history", "import", fixed, "--replace", "--db", db, "--format", "json"]))
        #expect(again["added"] == 0 && again["removed"] == 0 && again["unchanged"] == 5)
    }

    /// `--replace` never removes CORDIS records: every extract has the source `cordis`, and
    /// one extract is not the whole of it.
    @Test func replaceLeavesOtherCORDISExtractsAlone() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let first = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/history/cordis/organization.csv").path
        let second = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/history/cordis-extract2/organization.csv").path
        #expect(try report(try CLI.run(["history", "import", first, "--db", db, "--format", "json"]))["added"] != 0)
        let r = try report(try CLI.run(["history", "import", second, "--replace", "--db", db, "--format", "json", "--dry-run"]))
        #expect(r["removed"] == 0)
    }
}
