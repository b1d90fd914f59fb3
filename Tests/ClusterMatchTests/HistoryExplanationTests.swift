import Foundation
import GRDB
import JSONSupport
import Testing

/// A score that history raises is explained on the lists themselves: each row's components
/// add up to its score, and the history note names the common partners by name.
@Suite("history: explained on match lists", .serialized)
struct HistoryExplanationTests {
    static let participants = """
        {"id": "a", "kind": "company", "name": "Alpha Sensors", "country": "DK", "keywords": ["acoustic sensors"], "offers": [{"keywords": ["acoustic sensors"]}], "needs": [{"keywords": ["machine learning"]}]}
        {"id": "b", "kind": "company", "name": "Beta Audio AI", "country": "SE", "keywords": ["machine learning"], "offers": [{"keywords": ["machine learning"]}], "needs": [{"keywords": ["acoustic sensors"]}]}
        {"id": "c", "kind": "knowledge-institution", "name": "Acme Research", "country": "DE", "keywords": ["signal processing"], "offers": [{"keywords": ["signal processing"]}], "needs": [{"keywords": ["pilot sites"]}]}
        {"id": "d", "kind": "company", "name": "Delta Pilots", "country": "NO", "keywords": ["pilot sites"], "offers": [{"keywords": ["pilot sites"]}], "needs": [{"keywords": ["signal processing"]}]}

        """
    /// a and b both worked with c; d worked with nobody.
    static let history = """
        {"a": "a", "b": "c", "kind": "project", "date": "2019-03-01", "source": "test"}
        {"a": "b", "b": "c", "kind": "project", "date": "2021-05-01", "source": "test"}

        """

    /// x and y both worked with acme.
    static let acmeHistory = """
        {"a": "x", "b": "acme", "kind": "project", "date": "2019-03-01", "source": "test"}
        {"a": "y", "b": "acme", "kind": "project", "date": "2021-05-01", "source": "test"}

        """
    /// x, y and w meet in two slots of 20 minutes, suggested by `peers`.
    static let historyEvent = """
        {"id": "h-2026", "name": "History", "timezone": "Europe/Copenhagen",
         "slots": [{"id": "s01", "start": "2026-03-10T09:00:00+01:00", "minutes": 20},
                   {"id": "s02", "start": "2026-03-10T09:20:00+01:00", "minutes": 20}],
         "tables": 2, "participants": [{"id": "x"}, {"id": "y"}, {"id": "w"}],
         "candidates": {"profile": "peers"}, "options": {"seed": 1, "stamp": "2026-03-01T12:00:00Z"}}
        """

