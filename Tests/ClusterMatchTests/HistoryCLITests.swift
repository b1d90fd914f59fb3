import Foundation
import JSONSupport
import Testing

/// `clustermatch history import` and history in matching, end to end.
/// Fixture: `Tests/Fixtures/history/cordis/` (a real CORDIS excerpt, see the README there).
@Suite("history: import and network matching", .serialized)
struct HistoryCLITests {
    static let cordis = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/history/cordis/organization.csv").path

    static let collaborations = """
        {"a": "A", "b": "Z", "kind": "project", "date": "2019-03-01", "source": "test"}
        {"group": "P1", "kind": "project", "date": "2021-05-01", "members": ["B", "Z", "Y"], "source": "test"}
        {"a": "A", "b": "Y", "kind": "meeting", "date": "2020-01-01", "weight": 2, "source": "test"}

        """

    func report(_ r: CLI.Result) throws -> JSONValue {
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    /// A CORDIS export given to `import` (a member list's command) says what it is and which
    /// command reads it, instead of failing on "duplicate ids"; nothing is stored.
    @Test func aCORDISFileGivenToImportNamesHistoryImport() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("i.sqlite")
        for file in [Self.cordis, Self.cordis.replacingOccurrences(of: "organization.csv", with: "project.csv")] {
            let r = try CLI.run(["import", file, "--db", db])
            #expect(r.status == 65)
            let name = URL(fileURLWithPath: file).lastPathComponent
            #expect(r.stderr.contains("\(file): a CORDIS \(name) (columns ") && r.stderr.contains("holds collaboration history, not participants"), "\(r.stderr)")
            // project.csv only completes organization.csv: the command names that file.
            #expect(r.stderr.contains("clustermatch history import \(Self.cordis) --create-participants"), "\(r.stderr)")
            #expect(!r.stderr.contains("duplicate id"))
        }
        #expect(try CLI.run(["participants", "list", "--db", db, "--format", "json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        // A member list with an id and a start date is a member list.
        let members = try dir.write("members.csv", "id,name,country,startDate,keywords\nm-1,Firm One,DK,2024-01-01,robots\n")
        let m = try CLI.run(["import", members, "--db", db])
        #expect(m.status == 0, "\(m.stderr)")
    }

