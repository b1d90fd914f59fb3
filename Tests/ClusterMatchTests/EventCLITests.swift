import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// `clustermatch event …` end to end on the built binary.
@Suite("event command line", .serialized)
struct EventCLITests {
    static let fixture = CLI.repositoryRoot.appendingPathComponent("Tests/ClusterMatchTests/Fixtures/event.json").path

    /// Last year's participant list copied into a new event names someone erased since: the
    /// plan leaves them out (their meetings, requests and entry) and says so; nothing of
    /// theirs is stored under the event.
    @Test func aNewEventNamingAnErasedParticipantLeavesThemOut() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("e.sqlite")
        let history = try dir.write("h.jsonl", #"{"a": "se-robot-0042", "b": "someone", "kind": "project", "date": "2020-01-01", "source": "crm"}"# + "\n")
        #expect(try CLI.run(["history", "import", history, "--db", db]).status == 0)
        #expect(try CLI.run(["participants", "delete", "se-robot-0042", "--db", db]).status == 0)
        let plan = try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("plan")])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stderr.contains("warning: 1 participant(s) of the event file were erased from the database (participants delete) and are left out: se-robot-0042. If they registered anew, import them again with --register-erased"), "\(plan.stderr)")
        #expect(try String(contentsOfFile: Self.fixture, encoding: .utf8).contains("se-robot-0042"))
        let schedule = try String(contentsOfFile: dir.path("plan/schedule.json"), encoding: .utf8)
        #expect(!schedule.contains("se-robot-0042"))
        let personal = try CLI.run(["participants", "personal-data", "se-robot-0042", "--db", db])
        #expect(personal.status == 66, "nothing of theirs is stored under the event: \(personal.stdout)")
    }

    /// An export of the schedule file written before an erasure leaves the erased
    /// participant out when the database is at hand, and says so; an event id exports the
    /// stored (erased) schedule, the same files; without a database the file is exported as is.
    @Test func anExportAfterAnErasureLeavesTheErasedOut() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("e.sqlite")
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("plan")]).status == 0)
        let schedule = dir.path("plan/schedule.json")
        #expect(try String(contentsOfFile: dir.path("plan/meetings.csv"), encoding: .utf8).contains("Sea Sensors AS"))
        #expect(try CLI.run(["participants", "delete", "no-sea-0007", "--db", db]).status == 0)
        let file = try CLI.run(["event", "export", schedule, "--format", "csv", "--out", dir.path("a"), "--db", db])
        #expect(file.status == 0 && file.stderr.contains("warning: 1 participant(s) of \(schedule) were erased (participants delete): their meetings and entries are left out of the export"), "\(file.stderr)")
        let fromFile = try String(contentsOfFile: dir.path("a/meetings.csv"), encoding: .utf8)
        #expect(!fromFile.contains("no-sea-0007") && !fromFile.contains("Sea Sensors"), "\(fromFile)")
        let stored = try CLI.run(["event", "export", "c2c-2026", "--format", "csv", "--out", dir.path("b"), "--db", db])
        #expect(stored.status == 0 && !stored.stderr.contains("warning"), "\(stored.stderr)")
        #expect(try String(contentsOfFile: dir.path("b/meetings.csv"), encoding: .utf8) == fromFile)
        let html = try CLI.run(["event", "export", schedule, "--format", "html", "--out", dir.path("h"), "--db", db])
        #expect(html.status == 0 && !FileManager.default.fileExists(atPath: dir.path("h/agenda/no-sea-0007.html")))
        // No database: the file as it is, and none is made.
        let plain = try CLI.run(["event", "export", schedule, "--format", "csv", "--out", dir.path("c"), "--db", dir.path("none.sqlite")])
        #expect(plain.status == 0 && !FileManager.default.fileExists(atPath: dir.path("none.sqlite")))
        #expect(try String(contentsOfFile: dir.path("c/meetings.csv"), encoding: .utf8).contains("Sea Sensors AS"))
    }

    @Test func planWritesTheSameBytesTwiceAndStoresIt() throws {
        let dir = try TemporaryDirectory()
        let r = try CLI.run(["event", "plan", Self.fixture, "--db", dir.path("x.sqlite"), "--out", dir.path("one")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("planned 6 meetings in"))
        let again = try CLI.run(["event", "plan", Self.fixture, "--db", dir.path("y.sqlite"), "--out", dir.path("two")])
        #expect(again.status == 0)
        let one = try String(contentsOfFile: dir.path("one/schedule.json"), encoding: .utf8)
        #expect(one == (try String(contentsOfFile: dir.path("two/schedule.json"), encoding: .utf8)))
        #expect(try String(contentsOfFile: dir.path("one/meetings.csv"), encoding: .utf8) == (try String(contentsOfFile: dir.path("two/meetings.csv"), encoding: .utf8)))
        let s = try JSONParser.parse(one)
        #expect(s.objectValue?.keys.prefix(4) == ["event", "meetings", "unplaced", "stats"])
        let meetings = try #require(s["meetings"]?.arrayValue)
        #expect(meetings.count == 6)
        for m in meetings {
            #expect(m.objectValue?.keys == ["uid", "a", "b", "slot", "table", "score", "origin", "reasons", "sequence"])
            #expect(m["a"]!.stringValue! < m["b"]!.stringValue!)
            #expect(m["table"]!.intValue! >= 1)
        }
        // Locked kept exactly; declined absent.
        #expect(meetings.contains { $0["a"] == "dk-ai-0001" && $0["b"] == "fi-grip-0003" && $0["slot"] == "s02" && $0["table"] == 1 && $0["origin"] == "locked" })
        #expect(!meetings.contains { $0["a"] == "dk-sound-0001" && $0["b"] == "fi-grip-0003" })
        #expect(meetings.contains { $0["a"] == "dk-sound-0001" && $0["b"] == "se-robot-0042" && $0["origin"] == "accepted" })
        // The table format and JSON on stdout.
        let table = try CLI.run(["event", "plan", Self.fixture, "--db", dir.path("x.sqlite")])
        #expect(table.stdout.contains("slot  time   table"))
        let json = try CLI.run(["event", "plan", Self.fixture, "--db", dir.path("x.sqlite"), "--format", "json"])
        #expect(json.stdout == one)
    }

    @Test(arguments: [
        ("\"tables\": 2", "\"tables\": \"many\"", "tables: expected a whole number ≥ 1, found \"many\""),
        ("\"to\": \"se-robot-0042\"", "\"to\": \"x\"", "requests[0].to: unknown participant \"x\" (not in the event's participants list)"),
        ("\"slot\": \"s02\"", "\"slot\": \"s99\"", "locked[0].slot: unknown slot \"s99\""),
        ("\"status\": \"pending\"", "\"status\": \"maybe\"", "requests[1].status: expected accepted, pending or declined, found \"maybe\""),
        ("\"fairness\": 1.0", "\"fairness\": -1", "options.fairness: expected a number 0…100, found -1"),
    ])
    func badEventFileExits65NamingFieldAndValue(from: String, to: String, message: String) throws {
        let dir = try TemporaryDirectory()
        let text = try String(contentsOfFile: Self.fixture, encoding: .utf8).replacingOccurrences(of: from, with: to)
        let file = try dir.write("bad.json", text)
        let r = try CLI.run(["event", "plan", file, "--db", dir.path("x.sqlite"), "--out", dir.path("out")])
        #expect(r.status == 65)
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.path("out")))
    }

    @Test func replanKeepsValidMeetingsAndListsChanges() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("one")]).status == 0)
        // Robot AB arrives late: only s03 and s04 now. A new participant with an accepted request.
        var text = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"available\": [\"s01\", \"s02\", \"s03\"]", with: "\"available\": [\"s03\", \"s04\"]")
        text = text.replacingOccurrences(of: "{\"id\": \"fi-grip-0003\", \"name\": \"Gripper Oy\", \"country\": \"FI\"}",
                                         with: "{\"id\": \"fi-grip-0003\", \"name\": \"Gripper Oy\", \"country\": \"FI\"}, {\"id\": \"de-mic-0100\", \"name\": \"Mikro GmbH\"}")
        text = text.replacingOccurrences(of: "\"requests\": [", with: "\"requests\": [{\"from\": \"de-mic-0100\", \"to\": \"no-sea-0007\", \"status\": \"accepted\"}, ")
        let file = try dir.write("event2.json", text)
        let r = try CLI.run(["event", "replan", file, "--previous", dir.path("one/schedule.json"), "--db", db, "--out", dir.path("two")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let before = try #require(try JSONParser.parse(String(contentsOfFile: dir.path("one/schedule.json"), encoding: .utf8))["meetings"]?.arrayValue)
        let after = try JSONParser.parse(String(contentsOfFile: dir.path("two/schedule.json"), encoding: .utf8))
        let now = try #require(after["meetings"]?.arrayValue)
        #expect(after["revision"] == 2)
        // Every old meeting that is still valid (Robot AB not involved) stays exactly.
        for m in before where m["a"] != "se-robot-0042" && m["b"] != "se-robot-0042" {
            let kept = now.first { $0["uid"] == m["uid"] }
            #expect(kept?["slot"] == m["slot"] && kept?["table"] == m["table"] && kept?["sequence"] == m["sequence"], "\(m)")
        }
        // The accepted request with Robot AB moved (same uid, sequence + 1).
        let moved = try #require(now.first { $0["a"] == "dk-sound-0001" && $0["b"] == "se-robot-0042" })
        #expect(["s03", "s04"].contains(moved["slot"]?.stringValue ?? ""))
        #expect(moved["sequence"] == 1)
        let changes = try #require(after["changes"]?.arrayValue)
        #expect(changes.contains { $0["participant"] == "se-robot-0042" && $0["change"] == "moved" })
        #expect(changes.contains { $0["participant"] == "de-mic-0100" && $0["change"] == "new" })
        #expect(r.stdout.contains("Changes to tell participants about"))
    }

    /// A participant taken out of the event is told of its cancelled meetings, by name, and
    /// so are its partners: `ics/<id>-cancel.ics` for it too, named from the previous plan.
    @Test func aParticipantWhoLeavesGetsCancellationsByName() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("one")]).status == 0)
        let first = try JSONParser.parse(String(contentsOfFile: dir.path("one/schedule.json"), encoding: .utf8))
        let leaver = "se-robot-0042"
        let theirs = (first["meetings"]?.arrayValue ?? []).filter { $0["a"]?.stringValue == leaver || $0["b"]?.stringValue == leaver }
        #expect(!theirs.isEmpty)
        let name = try #require(first["participants"]?.arrayValue?.first { $0["id"]?.stringValue == leaver }?["name"]?.stringValue)
        // Out of the participants, and out of the requests that name it.
        var event = try #require(try JSONParser.parse(String(contentsOfFile: Self.fixture, encoding: .utf8)).objectValue)
        event["participants"] = .array((event["participants"]?.arrayValue ?? []).filter { $0["id"]?.stringValue != leaver })
        event["requests"] = .array((event["requests"]?.arrayValue ?? []).filter { $0["from"]?.stringValue != leaver && $0["to"]?.stringValue != leaver })
        event["candidates"] = .array((event["candidates"]?.arrayValue ?? []).filter { $0["a"]?.stringValue != leaver && $0["b"]?.stringValue != leaver })
        let file = try dir.write("event2.json", JSONValue.object(event).serialized())
        let r = try CLI.run(["event", "replan", file, "--previous", dir.path("one/schedule.json"), "--db", db, "--out", dir.path("two")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let second = try JSONParser.parse(String(contentsOfFile: dir.path("two/schedule.json"), encoding: .utf8))
        #expect(second["departed"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [leaver])
        #expect(try CLI.run(["event", "export", dir.path("two/schedule.json"), "--format", "ics", "--out", dir.path("out")]).status == 0)
        let mine = try String(contentsOfFile: dir.path("out/ics/\(leaver)-cancel.ics"), encoding: .utf8)
        #expect(ICalendarCheck.problems(mine) == [])
        #expect(mine.components(separatedBy: "STATUS:CANCELLED").count - 1 == theirs.count)
        for m in theirs {
            let partner = m["a"]?.stringValue == leaver ? m["b"]!.stringValue! : m["a"]!.stringValue!
            let other = try String(contentsOfFile: dir.path("out/ics/\(partner)-cancel.ics"), encoding: .utf8)
            #expect(other.contains("ATTENDEE;CN=\"\(name)\""), "\(partner)")
        }
    }

    /// A partner whose organisation is its name is not named twice in calendar entries.
    @Test func calendarsNameAnOrganisationOnce() throws {
        let dir = try TemporaryDirectory()
        let text = try String(contentsOfFile: Self.fixture, encoding: .utf8)
            .replacingOccurrences(of: "\"organisation\": \"Example Acoustics\"", with: "\"organisation\": \"Example Acoustics ApS\"")
        let file = try dir.write("event.json", text)
        #expect(try CLI.run(["event", "plan", file, "--db", dir.path("x.sqlite"), "--out", dir.path("plan")]).status == 0)
        #expect(try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", "ics", "--out", dir.path("out")]).status == 0)
        let ics = try String(contentsOfFile: dir.path("out/ics/dk-ai-0001.ics"), encoding: .utf8)
        #expect(ics.contains("SUMMARY:Meeting with Example Acoustics ApS\\, DK\r\n"), "\(ics)")
        #expect(!ics.contains("Example Acoustics ApS\\, Example Acoustics ApS"))
    }

    @Test func exportWritesValidICalendarHTMLAndCSV() throws {
        let dir = try TemporaryDirectory()
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", dir.path("x.sqlite"), "--out", dir.path("plan")]).status == 0)
        for format in ["ics", "html", "csv", "json"] {
            let r = try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", format, "--out", dir.path("out"), "--db", dir.path("x.sqlite")])
            #expect(r.status == 0, "\(format): \(r.stderr)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path("out/ics")).sorted()
        #expect(files.count == 5)
        for f in files {
            let text = try String(contentsOfFile: dir.path("out/ics/\(f)"), encoding: .utf8)
            #expect(ICalendarCheck.problems(text) == [], "\(f)")
            #expect(text.contains("DTSTAMP:20260301T120000Z"))
            #expect(text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"))
        }
        let html = try String(contentsOfFile: dir.path("out/index.html"), encoding: .utf8)
        #expect(html.contains("<svg") && !html.contains("http://") == false)  // only the SVG namespace
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"))
        let agenda = try String(contentsOfFile: dir.path("out/agenda/dk-sound-0001.html"), encoding: .utf8)
        #expect(agenda.contains("Audio AI ApS") && agenda.contains("sensors for hearing aids"))
        let csv = try String(contentsOfFile: dir.path("out/meetings.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("slot,start,end,table,a,a_name,b,b_name,score,origin,sequence,uid,reasons\r\n"))
        let bad = try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", "pdf", "--out", dir.path("out")])
        #expect(bad.status == 64)
    }
}

/// An independent, hand-written RFC 5545 structure check (not the writer's code).
enum ICalendarCheck {
    static func problems(_ text: String) -> [String] {
        var problems: [String] = []
        let bytes = Array(text.utf8)
        // Every line ends in CRLF; no bare LF or CR.
        for (i, b) in bytes.enumerated() {
            if b == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) { problems.append("bare LF at byte \(i)"); break }
            if b == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A) { problems.append("bare CR at byte \(i)"); break }
        }
        let physical = text.components(separatedBy: "\r\n").dropLast()
        for l in physical where l.utf8.count > 75 { problems.append("line longer than 75 octets: \(l)") }
        // Unfold.
        var lines: [String] = []
        for l in physical {
            if l.hasPrefix(" ") || l.hasPrefix("\t") { if lines.isEmpty { problems.append("continuation first") } else { lines[lines.count - 1] += l.dropFirst() } }
            else { lines.append(l) }
        }
        var stack: [String] = []
        var props: [[String]] = []
        var tzids = Set<String>(), used = Set<String>()
        var method: String?
        for l in lines {
            guard let colon = l.firstIndex(of: ":") else { problems.append("no colon: \(l)"); continue }
            let head = String(l[..<colon]), value = String(l[l.index(after: colon)...])
            let name = String(head.split(separator: ";").first ?? "").uppercased()
            if name.isEmpty || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) { problems.append("bad name: \(l)") }
            if name == "BEGIN" { stack.append(value); props.append([]); continue }
            if name == "END" {
                guard stack.last == value else { problems.append("END:\(value) does not close \(stack.last ?? "nothing")"); continue }
                let have = Set(props.removeLast())
                let required: [String: [String]] = [
                    "VCALENDAR": ["VERSION", "PRODID"], "VEVENT": ["UID", "DTSTAMP", "DTSTART"],
                    "VTIMEZONE": ["TZID"], "STANDARD": ["DTSTART", "TZOFFSETFROM", "TZOFFSETTO"], "DAYLIGHT": ["DTSTART", "TZOFFSETFROM", "TZOFFSETTO"],
                ]
                for r in required[value] ?? [] where !have.contains(r) { problems.append("\(value) without \(r)") }
                if value == "VEVENT" && method != nil && !have.contains("ORGANIZER") { problems.append("VEVENT in a METHOD message without ORGANIZER") }
                stack.removeLast()
                continue
            }
            guard !props.isEmpty else { problems.append("property outside a component: \(l)"); continue }
            props[props.count - 1].append(name)
            if name == "METHOD" { method = value }
            if name == "TZID" && stack.last == "VTIMEZONE" { tzids.insert(value) }
            if let r = head.range(of: ";TZID=") { used.insert(String(head[r.upperBound...].split(separator: ";")[0])) }
            if name == "DTSTAMP" && !(value.count == 16 && value.hasSuffix("Z")) { problems.append("DTSTAMP not UTC: \(value)") }
            if ["DTSTART", "DTEND"].contains(name) && stack.last == "VEVENT" && value.count != 15 { problems.append("bad date-time: \(l)") }
            if name == "SEQUENCE" && Int(value) == nil { problems.append("SEQUENCE not an integer") }
            if name == "TZOFFSETFROM" || name == "TZOFFSETTO" {
                if !(value.count == 5 && (value.hasPrefix("+") || value.hasPrefix("-"))) { problems.append("bad offset: \(l)") }
            }
        }
        if !stack.isEmpty { problems.append("unclosed: \(stack)") }
        for t in used where !tzids.contains(t) { problems.append("TZID \(t) used but not defined") }
        return problems
    }
}