    func database(_ dir: TemporaryDirectory) throws -> String {
        let db = dir.path("h.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.participants), "--db", db]).status == 0)
        #expect(try CLI.run(["history", "import", try dir.write("h.jsonl", Self.history), "--db", db]).status == 0)
        return db
    }

    /// Event candidates say what the history says of the pair after their first three
    /// reasons (before, three content reasons cut it off), in the schedule and the agendas.
    @Test func eventCandidatesNameCommonPartners() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("e.sqlite")
        // x and y share four keyword phrases (more reasons than three); both worked with Acme.
        let shared = #"["acoustic sensors", "machine learning", "signal processing", "hearing aids"]"#
        let people = """
            {"id": "x", "kind": "company", "name": "X Sound", "country": "DK", "keywords": \(shared), "description": "acoustic sensors for hearing aids with machine learning"}
            {"id": "y", "kind": "company", "name": "Y Audio", "country": "SE", "keywords": \(shared), "description": "signal processing and machine learning for hearing aids"}
            {"id": "w", "kind": "company", "name": "W Pilots", "country": "NO", "keywords": ["pilot sites", "hearing aids"]}
            {"id": "acme", "kind": "knowledge-institution", "name": "Acme Research", "country": "DE", "keywords": ["welding"]}

            """
        #expect(try CLI.run(["import", try dir.write("p.jsonl", people), "--db", db]).status == 0)
        #expect(try CLI.run(["history", "import", try dir.write("h.jsonl", Self.acmeHistory), "--db", db]).status == 0)
        let event = Self.historyEvent
        let r = try CLI.run(["event", "plan", try dir.write("e.json", event), "--db", db, "--out", dir.path("plan")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let schedule = try JSONParser.parse(String(contentsOfFile: dir.path("plan/schedule.json"), encoding: .utf8))
        let xy = try #require(schedule["meetings"]?.arrayValue?.first { $0["a"] == "x" && $0["b"] == "y" })
        let reasons = (xy["reasons"]?.arrayValue ?? []).compactMap(\.stringValue)
        let at = try #require(reasons.firstIndex { $0.hasPrefix("you both worked with Acme Research") }, "\(reasons)")
        #expect(at == 3, "three content reasons first: \(reasons)")
        // w shares no partner with anyone: its meetings say nothing of history.
        for m in schedule["meetings"]?.arrayValue ?? [] where m["a"] == "w" || m["b"] == "w" {
            #expect(!(m["reasons"]?.arrayValue ?? []).contains { $0.stringValue?.contains("worked with") == true })
        }
        #expect(try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", "html", "--out", dir.path("out")]).status == 0)
        #expect(try String(contentsOfFile: dir.path("out/agenda/y.html"), encoding: .utf8).contains(reasons[at]))
    }

    /// newOnly leaves out pairs that worked together or met one to one; a shared membership
    /// or a round table of three is not having met (the planner's rule), though both still
    /// count for common partners.
    @Test func membershipsAndMeetingsOfManyAreNotHavingMet() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("k.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.participants), "--db", db]).status == 0)
        let records = try dir.write("k.jsonl", """
            {"group": "VDI", "kind": "membership", "date": "2020-01-01", "members": ["a", "b", "x1", "x2"], "source": "assoc"}
            {"group": "T1", "kind": "meeting", "date": "2021-01-01", "members": ["a", "c", "x3"], "source": "events"}
            {"a": "a", "b": "d", "kind": "meeting", "date": "2022-01-01", "source": "events"}

            """)
        #expect(try CLI.run(["history", "import", records, "--db", db]).status == 0)
        let r = try CLI.run(["match", "a", "--new-only", "--format", "json", "--top", "10", "--profile", "peers", "--db", db])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let ids = Set((try JSONParser.parse(r.stdout).arrayValue ?? []).compactMap { $0["id"]?.stringValue })
        #expect(ids.contains("b") && ids.contains("c") && !ids.contains("d"), "\(ids)")
        let explained = try CLI.run(["explain", "a", "d", "--new-only", "--db", db])
        #expect(explained.stdout.contains("you already met (last in 2022)"), "a meeting of two is having met: \(explained.stdout)")
        #expect(explained.stdout.contains("already met (asked for new partners only)") && !explained.stdout.contains("worked together"), "\(explained.stdout)")
        let member = try CLI.run(["explain", "a", "b", "--new-only", "--db", db])
        #expect(!member.stdout.contains("already worked together"), "\(member.stdout)")
        #expect(member.stdout.contains("you both share a membership with x1 (2020) and x2 (2020)"),
                "the membership's other members are common partners, named as such: \(member.stdout)")
        // x3 erased: a and c were at a round table of three, not in a meeting of two; the
        // record goes rather than make them "met", and stays gone when the file comes again.
        #expect(try CLI.run(["participants", "delete", "x3", "--db", db]).status == 0)
        let ac = try CLI.run(["explain", "a", "c", "--new-only", "--db", db])
        #expect(!ac.stdout.contains("already met") && !ac.stdout.contains("worked together"), "\(ac.stdout)")
        let again = try JSONParser.parse(try CLI.run(["history", "import", records, "--db", db, "--format", "json"]).stdout)
        #expect(again["erasedLeftOut"] == 1 && again["added"] == 0, "\(again)")
    }

    /// A member id that differs from a participant's only in case or spaces stays
    /// history-only (ids are exact), and the report says which participant it looks like.
    @Test func membersThatLookLikeParticipantsAreNamed() throws {
        let dir = try TemporaryDirectory()
        let db = try database(dir)
        let file = try dir.write("typo.jsonl", #"{"a": "A", "b": "c ", "kind": "project", "date": "2022-01-01", "source": "crm"}"# + "\n"
                                  + #"{"a": "a", "b": "zz", "kind": "project", "date": "2022-01-01", "source": "crm"}"# + "\n")
        let r = try CLI.run(["history", "import", file, "--dry-run", "--db", db, "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let j = try JSONParser.parse(r.stdout)
        #expect(j["historyOnly"] == 3)
        #expect(j["historyOnlyLookalikes"] == .array([.object(JSONObject([("id", "A"), ("participant", "a")])),
                                                      .object(JSONObject([("id", "c "), ("participant", "c")]))]))
        let text = try CLI.run(["history", "import", file, "--dry-run", "--db", db])
        #expect(text.stdout.contains(#"Warning: 2 history-only members' ids look like a participant's (case, spaces, leading zeros or one typo in a word): "A" (participant a), "c " (participant c). Ids are compared exactly"#), "\(text.stdout)")
        let strict = try CLI.run(["history", "import", file, "--strict", "--db", db])
        #expect(strict.status == 65 && strict.stderr.contains(#"3 members are not participants (A, "c ", zz)"#) && strict.stderr.contains(#""A" (participant a)"#), "\(strict.stderr)")
        // Each named where it first appears, in the order the files were given.
        #expect(strict.stderr.contains("typo.jsonl:1: member 'A' is not a participant\n") && strict.stderr.contains("typo.jsonl:1: member 'c ' is not a participant\n")
                && strict.stderr.contains("typo.jsonl:2: member 'zz' is not a participant\n"), "\(strict.stderr)")
        let group = try dir.write("group.jsonl", #"{"group": "G7", "members": ["a", "yy"], "kind": "project", "date": "2021-01-01", "source": "crm"}"# + "\n")
        let both = try CLI.run(["history", "import", group, file, "--strict", "--db", db])
        #expect(both.stderr.contains("group.jsonl:1: record 'G7': member 'yy' is not a participant\n"), "\(both.stderr)")
    }

    /// Activity counts only for pairs that share content or partners: the busiest member
    /// does not head the list of someone who shares nothing with it.
    @Test func activityCountsOnlyWithSharedContentOrPartners() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("g.sqlite")
        let people = """
            {"id": "h", "kind": "company", "name": "Hub Rockets", "country": "DE", "keywords": ["rocket engines"]}
            {"id": "s", "kind": "company", "name": "Nozzle Works", "country": "FR", "keywords": ["rocket engines"]}
            {"id": "z", "kind": "company", "name": "Cheese Farm", "country": "NL", "keywords": ["cheese making"]}

            """
        #expect(try CLI.run(["import", try dir.write("p.jsonl", people), "--db", db]).status == 0)
        // h is the most active; s and z each have one partner of their own, not shared with h.
        let history = ((1...6).map { #"{"a": "h", "b": "x\#($0)", "kind": "project", "date": "2021-01-01", "source": "t"}"# }
            + [#"{"a": "s", "b": "y1", "kind": "project", "date": "2021-01-01", "source": "t"}"#,
               #"{"a": "z", "b": "y2", "kind": "project", "date": "2021-01-01", "source": "t"}"#]).joined(separator: "\n") + "\n"
        #expect(try CLI.run(["history", "import", try dir.write("h.jsonl", history), "--db", db]).status == 0)
        func activity(_ a: String, _ b: String) throws -> (value: Double, score: Double, notes: String) {
            let r = try CLI.run(["explain", a, b, "--profile", "peers", "--format", "json", "--db", db])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let j = try JSONParser.parse(r.stdout)
            let part = (j["components"]?.arrayValue ?? []).first { $0["name"] == "activity" }
            return (part?["value"]?.doubleValue ?? -1, j["score"]?.doubleValue ?? -1, j["notes"]?.serialized() ?? "")
        }
        let shared = try activity("s", "h")
        #expect(shared.value > 0 && shared.notes.contains("active in the history"), "\(shared)")
        let stranger = try activity("z", "h")
        #expect(stranger.value == 0 && stranger.score == 0 && !stranger.notes.contains("active in the history"), "\(stranger)")
        // On the list, the hub is s's first partner and not ahead of anyone for z.
        let list = try JSONParser.parse(try CLI.run(["match", "z", "--profile", "peers", "--format", "json", "--db", db]).stdout)
        #expect((list.arrayValue ?? []).allSatisfy { ($0["score"]?.doubleValue ?? 0) == 0 || $0["id"] != "h" }, "\(list)")
    }

    @Test func componentsAddUpToTheScoreAndTheNoteNamesCommonPartners() throws {
        let dir = try TemporaryDirectory()
        let db = try database(dir)
        let r = try CLI.run(["match", "a", "--explain", "--format", "json", "--profile", "brokerage", "--db", db])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        guard case .array(let rows) = try JSONParser.parse(r.stdout) else { Issue.record("not an array"); return }
        let b = rows.first { $0["id"] == "b" }
        #expect(b?["notes"] == .array(["you both worked with Acme Research (2021)"]))
        /// A number of the JSON (whole numbers are written without a decimal point).
        func number(_ v: JSONValue?) -> Double? {
            switch v { case .double(let x)?: x; case .int(let x)?: Double(x); default: nil }
        }
        guard case .array(let parts)? = b?["components"], let score = number(b?["score"]) else { Issue.record("no components"); return }
        var sum = 0.0, names: [String] = []
        for part in parts {
            guard let v = number(part["value"]), let w = number(part["weight"]), case .string(let n)? = part["name"] else {
                Issue.record("a component without name, value and weight: \(part)"); continue
            }
            sum += v * w
            names.append(n)
        }
        #expect(names.contains("network"))
        #expect(abs(sum - score) < 0.001, "components \(sum) against score \(score)")
        // A pair with nothing in the history carries no note.
        let d = rows.first { $0["id"] == "d" }
        #expect(d == nil || d?["notes"] == nil)
        // Without --explain: no notes, no components (lists stay as they were).
        let plain = try CLI.run(["match", "a", "--format", "json", "--profile", "brokerage", "--db", db])
        #expect(!plain.stdout.contains("\"notes\"") && !plain.stdout.contains("\"components\""))
        // Where activity adds to the score (peers: only with the most active), a note says so.
        let peers = try CLI.run(["match", "a", "--explain", "--profile", "peers", "--format", "json", "--db", db])
        guard case .array(let peerRows) = try JSONParser.parse(peers.stdout) else { Issue.record("not an array"); return }
        let c = peerRows.first { $0["id"] == "c" }
        #expect(c?["notes"]?.arrayValue?.contains("active in the history: you worked with 1 partner, they with 2 partners (activity counts with the most active)") == true, "\(String(describing: c))")
        #expect(b?["notes"]?.arrayValue?.contains { $0.stringValue?.hasPrefix("active") == true } == false, "brokerage weighs no activity")
        // The table names the components and says the note.
        let table = try CLI.run(["match", "a", "--explain", "--profile", "brokerage", "--db", db])
        #expect(table.stdout.contains("   - you both worked with Acme Research (2021)"))
        #expect(table.stdout.contains("components: ") && table.stdout.contains("network "))
    }

    @Test func matchAllReasonsCarryTheHistoryNote() throws {
        let dir = try TemporaryDirectory()
        let db = try database(dir)
        let out = dir.path("all.csv")
        #expect(try CLI.run(["match-all", "--profile", "brokerage", "--top", "3", "--out", out, "--db", db]).status == 0)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(whereSeparator: \.isNewline)
        // participant,rank,partner,…
        let ab = lines.filter { let f = $0.split(separator: ","); return f.count > 2 && Set([f[0], f[2]]) == ["a", "b"] }
        #expect(ab.count == 2)
        #expect(ab.allSatisfy { $0.contains("you both worked with Acme Research (2021)") }, "\(ab)")
        #expect(!lines.contains { $0.hasPrefix("a,") && $0.split(separator: ",")[2] == "d" && $0.contains("worked with") })
        // explain says the same, and shows the components.
        let e = try CLI.run(["explain", "a", "b", "--profile", "brokerage", "--db", db])
        #expect(e.stdout.contains("Note: you both worked with Acme Research (2021)."))
        #expect(e.stdout.contains("components: ") && e.stdout.contains("network "))
        #expect(!e.stdout.contains("keywords ") && !e.stdout.contains("× 0.0000"), "brokerage weighs keywords 0: not listed\n\(e.stdout)")
    }

    /// Unknown params stay ignored (the protocol's rule), but the answer names them; a
    /// misspelt known param (`dryrun`) is refused. The service's lists carry the same notes as the CLI's.
    @Test func theServiceNamesIgnoredParamsAndExplainsHistoryOnLists() throws {
        let dir = try TemporaryDirectory()
        let db = try database(dir)
        let more = try dir.write("more.jsonl", #"{"a": "a", "b": "d", "kind": "project", "date": "2022-01-01", "source": "test"}"# + "\n")
        let serve = try ServeProcess(["--db", db])
        let path = JSONValue.string(more).serialized()
        // A param that differs from a known one only in case, `_` or `-` is refused before
        // anything is written: ignored, a misspelt dry run would write.
        for (id, typo) in [(1, "dryrun"), (5, "dry_run"), (6, "DRY-RUN")] {
            let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": \#(id), "method": "history.import", "params": {"path": \#(path), "\#(typo)": true}}"#))
            #expect(answer["error"]?["code"] == -32602, "\(answer)")
            let text = answer["error"]?.serialized() ?? ""
            #expect(text.contains(typo) && text.contains("did you mean dryRun?"), "\(text)")
        }
        let stored = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 7, "method": "history.import", "params": {"path": \#(path), "dryRun": true}}"#))
        #expect(stored["result"]?["added"] == 1, "the misspelt calls wrote nothing: the pair is still new")
        // A method that writes and has no dry run refuses one rather than write.
        let upsert = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 9, "method": "participant.upsert", "params": {"participant": {"id": "z", "kind": "company", "name": "Zeta", "country": "DK", "keywords": ["x"]}, "dry_run": true}}"#))
        #expect(upsert["error"]?["code"] == -32602 && (upsert["error"]?.serialized() ?? "").contains("has no dry run"), "\(upsert)")
        let absent = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 10, "method": "participant.get", "params": {"id": "z"}}"#))
        #expect(absent["error"] != nil, "z was not stored")
        // dryRun: false asks for what the method does anyway.
        let written = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 11, "method": "participant.upsert", "params": {"participant": {"id": "z", "kind": "company", "name": "Zeta", "country": "DK", "keywords": ["x"]}, "dryRun": false}}"#))
        #expect(written["result"]?["added"] == .array(["z"]), "\(written)")
        let odd = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 8, "method": "history.import", "params": {"path": \#(path), "colour": "red"}}"#))
        #expect(odd["result"]?["ignoredParams"] == .array(["colour"]))
        #expect(odd["result"]?["added"] == 1, "an unknown param is ignored, so the import ran")
        let query = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "match.query", "params": {"id": "a", "profile": "brokerage", "explain": true, "filters": {"kinds": ["company"], "colour": "red"}}}"#))
        #expect(query["result"]?["ignoredParams"] == .array(["filters.colour"]))
        let cli = try CLI.run(["match", "a", "--explain", "--format", "json", "--profile", "brokerage", "--kind", "company", "--db", db])
        #expect(query["result"]?["matches"] == (try JSONParser.parse(cli.stdout)), "the same list, notes and components")
        let clean = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 3, "method": "match.query", "params": {"id": "a"}}"#))
        #expect(clean["result"]?["ignoredParams"] == nil)
        // A stored document is answered as stored: a participant has no such field.
        let get = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 4, "method": "participant.get", "params": {"id": "a", "verbose": true}}"#))
        #expect(get["result"]?["ignoredParams"] == nil && get["result"]?["id"] == "a")
        #expect(try serve.finish().status == 0)
    }