    /// A source, group name or id with a control character is refused: they go into notes,
    /// warnings and the planner's CSV files.
    @Test func controlCharactersInHistoryFieldsAreRefused() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("k.sqlite")
        let file = try dir.write("k.jsonl", #"""
            {"a": "a", "b": "b", "kind": "meeting", "date": "2024-03-01", "source": "crm\u001b[31mRED\u0007"}
            {"group": "G\u001b[2J", "kind": "project", "date": "2024-03-01", "members": ["a", "b"], "source": "crm"}

            """#)
        let r = try CLI.run(["history", "import", file, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains(#"\#(file):1:"#) && r.stderr.contains(#"field 'source' value "crm\u001b[31mRED\u0007": must be one line of text, without control characters"#), "\(r.stderr)")
        #expect(r.stderr.contains(#"\#(file):2:"#) && r.stderr.contains("field 'group'"), "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}"))
    }

    @Test func pairsAndGroupsImportOnceAndKeepHistoryOnlyMembers() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite"), file = try dir.write("c.jsonl", Self.collaborations)
        let first = try CLI.run(["history", "import", file, "--db", db, "--format", "json"])
        let r = try report(first)
        #expect(r["added"] == 3 && r["unchanged"] == 0 && r["historyOnly"] == 4)
        #expect(r["historyOnlyExamples"] == .array(["A", "B", "Y", "Z"]))
        #expect(first.stderr.contains("4 members are not participants, kept as history-only: A, B, Y, Z"))
        let again = try CLI.run(["history", "import", file, "--db", db])
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 added, 0 updated, 3 unchanged") && again.stdout.contains("Nothing changed."))
        // A changed weight replaces the record with the same key.
        let changed = try dir.write("c2.jsonl", Self.collaborations.replacingOccurrences(of: "\"weight\": 2", with: "\"weight\": 3"))
        #expect(try report(try CLI.run(["history", "import", changed, "--db", db, "--format", "json"]))["updated"] == 1)
    }

    @Test func strictRefusesMembersThatAreNotParticipantsAndStoresNothing() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite"), file = try dir.write("c.jsonl", Self.collaborations)
        let strict = try CLI.run(["history", "import", file, "--db", db, "--strict"])
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("4 members are not participants (A, Z, B, Y); nothing was stored"), "in the order the file names them: \(strict.stderr)")
        #expect(try report(try CLI.run(["history", "import", file, "--db", db, "--format", "json"]))["added"] == 3)
    }

    @Test func malformedRecordsNameFileLineFieldAndValueAndNothingIsStored() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let file = try dir.write("bad.jsonl", """
            {"a": "A", "b": "B", "kind": "project", "date": "2019-03-01", "source": "test"}
            {"a": "A", "b": "C", "kind": "projekt", "date": "2019-02-30", "source": "test", "weight": -1}
            {"group": "G", "kind": "project", "date": "2019-03-01", "members": ["A"], "source": "test"}
            not json
            {"a": "A", "b": "D", "kind": "project", "date": "0202-03-01", "source": "test"}
            """)
        let r = try CLI.run(["history", "import", file, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("history import failed: 4 invalid records (6 problems); nothing was stored."), "\(r.stderr)")
        #expect(r.stderr.contains("bad.jsonl:5: field 'date' value \"0202-03-01\": is before 1900: a typo?"), "\(r.stderr)")
        #expect(r.stderr.contains("bad.jsonl:2: field 'kind' value \"projekt\": must be one of project, meeting, partnership, membership"))
        #expect(r.stderr.contains("bad.jsonl:2: field 'date' value \"2019-02-30\": must be a date YYYY-MM-DD"))
        #expect(r.stderr.contains("bad.jsonl:2: field 'weight' value -1: must be a number above 0"))
        #expect(r.stderr.contains("bad.jsonl:3: record 'G': field 'members' value [\"A\"]: must list at least two different ids"))
        #expect(r.stderr.contains("bad.jsonl:4: field '(record)': not valid JSON"))
        // Nothing stored: the one good record is new afterwards.
        let good = try dir.write("good.jsonl", #"{"a": "A", "b": "B", "kind": "project", "date": "2019-03-01", "source": "test"}"#)
        #expect(try report(try CLI.run(["history", "import", good, "--db", db, "--format", "json"]))["added"] == 1)
    }

    @Test func dryRunCountsAndStoresNothing() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite"), file = try dir.write("c.jsonl", Self.collaborations)
        let dry = try CLI.run(["history", "import", file, "--db", db, "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("3 added") && dry.stdout.contains("Dry run: nothing was stored."))
        #expect(try report(try CLI.run(["history", "import", file, "--db", db, "--format", "json"]))["added"] == 3)
    }

    /// An erased participant stays erased when a history file that names it is imported
    /// again: its pair records are left out, a group keeps its other members, a CORDIS
    /// organisation of its id is not created again, and the report says so. Registering the
    /// participant again (`--register-erased`) lifts it.
    @Test func anErasedParticipantsHistoryDoesNotComeBack() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("e.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", HistoryExplanationTests.participants), "--db", db]).status == 0)
        let file = try dir.write("k.jsonl", """
            {"a": "a", "b": "x", "kind": "project", "date": "2021-01-01", "source": "crm", "names": {"x": "Xeno Labs"}}
            {"group": "G", "kind": "project", "date": "2022-01-01", "members": ["a", "b", "c"], "source": "crm"}
            {"a": "b", "b": "c", "kind": "partnership", "date": "2023-01-01", "source": "crm"}

            """)
        #expect(try CLI.run(["history", "import", file, "--db", db]).status == 0)
        #expect(try CLI.run(["participants", "delete", "a", "--db", db]).status == 0)
        let again = try report(try CLI.run(["history", "import", file, "--db", db, "--format", "json"]))
        // The pair a–x is left out; G is kept as {b, c}, as the erasure left it: unchanged, as is b–c.
        #expect(again["erasedLeftOut"] == 2 && again["added"] == 0 && again["unchanged"] == 2, "\(again)")
        #expect(again["warnings"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("2 records name a participant erased from the database") == true } == true)
        #expect(try CLI.run(["participants", "personal-data", "a", "--db", db]).status == 66)
        let b = try report(try CLI.run(["participants", "personal-data", "b", "--db", db]))
        #expect(b["history"]?.arrayValue?.map { $0["members"] } == [.array(["b", "c"]), .array(["b", "c"])], "\(b)")
        // a registers again (on purpose: --register-erased): the history names it again.
        #expect(try CLI.run(["import", try dir.write("a.jsonl", String(HistoryExplanationTests.participants.split(separator: "\n")[0]) + "\n"), "--register-erased", "--db", db]).status == 0)
        let back = try report(try CLI.run(["history", "import", file, "--db", db, "--format", "json"]))
        #expect(back["erasedLeftOut"] == nil && back["added"] == 1 && back["updated"] == 1, "\(back)")

        // CORDIS: a created organisation, erased, is not created again.
        let cordisDB = dir.path("c.sqlite")
        #expect(try CLI.run(["history", "import", Self.cordis, "--create-participants", "--db", cordisDB]).status == 0)
        #expect(try CLI.run(["participants", "delete", "pic-996417757", "--db", cordisDB]).status == 0)
        let cordis = try report(try CLI.run(["history", "import", Self.cordis, "--create-participants", "--db", cordisDB, "--format", "json"]))
        #expect(cordis["participantsCreated"] == 0 && cordis["erasedLeftOut"] == 1, "\(cordis)")
        #expect(try CLI.run(["participants", "personal-data", "pic-996417757", "--db", cordisDB]).status == 66)
    }

    @Test func cordisExportAloneGivesAWorkingLandscape() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let r = try report(try CLI.run(["history", "import", Self.cordis, "--create-participants", "--db", db, "--format", "json"]))
        // Five projects (two keyed by rcn), sixteen organisations, all created.
        #expect(r["added"] == 5 && r["participantsCreated"] == 16 && r["historyOnly"] == 0)
        let aec3 = try report(try CLI.run(["participants", "show", "pic-996417757", "--db", db, "--format", "json"]))
        #expect(aec3["kind"] == "company" && aec3["country"] == "GB" && aec3["name"] == "AEC3 LTD")
        // The call topic and the programme parts of its one project (`legalBasis`, two parts).
        #expect(aec3["keywords"] == .array(["EeB-04-2014", "H2020-EU.2.1.5.", "H2020-EU.2.1.5.2."]))
        // Importing again changes nothing.
        let again = try CLI.run(["history", "import", Self.cordis, "--create-participants", "--db", db])
        #expect(again.stdout.contains("5 unchanged; participants created: 0"))

        // NTUA and AEC3 never worked together; both worked with EKETA (NTUA last in 2016).
        let e = try report(try CLI.run(["explain", "pic-999978142", "pic-996417757", "--profile", "peers", "--db", db, "--format", "json"]))
        #expect(e["notes"] == .array(["you both worked with ETHNIKO KENTRO EREVNAS KAI TECHNOLOGIKIS ANAPTYXIS (2016)"]))
        // --new-only leaves out NTUA's four earlier partners, who otherwise lead its list.
        let partners: Set<String> = ["pic-998802502", "pic-999995893", "pic-986152150", "pic-999894528"]
        let all = try #require(try report(try CLI.run(["match", "pic-999978142", "--profile", "peers", "--top", "15", "--db", db, "--format", "json"])).arrayValue)
        #expect(Set(all.prefix(4).compactMap { $0["id"]?.stringValue }) == partners)
        let new = try #require(try report(try CLI.run(["match", "pic-999978142", "--profile", "peers", "--top", "15", "--new-only", "--db", db, "--format", "json"])).arrayValue)
        // 16 organisations − NTUA − its 4 partners − the 4 known only from rcn 205964, a project
        // without a call topic (no profile to match on) = 7.
        #expect(new.count == 7 && new.allSatisfy { !partners.contains($0["id"]?.stringValue ?? "") })
        // Topic codes share years (EeB-04-2014, MSCA-NIGHT-2014): no reason is a number.
        #expect(try CLI.run(["match-all", "--profile", "peers", "--top", "15", "--out", dir.path("lists.jsonl"), "--db", db]).status == 0)
        let reasons = try String(contentsOfFile: dir.path("lists.jsonl"), encoding: .utf8)
        #expect(reasons.contains("both work on h2020"), "\(reasons.prefix(2000))")
        #expect(reasons.range(of: #"both work on [0-9]+:"#, options: .regularExpression) == nil, "\(reasons.prefix(2000))")
        // The service's match.query takes the same rule as a param, with the same list.
        let serve = try ServeProcess(["--db", db])
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"id": "pic-999978142", "profile": "peers", "top": 15, "newOnly": true}}"#))
        let served = try #require(answer["result"]?["matches"]?.arrayValue)
        #expect(served.compactMap { $0["id"]?.stringValue } == new.compactMap { $0["id"]?.stringValue })
        let everyone = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "match.query", "params": {"id": "pic-999978142", "profile": "peers", "top": 15}}"#))
        #expect(try #require(everyone["result"]?["matches"]?.arrayValue).count == all.count)
        _ = try serve.finish()
    }

    @Test func personalDataListsHistoryAndDeleteErasesIt() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        #expect(try CLI.run(["history", "import", Self.cordis, "--create-participants", "--db", db]).status == 0)
        let ntua = "pic-999978142", partner = "pic-998802502"
        func history(_ id: String) throws -> [JSONValue] {
            try #require(try report(try CLI.run(["participants", "personal-data", id, "--db", db]))["history"]?.arrayValue)
        }
        func members(_ record: JSONValue) -> [String] { record["members"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let own = try history(ntua)
        #expect(!own.isEmpty && own.allSatisfy { members($0).contains(ntua) && $0["kind"] == "project" })
        let before = try history(partner)
        #expect(before.contains { members($0).contains(ntua) })
        #expect(try CLI.run(["participants", "delete", ntua, "--db", db]).status == 0)
        let after = try history(partner)
        // NTUA is gone from every record; groups keep their other members (these have three or more).
        #expect(after.allSatisfy { !members($0).contains(ntua) && members($0).count >= 2 })
        let kept = Set(before.filter { members($0).count > 2 }.compactMap { $0["key"]?.stringValue })
        #expect(Set(after.compactMap { $0["key"]?.stringValue }) == kept)

        // A history-only node: its pair records go (their keys name it), the group stays.
        let file = try dir.write("c.jsonl", Self.collaborations)
        #expect(try report(try CLI.run(["history", "import", file, "--db", db, "--format", "json"]))["added"] == 3)
        // Its personal data: the two pair records that name it, no participant.
        let a = try report(try CLI.run(["participants", "personal-data", "A", "--db", db]))
        #expect(a["participant"] == .null && a["history"]?.arrayValue?.count == 2)
        #expect(try CLI.run(["participants", "delete", "A", "--db", db]).status == 0)
        #expect(try CLI.run(["participants", "personal-data", "A", "--db", db]).status == 66)
        // The file imported again does not bring them back: its two pair records are left out.
        let again = try report(try CLI.run(["history", "import", file, "--db", db, "--format", "json"]))
        #expect(again["added"] == 0 && again["unchanged"] == 1 && again["erasedLeftOut"] == 2, "\(again)")
        #expect(try CLI.run(["participants", "personal-data", "A", "--db", db]).status == 66)
        #expect(try CLI.run(["participants", "delete", "never-seen", "--db", db]).status != 0)
    }

    /// A member list imported again leaves an erased participant out and names it; the
    /// history names where its records are; --register-erased (registerErased in the
    /// service) registers it again, and its history with it.
    @Test func anErasedParticipantComesBackOnlyWhenAskedFor() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("r.sqlite")
        let people = try dir.write("p.jsonl", """
            {"id": "a", "kind": "company", "name": "Alpha", "country": "DK", "keywords": ["sensors"], "contact": {"person": "Ann Alpha"}}
            {"id": "b", "kind": "company", "name": "Beta", "country": "SE", "keywords": ["sensors"]}
            {"id": "c", "kind": "company", "name": "Gamma", "country": "NO", "keywords": ["sensors"]}

            """)
        let history = try dir.write("h.jsonl", """
            {"a": "a", "b": "b", "kind": "project", "date": "2021-01-01", "source": "crm"}
            {"a": "b", "b": "c", "kind": "project", "date": "2021-01-01", "source": "crm"}
            {"group": "G", "members": ["a", "b", "c"], "kind": "project", "date": "2022-01-01", "source": "crm"}

            """)
        #expect(try CLI.run(["import", people, "--db", db]).status == 0)
        #expect(try CLI.run(["history", "import", history, "--db", db]).status == 0)
        #expect(try CLI.run(["participants", "delete", "a", "--db", db]).status == 0)

        let again = try CLI.run(["import", people, "--db", db, "--format", "json"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        let file = try #require(try JSONParser.parse(again.stdout)["files"]?.arrayValue?.first)
        #expect(file["added"] == 0 && file["unchanged"] == 2 && file["erasedLeftOut"] == 1, "\(file)")
        #expect(file["notes"]?.serialized().contains("left out: a (line 1). To register it again, import with --register-erased") == true, "\(file)")
        #expect(try CLI.run(["participants", "show", "a", "--db", db]).status == 66)
        let text = try CLI.run(["history", "import", history, "--db", db])
        #expect(text.stdout.contains("2 records name a participant erased from the database (participants delete) (\(history):1, \(history):3): left out"), "\(text.stdout)")

        // The service refuses it the same way, unless asked.
        let serve = try ServeProcess(["--db", db])
        let refused = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "participant.upsert", "params": {"participant": {"id": "a", "kind": "company", "name": "Alpha", "country": "DK"}}}"#))
        #expect(refused["error"]?.serialized().contains("was erased (participants delete); to register it again, set registerErased") == true, "\(refused)")
        #expect(try serve.finish().status == 0)

        let back = try CLI.run(["import", people, "--register-erased", "--db", db, "--format", "json"])
        #expect(try JSONParser.parse(back.stdout)["files"]?.arrayValue?.first?["added"] == 1, "\(back.stdout)")
        #expect(try CLI.run(["participants", "show", "a", "--db", db]).status == 0)
        let restored = try JSONParser.parse(try CLI.run(["history", "import", history, "--db", db, "--format", "json"]).stdout)
        #expect(restored["erasedLeftOut"] == nil && restored["added"] == 1 && restored["updated"] == 1, "\(restored)")
    }

    @Test func withoutHistoryScoresAreThoseOfTheContentAlone() throws {
        // The shipped profiles weigh network and activity; with no history in the database
        // their lists must be byte-identical to the same profiles without those weights.
        let dir = try TemporaryDirectory()
        #expect(try CLI.run(["demo", "--out", dir.path("demo")]).status == 0)
        let db = dir.path("demo/demo.sqlite")
        for name in ["brokerage", "research", "peers"] {
            let shipped = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Profiles/scoring/\(name).json"), encoding: .utf8)
            #expect(shipped.contains("\"network\": ") && shipped.contains("\"activity\": "))
            let contentOnly = shipped.replacingOccurrences(of: #", "network": [0-9.]+, "activity": [0-9.]+"#, with: "", options: .regularExpression)
            #expect(!contentOnly.contains("network"))
            let file = try dir.write("\(name).json", contentOnly)
            let a = dir.path("\(name)-shipped.jsonl"), b = dir.path("\(name)-content.jsonl")
            #expect(try CLI.run(["match-all", "--profile", name, "--top", "5", "--out", a, "--db", db]).status == 0)
            #expect(try CLI.run(["match-all", "--profile", file, "--top", "5", "--out", b, "--db", db]).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)), "\(name)")
        }
    }

    @Test func tuneRefusesWithTooFewOutcomes() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite"), out = dir.path("tuned.json")
        #expect(try CLI.run(["history", "import", Self.cordis, "--create-participants", "--db", db]).status == 0)
        // Five projects give a handful of first collaborations: far fewer than 20 a period.
        let r = try CLI.run(["profiles", "tune", "--from", "peers", "--split", "2016-07-01", "--out", out, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("too few outcomes to learn from:"))
        #expect(r.stderr.contains("at least 20 are needed in each period"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let usage = try CLI.run(["profiles", "tune", "--from", "peers", "--split", "2016-13-01", "--out", out, "--db", db])
        #expect(usage.status == 64 && usage.stderr.contains("--split 2016-13-01 must be a date YYYY-MM-DD; 2016-13-01 is not a calendar date (there is no month 13)"), "\(usage.stderr)")
        let tiny = try CLI.run(["profiles", "tune", "--from", "peers", "--split", "2016-07-01", "--max-consortium", "1", "--out", out, "--db", db])
        #expect(tiny.status == 64 && tiny.stderr.contains("--max-consortium 1 must be 2 or more"), "stderr: \(tiny.stderr)")
    }

    /// The demo landscape's people (not the clusters), by id.
    static func demoPeople(_ db: String) throws -> [String] {
        let list = try #require(try JSONParser.parse(try CLI.run(["participants", "list", "--db", db, "--format", "json"]).stdout).arrayValue)
        return list.filter { $0["kind"]?.stringValue != "cluster" }.compactMap { $0["id"]?.stringValue }.sorted()
    }

    /// Tuning learns from held meetings that went well (a side rated 4 or 5, or followed it
    /// up), not from every held meeting: one rated 1 and 2 without follow-up is no positive.
    @Test func tuneLearnsOnlyFromHeldMeetingsThatWentWell() throws {
        let dir = try TemporaryDirectory()
        #expect(try CLI.run(["demo", "--out", dir.path("demo")]).status == 0)
        let db = dir.path("demo/demo.sqlite")
        let people = try Self.demoPeople(db)
        // The event fixture, with demo people in place of its five.
        var event = try String(contentsOfFile: EventCLITests.fixture, encoding: .utf8)
        for (old, new) in zip(["dk-sound-0001", "dk-ai-0001", "se-robot-0042", "no-sea-0007", "fi-grip-0003"], people[400..<405]) {
            event = event.replacingOccurrences(of: "\"\(old)\"", with: "\"\(new)\"")
        }
        let plan = try CLI.run(["event", "plan", try dir.write("event.json", event), "--db", db, "--out", dir.path("plan")])
        #expect(plan.status == 0, "stderr: \(plan.stderr)")
        #expect(try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", "outcomes-template", "--out", dir.path("tpl")]).status == 0)
        let rows = try String(contentsOfFile: dir.path("tpl/outcomes.csv"), encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let answers = [
            "yes,1,no", "yes,2,",     // held, went badly: no positive
            "yes,3,no", "no,,",       // a no-show
            ",,", ",,",               // cancelled
            "yes,4,", "yes,1,no",     // held, one side rated it 4: a positive
            "yes,2,yes", "yes,3,no",  // held, one side followed it up: a positive
            "yes,3,", "yes,3,",       // held, rated 3 and 3: no positive
        ]
        #expect(rows.count == answers.count)
        let filled = "uid,participant,attended,rating,followUp,comment\n" + zip(rows, answers).map { "\($0[0]),\($0[1]),\($1),\n" }.joined()
        let imported = try CLI.run(["event", "outcomes", try dir.write("outcomes.csv", filled), "--schedule", dir.path("plan/schedule.json"), "--db", db])
        #expect(imported.stdout.hasPrefix("c2c-2026: 6 meetings recorded (4 held, 1 with a no-show, 1 cancelled)"), "stderr: \(imported.stderr)")
        let r = try CLI.run(["profiles", "tune", "--from", "peers", "--split", "2026-01-01", "--out", dir.path("t.json"), "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("too few outcomes to learn from: 0 first collaborations between 2025-01-01 and 2026-01-01, 2 on or after 2026-01-01"), "stderr: \(r.stderr)")
    }

    /// Fitted weights that do not beat the starting ones on the later period are not
    /// written: the profile keeps the starting weights, and a warning says so. Weights print
    /// at their shortest decimal; a missing output folder is named before any work.
    @Test func tuneKeepsTheStartingWeightsWhenTheFitDoesNotImproveTheLaterPeriod() throws {
        let dir = try TemporaryDirectory()
        #expect(try CLI.run(["demo", "--out", dir.path("demo")]).status == 0)
        let db = dir.path("demo/demo.sqlite")
        let people = try Self.demoPeople(db)
        // Fit period: seven partners of one hub all work together in 2023 (common partners
        // predict it). Later period: seven people without any history work together in 2024
        // (nothing in the history can predict it). Then the same with a hub (it can).
        func project(_ a: String, _ b: String, _ date: String) -> String {
            #"{"a": "\#(a)", "b": "\#(b)", "kind": "project", "date": "\#(date)", "source": "test"}"# + "\n"
        }
        func clique(_ hub: String?, _ members: ArraySlice<String>, _ date: String) -> String {
            var text = hub.map { h in members.map { project(h, $0, "2020-01-01") }.joined() } ?? ""
            for (i, a) in members.enumerated() { for b in members.dropFirst(i + 1) { text += project(a, b, date) } }
            return text
        }
        let fit = clique(people[0], people[1..<8], "2023-06-01")
        let start = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Profiles/scoring/peers.json"), encoding: .utf8)
            .replacingOccurrences(of: #""network": [0-9.]+"#, with: #""network": 0.2"#, options: .regularExpression)
            .replacingOccurrences(of: #""activity": [0-9.]+"#, with: #""activity": 0.1"#, options: .regularExpression)
        let from = try dir.write("start.json", start)
        let missing = try CLI.run(["profiles", "tune", "--from", from, "--split", "2024-01-01", "--out", dir.path("nodir/t.json"), "--db", db])
        #expect(missing.status != 0 && missing.status != 65)
        #expect(missing.stderr.contains("\(dir.path("nodir/t.json")): cannot write: the folder \(dir.path("nodir")) does not exist"), "stderr: \(missing.stderr)")

        #expect(try CLI.run(["history", "import", try dir.write("flat.jsonl", fit + clique(nil, people[300..<307], "2024-06-01")), "--db", db]).status == 0)
        let out = dir.path("kept.json")
        let kept = try CLI.run(["profiles", "tune", "--from", from, "--split", "2024-01-01", "--out", out, "--db", db, "--format", "json"])
        #expect(kept.status == 0, "stderr: \(kept.stderr)")
        let k = try JSONParser.parse(kept.stdout)
        #expect(k["startingWeightsKept"] == .bool(true))
        #expect(k["after"] != k["before"])  // the fit found other weights…
        #expect(k["evaluation"]?["after"] == k["evaluation"]?["before"])  // …no better later on
        #expect(k["written"] == k["before"])
        #expect(kept.stderr.contains("warning: the fitted weights (network "), "stderr: \(kept.stderr)")
        #expect(kept.stderr.contains("do not beat the starting weights on the evaluation period from 2024-01-01"))
        #expect(kept.stderr.contains("\(out) was written with the starting weights (network 0.2, activity 0.1)"))
        #expect(k["warning"]?.stringValue.map { kept.stderr.contains($0) } == true)
        #expect(kept.stdout.contains(#""network": 0.2,"#) && kept.stdout.contains(#""activity": 0.1"#), "\(kept.stdout)")
        #expect(!kept.stdout.contains("0000000"))
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.contains(#""network": 0.2"#) && written.contains(#""activity": 0.1"#) && !written.contains("0000000"), "\(written)")
        let text = try CLI.run(["profiles", "tune", "--from", from, "--split", "2024-01-01", "--out", out, "--db", db])
        #expect(text.stdout.contains("wrote \(out) with the starting weights"))

        // The later period predictable too: the fitted weights are written, without a warning.
        let other = dir.path("other.sqlite")
        #expect(try CLI.run(["demo", "--out", dir.path("demo2")]).status == 0)
        let db2 = dir.path("demo2/demo.sqlite")
        #expect(try CLI.run(["history", "import", try dir.write("tri.jsonl", fit + clique(people[200], people[201..<208], "2024-06-01")), "--db", db2]).status == 0)
        let tuned = try CLI.run(["profiles", "tune", "--from", from, "--split", "2024-01-01", "--out", other, "--db", db2, "--format", "json"])
        #expect(tuned.status == 0, "stderr: \(tuned.stderr)")
        #expect(!tuned.stderr.contains("warning"))
        let t = try JSONParser.parse(tuned.stdout)
        #expect(t["startingWeightsKept"] == .bool(false) && t["warning"] == nil)
        #expect(t["written"] == t["after"] && t["after"] != t["before"])
        let better = (t["evaluation"]?["after"]?["recallAt10"]?.doubleValue ?? 0) > (t["evaluation"]?["before"]?["recallAt10"]?.doubleValue ?? 1)
        #expect(better)
        #expect(t["maxConsortium"] == 10)
        // The evaluation period runs to the newest first collaboration, and says so; --until
        // ends it sooner. A later repeat collaboration (no outcome) does not move it.
        #expect(t["until"] == .null && t["evaluationNewest"] == "2024-06-01", "\(t)")
        #expect(try CLI.run(["history", "import", try dir.write("repeat.jsonl", project(people[200], people[201], "2024-09-01")), "--db", db2]).status == 0)
        let repeated = try JSONParser.parse(try CLI.run(["profiles", "tune", "--from", from, "--split", "2024-01-01", "--out", other, "--db", db2, "--format", "json"]).stdout)
        #expect(repeated["evaluationNewest"] == "2024-06-01" && repeated["evaluationOutcomes"] == t["evaluationOutcomes"], "\(repeated)")
        let open = try CLI.run(["profiles", "tune", "--from", from, "--split", "2024-01-01", "--out", other, "--db", db2])
        #expect(open.stdout.contains("first collaborations from 2024-01-01 to the newest, 2024-06-01 (--until to end it sooner)"), "\(open.stdout)")
        let ended = try CLI.run(["profiles", "tune", "--from", from, "--split", "2024-01-01", "--until", "2024-03-01", "--out", other, "--db", db2])
        #expect(ended.status == 65 && ended.stderr.contains(", 0 between 2024-01-01 and 2024-03-01"), "\(ended.stderr)")
        let wrong = try CLI.run(["profiles", "tune", "--from", from, "--split", "2024-01-01", "--until", "2023-12-31", "--out", other, "--db", db2])
        #expect(wrong.status == 64 && wrong.stderr.contains("--until 2023-12-31 must be a date (YYYY-MM-DD) after --split 2024-01-01"), "\(wrong.stderr)")

        // One door: the service's profile.tune answers what the CLI printed and writes the same file.
        let viaService = dir.path("service.json")
        let serve = try ServeProcess(["--db", db2])
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "profile.tune", "params": {"from": \#(JSONValue.string(from).serialized()), "split": "2024-01-01", "out": \#(JSONValue.string(viaService).serialized())}}"#))
        var expected = t.objectValue!
        expected["out"] = .string(viaService)
        #expect(answer["result"] == .object(expected), "\(answer)")
        let cliFile = try String(contentsOfFile: other, encoding: .utf8)
        let serviceFile = try String(contentsOfFile: viaService, encoding: .utf8)
        #expect(serviceFile.replacingOccurrences(of: "\"service\"", with: "\"other\"") == cliFile)
        let bad = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "profile.tune", "params": {"from": "peers", "split": "2024-01-01", "out": "x.json", "maxConsortium": 1}}"#))
        #expect(bad["error"]?["code"] == -32602)
        #expect(bad["error"]?["message"]?.stringValue?.contains("maxConsortium") == true)
        let noProfile = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 3, "method": "profile.tune", "params": {"from": "no-such-profile", "split": "2024-01-01", "out": \#(JSONValue.string(dir.path("n.json")).serialized())}}"#))
        #expect(noProfile["error"]?["code"] == 1000, "\(noProfile)")
        let alive = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 4, "method": "system.info"}"#))
        #expect(alive["result"]?["methods"]?.arrayValue?.contains(.string("profile.tune")) == true)
        // An engine loaded from the tuned file is dropped when the file is written again.
        func engineProfiles() throws -> [String] {
            let info = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 5, "method": "system.info"}"#))
            return (info["result"]?["engines"]?.arrayValue ?? []).compactMap { $0["profile"]?.stringValue }
        }
        let path = JSONValue.string(viaService).serialized()
        let query = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 6, "method": "match.query", "params": {"id": "\#(people[201])", "profile": \#(path), "top": 3}}"#))
        #expect(query["result"] != nil, "\(query)")
        #expect(try engineProfiles().contains(viaService))
        let again = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 7, "method": "profile.tune", "params": {"from": \#(JSONValue.string(from).serialized()), "split": "2024-01-01", "out": \#(path)}}"#))
        #expect(again["result"] != nil)
        #expect(try !engineProfiles().contains(viaService))
    }
}