    /// `explain --new-only` answers as `match --new-only` lists: a pair that worked together
    /// is left out, and the rank counts only partners not worked with.
    @Test func explainNewOnlyAnswersAsTheNewOnlyList() throws {
        let dir = try TemporaryDirectory()
        let db = try database(dir)
        let plain = try CLI.run(["explain", "a", "c", "--profile", "peers", "--format", "json", "--db", db])
        let plainWhy = try JSONParser.parse(plain.stdout)["excludedBy"]
        #expect(plainWhy == .null, "stderr: \(plain.stderr)")
        let newOnly = try CLI.run(["explain", "a", "c", "--profile", "peers", "--new-only", "--format", "json", "--db", db])
        let why = try JSONParser.parse(newOnly.stdout)["excludedBy"]
        #expect(why == "already worked together (asked for new partners only)")
        // b's rank on a's new-only list is its place on that list.
        let list = try CLI.run(["match", "a", "--profile", "peers", "--new-only", "--format", "json", "--db", db])
        guard case .array(let rows) = try JSONParser.parse(list.stdout) else { Issue.record("not an array"); return }
        let rank = rows.first { $0["id"] == "b" }?["rank"]
        let explained = try CLI.run(["explain", "a", "b", "--profile", "peers", "--new-only", "--format", "json", "--db", db])
        let explainedRank = try JSONParser.parse(explained.stdout)["rank"]
        #expect(rank != nil && explainedRank == rank)
        #expect(!rows.contains { $0["id"] == "c" })
    }

    /// Partners met at an event are history too, and notes name them by name, not by id
    /// (they are not among the imported history's members, whose names the store keeps).
    @Test func partnersMetAtAnEventAreNamed() throws {
        let dir = try TemporaryDirectory()
        let (schedule, _, rows) = try OutcomeCLITests.planned(dir)
        let db = dir.path("x.sqlite")
        let all = "uid,participant,attended,rating,followUp,comment\n" + rows.map { "\($0[0]),\($0[1]),yes,,,\n" }.joined()
        #expect(try CLI.run(["event", "outcomes", try dir.write("all.csv", all), "--schedule", schedule, "--db", db]).status == 0)
        let ids = Set(rows.map { $0[1] })
        // The event's people as participants, with names unlike their ids.
        let people = ids.sorted().map { id in
            #"{"id": "\#(id)", "kind": "company", "name": "Firm \#(id.prefix(2).uppercased()) \#(id.suffix(4))", "country": "DK", "keywords": ["acoustics", "robots"]}"#
        }.joined(separator: "\n") + "\n"
        #expect(try CLI.run(["import", try dir.write("people.jsonl", people), "--db", db]).status == 0)
        var notes: [String] = []
        for id in ids.sorted() {
            let r = try CLI.run(["match", id, "--explain", "--profile", "peers", "--format", "json", "--db", db])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            for row in try JSONParser.parse(r.stdout).arrayValue ?? [] {
                notes += (row["notes"]?.arrayValue ?? []).compactMap(\.stringValue).filter { $0.hasPrefix("you both met ") }
            }
        }
        #expect(!notes.isEmpty, "meetings held give common partners, named as partners both met")
        for note in notes { #expect(!ids.contains { note.contains($0) }, "\(note)") }
    }

    /// A JSON Lines record may name its members (`names`): a partner who is not a participant
    /// is then named in notes. A name for an id the record does not hold is an error.
    @Test func historyOnlyPartnersAreNamedByTheRecordsNames() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("n.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.participants), "--db", db]).status == 0)
        let named = """
            {"group": "P1", "kind": "project", "date": "2020-01-01", "members": ["a", "pic-77"], "source": "t", "names": {"pic-77": " Gamma Labs "}}
            {"a": "b", "b": "pic-77", "kind": "project", "date": "2021-01-01", "source": "t", "names": {"pic-77": "Gamma Laboratories"}}

            """
        let imported = try CLI.run(["history", "import", try dir.write("n.jsonl", named), "--db", db])
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        let r = try CLI.run(["match", "a", "--explain", "--format", "json", "--profile", "brokerage", "--db", db])
        guard case .array(let rows) = try JSONParser.parse(r.stdout) else { Issue.record("not an array"); return }
        // The first name the file gives is kept, trimmed.
        #expect(rows.first { $0["id"] == "b" }?["notes"] == .array(["you both worked with Gamma Labs (2021)"]))
        #expect(imported.stdout.contains("names of history-only members: 1 added, 0 changed"), "\(imported.stdout)")

        // A renamed partner is a change: the dry run says so, the import counts it. A name
        // given to a participant is not kept (a participant is named by its own name).
        let renamed = """
            {"group": "P1", "kind": "project", "date": "2020-01-01", "members": ["a", "pic-77"], "source": "t", "names": {"pic-77": "Gamma Research", "a": "Not Alpha"}}

            """
        let file = try dir.write("r.jsonl", renamed)
        let dry = try JSONParser.parse(try CLI.run(["history", "import", file, "--dry-run", "--format", "json", "--db", db]).stdout)
        #expect(dry["names"] == .object(JSONObject([("added", .int(0)), ("changed", .int(1))])) && dry["unchanged"] == .int(1), "\(dry)")
        let real = try JSONParser.parse(try CLI.run(["history", "import", file, "--format", "json", "--db", db]).stdout)
        #expect(real["names"] == dry["names"])
        let again = try JSONParser.parse(try CLI.run(["history", "import", file, "--format", "json", "--db", db]).stdout)
        #expect(again["names"] == .object(JSONObject([("added", .int(0)), ("changed", .int(0))])))
        let renamedRows = try JSONParser.parse(try CLI.run(["match", "b", "--explain", "--format", "json", "--profile", "brokerage", "--db", db]).stdout)
        #expect(renamedRows.arrayValue?.first { $0["id"] == "a" }?["notes"] == .array(["you both worked with Gamma Research (2021)"]))
        let kept = try DatabaseQueue(path: db).read { db in try String.fetchAll(db, sql: "SELECT id FROM history_node ORDER BY id") }
        #expect(kept == ["pic-77"], "a name given for participant a is not kept: \(kept)")
        let r2 = try CLI.run(["match", "a", "--explain", "--format", "json", "--profile", "brokerage", "--db", db])

        let wrong = """
            {"a": "a", "b": "d", "kind": "project", "date": "2022-01-01", "source": "t", "names": {"pic-9": "Nobody"}}
            {"a": "a", "b": "c", "kind": "project", "date": "2022-01-01", "source": "t", "names": {"c": ""}}
            {"a": "a", "b": "c", "kind": "meeting", "date": "2022-01-01", "source": "t", "names": ["c"]}
            {"a": "a", "b": "pic-5", "kind": "meeting", "date": "2022-01-01", "source": "t", "names": {"pic-5": "Two\\nlines"}}

            """
        let refused = try CLI.run(["history", "import", try dir.write("w.jsonl", wrong), "--db", db])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("w.jsonl:1: ") && refused.stderr.contains("names.pic-9") && refused.stderr.contains("not a member of this record"), "\(refused.stderr)")
        #expect(refused.stderr.contains("w.jsonl:2: ") && refused.stderr.contains("names.c"))
        #expect(refused.stderr.contains("w.jsonl:3: ") && refused.stderr.contains("field 'names'"))
        #expect(refused.stderr.contains("w.jsonl:4: ") && refused.stderr.contains("without control characters"), "\(refused.stderr)")
        let after = try CLI.run(["match", "a", "--explain", "--format", "json", "--profile", "brokerage", "--db", db])
        #expect(after.stdout == r2.stdout, "nothing stored")
    }
}
