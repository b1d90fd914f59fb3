import Foundation
import GRDB
import JSONSupport
import Testing

/// `clustermatch event outcomes`, `event export --format outcomes-template`,
/// `event outcome-report` and the planner's rules about earlier events, end to end.
@Suite("event outcomes command line", .serialized)
struct OutcomeCLITests {
    static let fixture = EventCLITests.fixture

    /// What each side says, in template row order: (attended, rating, followUp).
    static let answers: [(String, String, String)] = [
        ("yes", "4", "yes"), ("yes", "5", ""),   // held, followed up
        ("yes", "3", "no"), ("no", "", ""),      // no-show
        ("", "", ""), ("", "", ""),              // cancelled
        ("yes", "5", "yes"), ("yes", "4", "yes"), // held, followed up
        ("yes", "2", "no"), ("yes", "", ""),     // held, not followed up
        ("yes", "3", ""), ("yes", "4", "no"),    // held, not followed up
    ]

    /// Plans the fixture, writes the template and fills it in.
    static func planned(_ dir: TemporaryDirectory) throws -> (schedule: String, outcomes: String, template: [[String]]) {
        let plan = try CLI.run(["event", "plan", fixture, "--db", dir.path("x.sqlite"), "--out", dir.path("plan")])
        #expect(plan.status == 0, "stderr: \(plan.stderr)")
        let export = try CLI.run(["event", "export", "--format", "outcomes-template", "--out", dir.path("tpl"), dir.path("plan/schedule.json")])
        #expect(export.status == 0, "stderr: \(export.stderr)")
        let text = try String(contentsOfFile: dir.path("tpl/outcomes.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["uid", "participant", "attended", "rating", "followUp", "comment"])
        let rows = Array(lines.dropFirst())
        #expect(rows.count == answers.count)
        var filled = "uid,participant,attended,rating,followUp,comment\n"
        for (r, a) in zip(rows, answers) {
            #expect(r.count == 6 && r[2...].allSatisfy(\.isEmpty))
            filled += "\(r[0]),\(r[1]),\(a.0),\(a.1),\(a.2),\n"
        }
        return (dir.path("plan/schedule.json"), try dir.write("outcomes.csv", filled), rows)
    }

    /// The sheet for filling in by hand: the template's rows and columns, then the names,
    /// partner, slot, local start and table read from the schedule; filled in the same way,
    /// it records the same outcomes as the template.
    @Test func theSheetIsTheTemplateWithWhatAPersonNeedsToSee() throws {
        let dir = try TemporaryDirectory()
        let (schedule, outcomes, rows) = try Self.planned(dir)
        #expect(try CLI.run(["event", "export", schedule, "--format", "outcomes-sheet", "--out", dir.path("sheet")]).status == 0)
        let text = try String(contentsOfFile: dir.path("sheet/outcomes.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ["uid", "participant", "attended", "rating", "followUp", "comment", "name", "partner", "partnerName", "slot", "start", "table"])
        let sheet = Array(lines.dropFirst())
        #expect(sheet.map { Array($0.prefix(6)) } == rows)
        // Names, slot, start and table from the schedule itself.
        let plan = try JSONParser.parse(try String(contentsOfFile: schedule, encoding: .utf8))
        var names: [String: String] = [:]
        for p in plan["participants"]?.arrayValue ?? [] { names[p["id"]?.stringValue ?? ""] = p["name"]?.stringValue }
        let meetings = plan["meetings"]?.arrayValue ?? []
        #expect(sheet.count == 2 * meetings.count)
        for (k, m) in meetings.enumerated() {
            let a = m["a"]?.stringValue ?? "", b = m["b"]?.stringValue ?? "", slot = m["slot"]?.stringValue ?? ""
            let start = plan["slots"]?.arrayValue?.first { $0["id"]?.stringValue == slot }?["start"]?.stringValue ?? "?"
            let table = m["table"].map { "\($0)" } ?? "?"
            #expect(Array(sheet[2 * k][6...]) == [names[a] ?? "?", b, names[b] ?? "?", slot, start, table], "\(sheet[2 * k])")
            #expect(Array(sheet[2 * k + 1][6...]) == [names[b] ?? "?", a, names[a] ?? "?", slot, start, table], "\(sheet[2 * k + 1])")
        }
        var filled = lines[0].joined(separator: ",") + "\n"
        for (r, a) in zip(sheet, Self.answers) { filled += ([r[0], r[1], a.0, a.1, a.2, ""] + r[6...]).joined(separator: ",") + "\n" }
        let bySheet = try CLI.run(["event", "outcomes", try dir.write("sheet-filled.csv", filled), "--schedule", schedule, "--db", dir.path("s.sqlite"), "--format", "json"])
        let byTemplate = try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", dir.path("t.sqlite"), "--format", "json"])
        #expect(bySheet.status == 0 && byTemplate.status == 0, "\(bySheet.stderr)")
        #expect(try JSONParser.parse(bySheet.stdout)["meetings"] == JSONParser.parse(byTemplate.stdout)["meetings"])
    }

    /// Importing the blank template (or a half-filled sheet) after the filled one loses
    /// nothing: meetings recorded as held or with a no-show stay so; rows with every cell
    /// empty are skipped; a comment on a blank meeting records its cancellation.
    @Test func aBlankTemplateDoesNotUndoRecordedMeetings() throws {
        let dir = try TemporaryDirectory()
        let (schedule, outcomes, rows) = try Self.planned(dir)
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", db]).status == 0)
        let template = try String(contentsOfFile: dir.path("tpl/outcomes.csv"), encoding: .utf8)
        let blank = try dir.write("blank.csv", template + ",,,,,\n,,,,,\n")
        let again = try CLI.run(["event", "outcomes", blank, "--schedule", schedule, "--db", db, "--format", "json"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        let j = try JSONParser.parse(again.stdout)
        // 4 held and 1 no-show kept; the cancelled meeting was blank before and is unchanged.
        #expect(j["keptAsRecorded"] == 5)
        #expect(j["meetings"] == .object(JSONObject([("recorded", .int(6)), ("held", .int(4)), ("noShow", .int(1)), ("cancelled", .int(1))])))
        #expect(j["rows"] == .object(JSONObject([("added", .int(0)), ("changed", .int(0)), ("unchanged", .int(12))])))
        let text = try CLI.run(["event", "outcomes", blank, "--schedule", schedule, "--db", db])
        #expect(text.stdout.contains("; 5 meetings kept as recorded (their rows are blank in the file; write a comment to record a cancellation)"), "\(text.stdout)")
        let report = try JSONParser.parse(try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db, "--format", "json"]).stdout)
        #expect(report["meetings"]?["held"] == 4 && report["noShows"]?["sides"] == 1)

        // The first meeting (held) cancelled after all: attended empty, a comment.
        var lines = template.split(whereSeparator: \.isNewline).map(String.init)
        lines[1] += "cancelled"
        let cancel = try CLI.run(["event", "outcomes", try dir.write("cancel.csv", lines.joined(separator: "\n") + "\n"), "--schedule", schedule, "--db", db, "--format", "json"])
        #expect(cancel.status == 0, "stderr: \(cancel.stderr)")
        let c = try JSONParser.parse(cancel.stdout)
        #expect(c["keptAsRecorded"] == 4)
        #expect(c["meetings"]?["held"] == 3 && c["meetings"]?["cancelled"] == 2)
        #expect(c["rows"]?["changed"] == 2)
        #expect(rows[0][0] == rows[1][0])
        // The blank sheet again: the cancellation with its comment is kept too.
        let third = try JSONParser.parse(try CLI.run(["event", "outcomes", blank, "--schedule", schedule, "--db", db, "--format", "json"]).stdout)
        #expect(third["keptAsRecorded"] == 5 && third["rows"]?["changed"] == 0, "\(third)")
        #expect(third["meetings"]?["held"] == 3 && third["meetings"]?["cancelled"] == 2)
    }

    /// An erasure is not undone by importing the event's sheet again (it still names the
    /// erased participant): their meetings are left out and said to be, whether the event is
    /// stored in the database (x.sqlite, planned there) or only given as a schedule file.
    @Test func anErasedParticipantStaysErasedWhenTheSheetIsImportedAgain() throws {
        let dir = try TemporaryDirectory()
        let (schedule, outcomes, rows) = try Self.planned(dir)
        // The first held meeting's side a: in how many meetings of the sheet?
        let erased = rows[0][1]
        let theirs = Set(rows.filter { $0[1] == erased }.map { $0[0] }).count
        #expect(theirs >= 1)
        for db in [dir.path("x.sqlite"), dir.path("y.sqlite")] {
            #expect(try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", db]).status == 0)
            #expect(try CLI.run(["participants", "delete", erased, "--db", db]).status == 0)
            #expect(try CLI.run(["participants", "personal-data", erased, "--db", db]).status == 66)
            let again = try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", db, "--format", "json"])
            #expect(again.status == 0, "stderr: \(again.stderr)")
            let json = try JSONParser.parse(again.stdout)
            #expect(json["erasedLeftOut"] == .int(Int64(theirs)), "\(again.stdout)")
            #expect(json["meetings"]?["recorded"] == .int(Int64(6 - theirs)))
            #expect(json["rows"]?["added"] == .int(0), "nothing comes back: \(again.stdout)")
            let found = try CLI.run(["participants", "personal-data", erased, "--db", db])
            #expect(found.status == 66, "the erased participant is not found again: \(found.stdout)")
            let text = try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", db])
            #expect(text.stdout.contains("; \(theirs) meeting\(theirs == 1 ? "" : "s") left out: \(theirs == 1 ? "it names" : "they name") a participant erased from the database (participants delete)"), "\(text.stdout)")
            // The report says why its figures are lower than the sheet's, naming no one.
            let report = try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db])
            #expect(report.stdout.contains("the meetings of 1 participant erased since (participants delete) are left out of every figure"), "\(report.stdout)")
            #expect(!report.stdout.contains(erased))
            let reportJSON = try JSONParser.parse(try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db, "--format", "json"]).stdout)
            #expect(reportJSON["erasedParticipants"] == 1 && reportJSON["meetings"]?["recorded"] == .int(Int64(6 - theirs)), "\(reportJSON)")
            #expect(try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db, "--out", dir.path("rep-\(theirs)")]).status == 0)
            let summary = try String(contentsOfFile: dir.path("rep-\(theirs)/outcome-summary.csv"), encoding: .utf8)
            #expect(summary.hasSuffix("participants erased (meetings left out),1\r\n") || summary.hasSuffix("participants erased (meetings left out),1\n"), "\(summary)")
        }
        // Erased before the event's outcomes ever came in (the event only a schedule file): the
        // first import leaves them out too, and does not keep their schedule name as a guest's.
        let fresh = dir.path("z.sqlite")
        #expect(try CLI.run(["history", "import", try dir.write("h.jsonl", "{\"a\": \"\(erased)\", \"b\": \"someone\", \"kind\": \"project\", \"date\": \"2020-01-01\", \"source\": \"crm\"}\n"), "--db", fresh]).status == 0)
        #expect(try CLI.run(["participants", "delete", erased, "--db", fresh]).status == 0)
        let first = try JSONParser.parse(try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", fresh, "--format", "json"]).stdout)
        #expect(first["erasedLeftOut"] == .int(Int64(theirs)) && first["meetings"]?["recorded"] == .int(Int64(6 - theirs)), "\(first)")
        #expect(try CLI.run(["participants", "personal-data", erased, "--db", fresh]).status == 66)
    }

    /// A comment with an escape or a NUL is refused, naming the line; line breaks stay.
    @Test func aCommentWithAControlCharacterIsRefused() throws {
        let dir = try TemporaryDirectory()
        let (schedule, _, rows) = try Self.planned(dir)
        var sheet = "uid,participant,attended,rating,followUp,comment\n"
        sheet += "\(rows[0][0]),\(rows[0][1]),yes,4,yes,\"nice \u{1B}[31mred\u{1B}[0m chat \u{7}\"\n"
        sheet += "\(rows[1][0]),\(rows[1][1]),yes,5,,\"two\nlines\"\n"
        let r = try CLI.run(["event", "outcomes", try dir.write("ctl.csv", sheet), "--schedule", schedule, "--db", dir.path("c.sqlite")])
        #expect(r.status == 65)
        #expect(r.stderr.contains(#"line 2: comment "nice \u001b[31mred\u001b[0m chat \u0007": contains the control character U+001B"#), "\(r.stderr)")
        #expect(!r.stderr.contains("line 3"), "a line break in a comment is fine: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("c.sqlite")))
    }

    @Test func importReportAndReimportChangeNothing() throws {
        let dir = try TemporaryDirectory()
        let (schedule, outcomes, rows) = try Self.planned(dir)
        let db = dir.path("x.sqlite")
        let first = try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", db])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout == "c2c-2026: 6 meetings recorded (4 held, 1 with a no-show, 1 cancelled); rows: 12 added, 0 changed, 0 unchanged; 1 of the cancelled has blank rows in the file (as the template leaves them): recorded as cancelled until a file says what happened\n")
        let again = try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", db, "--format", "json"])
        #expect(again.status == 0)
        let json = try JSONParser.parse(again.stdout)
        #expect(json["rows"] == .object(JSONObject([("added", .int(0)), ("changed", .int(0)), ("unchanged", .int(12))])))

        // The report against a count by hand from `answers`.
        let report = try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db, "--format", "json"])
        #expect(report.status == 0, "stderr: \(report.stderr)")
        let r = try JSONParser.parse(report.stdout)
        #expect(r["meetings"]?["held"] == .int(4))
        #expect(r["meetings"]?["noShow"] == .int(1))
        #expect(r["meetings"]?["cancelled"] == .int(1))
        #expect(r["noShows"]?["sides"] == .int(1))
        // The cancelled meeting is the third template pair (rows 5 and 6), named with its slot.
        let cancelled = try #require(r["cancelledMeetings"]?.arrayValue)
        #expect(cancelled.count == 1)
        #expect(cancelled.first?["uid"]?.stringValue == rows[4][0] && rows[4][0] == rows[5][0])
        #expect(Set([cancelled.first?["a"]?.stringValue, cancelled.first?["b"]?.stringValue]) == Set([rows[4][1], rows[5][1]]))
        // The event's guests are not participants of the database: named from the schedule.
        let planned = try JSONParser.parse(try String(contentsOfFile: schedule, encoding: .utf8))
        let scheduleNames = Dictionary(uniqueKeysWithValues: (planned["participants"]?.arrayValue ?? []).compactMap { p in
            p["id"]?.stringValue.map { ($0, p["name"]?.stringValue) }
        })
        for side in ["a", "b"] {
            let id = try #require(cancelled.first?[side]?.stringValue)
            #expect(scheduleNames[id] != nil && cancelled.first?[side + "Name"]?.stringValue == scheduleNames[id] ?? nil, "\(id): \(scheduleNames)")
        }
        // The event is stored (planned in this database): the cancelled meeting shows its local
        // start, the schedule's slot start in the event's zone (written with its offset).
        let slot = try #require(cancelled.first?["slot"]?.stringValue)
        let start = try #require(planned["slots"]?.arrayValue?.first { $0["id"]?.stringValue == slot }?["start"]?.stringValue)
        let clock = String(start.dropFirst(11).prefix(5)), day = String(start.prefix(10))
        #expect(cancelled.first?["time"]?.stringValue == clock && cancelled.first?["date"]?.stringValue == day)
        let table = try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db]).stdout
        #expect(table.contains("  \(day) \(clock) (slot \(slot)): "), "\(table)")
        // Ratings at held meetings: 4,5 · 5,4 · 2 · 3,4 → one 2, one 3, three 4s, two 5s; mean 27/7.
        #expect(r["ratings"]?["distribution"] == .object(JSONObject([("1", .int(0)), ("2", .int(1)), ("3", .int(1)), ("4", .int(3)), ("5", .int(2))])))
        #expect(abs((r["ratings"]?["mean"]?.doubleValue ?? 0) - 27.0 / 7) < 1e-4)
        #expect(r["followUps"]?["meetings"] == .int(2))
        #expect(r["followUps"]?["rate"]?.doubleValue == 0.5)
        let deciles = try #require(r["byScoreDecile"]?.arrayValue)
        #expect(deciles.count == 10)
        #expect(deciles.reduce(0) { $0 + ($1["meetings"]?.intValue ?? 0) } == 4)
        #expect(deciles.reduce(0) { $0 + ($1["followUps"]?.intValue ?? 0) } == 2)

        // Files: HTML with three SVG charts, JSON equal to stdout, the CSVs.
        let out = try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db, "--out", dir.path("report")])
        #expect(out.status == 0)
        #expect(out.stdout == "wrote 5 file(s) to \(dir.path("report"))\n")
        let html = try String(contentsOfFile: dir.path("report/outcome-report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
        #expect(html.contains("<b>1</b>meeting with a no-show</div>") && html.contains("<h2>Cancelled meetings (1)</h2>"))
        let text = try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db]).stdout
        #expect(text.contains("cancelled: ") && text.contains(rows[4][1]) && text.contains(rows[5][1]), "\(text)")
        // For people, 27/7 is 3.9 and rates are percentages; the files keep four decimals.
        #expect(html.contains("<b>3.9</b>mean rating</div>") && text.contains("7 ratings, mean 3.9;"), "\(text)")
        #expect(!text.contains("1.0000") && !text.contains("0.5000"), "\(text)")
        let few = "Only 4 held meetings (at most 1 a decile): too few for the deciles to show a trend"
        #expect(text.contains(few) && html.contains(few), "\(text)")
        #expect(!html.contains("<script"))
        #expect(try String(contentsOfFile: dir.path("report/outcome-report.json"), encoding: .utf8) == report.stdout)
        let summary = try String(contentsOfFile: dir.path("report/outcome-summary.csv"), encoding: .utf8)
        #expect(summary.contains("held,4"))
        #expect(summary.contains("meetings followed up,2"))
        // The next event: se-robot-0042 (or whoever stayed away) is named in a warning.
        let next = try String(contentsOfFile: Self.fixture, encoding: .utf8)
            .replacingOccurrences(of: "\"c2c-2026\"", with: "\"c2c-2027\"").replacingOccurrences(of: "2026-03-10", with: "2027-03-10")
        let plan = try CLI.run(["event", "plan", try dir.write("next.json", next), "--db", db])
        var absent: [String] = []
        for line in try String(contentsOfFile: outcomes, encoding: .utf8).split(whereSeparator: \.isNewline) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if cells.count > 2 && cells[2] == "no" { absent.append(cells[1]) }
        }
        #expect(absent.count == 1)
        #expect(plan.stderr.contains("1 participant(s) did not come to a meeting at their last event and get lower priority for meetings: \(absent[0])"), "stderr: \(plan.stderr)")

        // The first meeting's participant finds both sides' reports in its personal data, though
        // it is a guest of the event, not a participant of this database.
        let first0 = rows[0][1], uid0 = rows[0][0]
        let personal = try JSONParser.parse(try CLI.run(["participants", "personal-data", first0, "--db", db]).stdout)
        #expect(personal["participant"] == .null && personal["id"]?.stringValue == first0)
        let met = try #require(personal["meetingOutcomes"]?.arrayValue)
        #expect(met.allSatisfy { $0["a"]?.stringValue == first0 || $0["b"]?.stringValue == first0 })
        let m0 = try #require(met.first { $0["uid"]?.stringValue == uid0 })
        #expect(m0["status"] == "held" && m0["event"] == "c2c-2026" && m0["score"]?.doubleValue != nil)
        let sides = try #require(m0["sides"]?.arrayValue)
        #expect(sides.compactMap { $0["rating"]?.intValue } .sorted() == [4, 5])
        #expect(sides.contains { $0["participant"]?.stringValue == first0 })
        // After delete, nothing is left to list.
        #expect(try CLI.run(["participants", "delete", first0, "--db", db]).status == 0)
        #expect(try CLI.run(["participants", "personal-data", first0, "--db", db]).status == 66)
    }

    @Test func aBadFileExits65NamingFileLineFieldAndValueAndStoresNothing() throws {
        let dir = try TemporaryDirectory()
        let (schedule, outcomes, _) = try Self.planned(dir)
        let db = dir.path("x.sqlite")
        var lines = try String(contentsOfFile: outcomes, encoding: .utf8).components(separatedBy: "\n")
        lines[4] = lines[4].replacingOccurrences(of: ",no,,,", with: ",nope,,,")  // line 5: the no-show
        lines[7] = lines[7].replacingOccurrences(of: ",yes,5,yes,", with: ",yes,9,yes,")  // line 8
        let bad = try dir.write("bad.csv", lines.joined(separator: "\n"))
        let r = try CLI.run(["event", "outcomes", bad, "--schedule", schedule, "--db", db])
        #expect(r.status == 65)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("\(bad): line 5: attended \"nope\": must be yes, no or empty"), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("\(bad): line 8: rating \"9\": must be a whole number from 1 to 5, or empty"), "stderr: \(r.stderr)")
        // Nothing was stored: the report finds no outcomes.
        let report = try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db])
        #expect(report.status == 66)
        #expect(report.stderr.contains("no outcomes are stored for event \"c2c-2026\""))
        // A schedule that does not exist: 66.
        let missing = try CLI.run(["event", "outcomes", outcomes, "--schedule", dir.path("none.json"), "--db", db])
        #expect(missing.status == 66)
        // After a good import, a bad one leaves it as it was.
        #expect(try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", db]).status == 0)
        let before = try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db, "--format", "json"]).stdout
        #expect(try CLI.run(["event", "outcomes", bad, "--schedule", schedule, "--db", db]).status == 65)
        #expect(try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db, "--format", "json"]).stdout == before)
    }

    /// Value problems and problems of the join with the schedule come in one run, by line.
    @Test func everyProblemOfAFileIsReportedInOneRunSortedByLine() throws {
        let dir = try TemporaryDirectory()
        let (schedule, _, rows) = try Self.planned(dir)
        let db = dir.path("x.sqlite")
        var cells = zip(rows, Self.answers).map { r, a in [r[0], r[1], a.0, a.1, a.2, ""] }
        cells[0][2] = "nope"                                   // line 2: a value
        cells[2][3] = "9"                                      // line 4: a value
        cells[3][2] = "yes"; cells[3][4] = "often"             // line 5: a value
        cells[4][2] = "yes"                                    // line 7: attended empty on this row only
        cells.append(["m00000000000000000000000000000000.c2c-2026@clustermatch", rows[0][1], "yes", "", "", ""])  // line 14: no such meeting
        cells.append([rows[8][0], "xx-none-0001", "yes", "", "", ""])  // line 15: not in the meeting
        let text = "uid,participant,attended,rating,followUp,comment\n" + cells.map { $0.joined(separator: ",") + "\n" }.joined()
        let bad = try dir.write("six.csv", text)
        let r = try CLI.run(["event", "outcomes", bad, "--schedule", schedule, "--db", db])
        #expect(r.status == 65)
        let expected = [
            "\(bad): line 2: attended \"nope\": must be yes, no or empty",
            "\(bad): line 4: rating \"9\": must be a whole number from 1 to 5, or empty",
            "\(bad): line 5: followUp \"often\": must be yes, no or empty",
            "\(bad): line 7: attended \"\": empty on this row only",
            "\(bad): line 14: uid \"m00000000000000000000000000000000.c2c-2026@clustermatch\": no meeting of event \"c2c-2026\" (revision 1) has this uid",
            "\(bad): line 15: participant \"xx-none-0001\": is not in this meeting",
        ]
        var last = r.stderr.startIndex
        for e in expected {
            let found = r.stderr.range(of: e, range: last..<r.stderr.endIndex)
            #expect(found != nil, "missing or out of order: \(e)\nstderr: \(r.stderr)")
            if let found { last = found.upperBound }
        }
        #expect(r.stderr.components(separatedBy: "\(bad): line").count - 1 == 6, "stderr: \(r.stderr)")
        #expect(try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db]).status == 66)
    }

    /// A sheet saved from a spreadsheet: headers in its own spelling, informational columns.
    @Test func spreadsheetHeadersAndInformationalColumnsAreRead() throws {
        let dir = try TemporaryDirectory()
        let (schedule, _, rows) = try Self.planned(dir)
        let db = dir.path("x.sqlite")
        var text = "UID,Participant,Name,Partner,Attended,Rating,Follow-up,Comment,Table\n"
        for (r, a) in zip(rows, Self.answers) { text += "\(r[0]),\(r[1]),Some Name,someone,\(a.0),\(a.1),\(a.2),,2\n" }
        let sheet = try dir.write("sheet.csv", text)
        let r = try CLI.run(["event", "outcomes", sheet, "--schedule", schedule, "--db", db])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("c2c-2026: 6 meetings recorded (4 held, 1 with a no-show, 1 cancelled); rows: 12 added, 0 changed, 0 unchanged; "), "\(r.stdout)")
        // Any other column is still an error, named with the columns read.
        let other = try dir.write("other.csv", text.replacingOccurrences(of: ",Table\n", with: ",Score\n"))
        let bad = try CLI.run(["event", "outcomes", other, "--schedule", schedule, "--db", db])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("\(other): line 1: header \"Score\": unknown column; the columns are uid,participant,attended,rating,followUp,comment"), "stderr: \(bad.stderr)")
    }

    /// Outcomes of one event against another event's schedule: one problem, naming both events.
    @Test func outcomesForAnotherEventsScheduleGiveOneError() throws {
        let dir = try TemporaryDirectory()
        let (_, outcomes, _) = try Self.planned(dir)
        let db = dir.path("x.sqlite")
        let next = try String(contentsOfFile: Self.fixture, encoding: .utf8)
            .replacingOccurrences(of: "\"c2c-2026\"", with: "\"c2c-2027\"").replacingOccurrences(of: "2026-03-10", with: "2027-03-10")
        #expect(try CLI.run(["event", "plan", try dir.write("next.json", next), "--db", db, "--out", dir.path("plan2")]).status == 0)
        let r = try CLI.run(["event", "outcomes", outcomes, "--schedule", dir.path("plan2/schedule.json"), "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(outcomes): line 2: uid \""), "stderr: \(r.stderr)")
        #expect(r.stderr.contains("the file's uids are meetings of event \"c2c-2026\", the schedule is of event \"c2c-2027\" (revision 1)"), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("has this uid"))
        #expect(r.stderr.hasPrefix("error: outcomes import failed: 1 problem in \(outcomes); nothing was stored.\n"), "stderr: \(r.stderr)")
        #expect(r.stderr.components(separatedBy: outcomes).count - 1 == 2, "stderr: \(r.stderr)")  // the count, then the one problem
    }

    /// A JSON array on one line: problems name the element; a rating as a string is read.
    @Test func jsonProblemsNameTheElementAndRatingsMayBeStrings() throws {
        let dir = try TemporaryDirectory()
        let (schedule, _, rows) = try Self.planned(dir)
        let db = dir.path("x.sqlite")
        func element(_ r: [String], _ a: (String, String, String)) -> String {
            let attended = a.0.isEmpty ? "null" : "\"\(a.0)\""
            return #"{"uid": "\#(r[0])", "participant": "\#(r[1])", "attended": \#(attended), "rating": "\#(a.1)", "followUp": "\#(a.2)"}"#
        }
        let good = "[" + zip(rows, Self.answers).map(element).joined(separator: ", ") + "]"
        var answers = Self.answers
        answers[3] = ("yes", "9", "")
        let bad = "[" + zip(rows, answers).map(element).joined(separator: ", ") + "]"
        let badFile = try dir.write("bad.json", bad)
        let r = try CLI.run(["event", "outcomes", badFile, "--schedule", schedule, "--db", db])
        #expect(r.status == 65)
        #expect(r.stderr.contains("\(badFile): [3].rating \"9\": must be a whole number from 1 to 5, or empty"), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("line 1"))
        let ok = try CLI.run(["event", "outcomes", try dir.write("good.json", good), "--schedule", schedule, "--db", db])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout.hasPrefix("c2c-2026: 6 meetings recorded (4 held, 1 with a no-show, 1 cancelled)"))
        let report = try JSONParser.parse(try CLI.run(["event", "outcome-report", "c2c-2026", "--db", db, "--format", "json"]).stdout)
        #expect(report["ratings"]?["count"] == .int(7))
    }

    /// The report counts in words that agree with the numbers, names no-shows by name and
    /// id, and shows the comments (HTML table, CSV, JSON).
    @Test func theReportNamesNoShowsAndShowsComments() throws {
        let dir = try TemporaryDirectory()
        let db = try ServeParityTests.database(dir, name: "r.sqlite")
        let fixtures = ServeParityTests.fixtures
        #expect(try CLI.run(["event", "plan", fixtures + "/event.json", "--db", db, "--out", dir.path("plan")]).status == 0)
        let imported = try CLI.run(["event", "outcomes", fixtures + "/outcomes.json", "--schedule", dir.path("plan/schedule.json"), "--db", db])
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        let text = try CLI.run(["event", "outcome-report", "sound-2026", "--db", db])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.contains("no-shows: 1 side (1 participant); 4 ratings, mean 4.0; followed up: 1 of 2 held\n"), "\(text.stdout)")
        #expect(text.stdout.contains("did not come: Oulu Learning Oy (fi-ml-0001)\n"))
        #expect(text.stdout.contains("1 comment: "))
        #expect(!text.stdout.contains("1 participants") && !text.stdout.contains("1 sides"))
        let json = try JSONParser.parse(try CLI.run(["event", "outcome-report", "sound-2026", "--db", db, "--format", "json"]).stdout)
        // The meeting fi-ml-0001 missed (outcomes.json: attended "no"), with its slot from the schedule.
        let uid = "m024f00fb78a7f78d1b57567931f0757a.sound-2026@clustermatch"
        let plan = try JSONParser.parse(try String(contentsOfFile: dir.path("plan/schedule.json"), encoding: .utf8))
        let slot = try #require(plan["meetings"]?.arrayValue?.first { $0["uid"]?.stringValue == uid }?["slot"]?.stringValue)
        let named = try #require(json["noShows"]?["named"]?.arrayValue)
        #expect(named.count == 1 && named[0]["id"] == "fi-ml-0001" && named[0]["name"] == "Oulu Learning Oy" && named[0]["meetings"] == .int(1))
        let missed = try #require(named[0]["missed"]?.arrayValue?.first)
        #expect(named[0]["missed"]?.arrayValue?.count == 1 && missed["uid"] == .string(uid) && missed["slot"] == .string(slot)
                && missed["partner"] == "dk-ai-0001" && missed["partnerName"] == "Audio AI ApS" && missed["date"] == "2026-03-10", "\(missed)")
        let comments = try #require(json["comments"]?.arrayValue)
        #expect(comments.count == 1)
        #expect(comments.first?["participant"] == "de-mic-0001" && comments.first?["comment"] == "samples sent" && comments.first?["partner"] == "dk-sound-0001")
        #expect(try CLI.run(["event", "outcome-report", "sound-2026", "--db", db, "--out", dir.path("report")]).status == 0)
        let html = try String(contentsOfFile: dir.path("report/outcome-report.html"), encoding: .utf8)
        #expect(html.contains("<h2>Comments (1)</h2>"))
        #expect(html.contains("<td>Mikrofonwerk GmbH<br><span class=\"sub\">de-mic-0001</span></td><td>Example Acoustics ApS<br><span class=\"sub\">dk-sound-0001</span></td><td class=\"num\">4</td><td>yes</td><td class=\"comment\">samples sent</td>"), "\(html)")
        #expect(html.contains("td.comment{white-space:pre-line}"))  // a comment's line breaks show
        #expect(html.contains("<b>1</b>meeting with a no-show</div>"))
        #expect(html.contains("<tr><td>Oulu Learning Oy</td><td>fi-ml-0001</td><td class=\"num\">1</td><td>with Audio AI ApS, 2026-03-10 \(missed["time"]?.stringValue ?? "?") (slot \(slot))</td></tr>"), "\(html)")
        let csv = try String(contentsOfFile: dir.path("report/outcome-comments.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("uid,participant,name,partner,partnerName,rating,followUp,comment"))
        // Everyone scheduled here is a participant: no schedule name is kept beside theirs.
        let kept = try DatabaseQueue(path: db).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM history_node") }
        #expect(kept == 0)
        #expect(csv.contains(",de-mic-0001,Mikrofonwerk GmbH,dk-sound-0001,Example Acoustics ApS,4,yes,samples sent"))
    }

    /// The next year's event: the pairs that met are not suggested again; the accepted
    /// request of a pair that met is planned; the pending one is reported with the reason.
    @Test func theNextEventDoesNotSuggestPairsThatMetAgain() throws {
        let dir = try TemporaryDirectory()
        let (schedule, _, rows) = try Self.planned(dir)
        let db = dir.path("x.sqlite")
        // Every meeting held.
        let all = "uid,participant,attended,rating,followUp,comment\n" + rows.map { "\($0[0]),\($0[1]),yes,,,\n" }.joined()
        #expect(try CLI.run(["event", "outcomes", try dir.write("all.csv", all), "--schedule", schedule, "--db", db]).status == 0)
        let next = try String(contentsOfFile: Self.fixture, encoding: .utf8)
            .replacingOccurrences(of: "\"c2c-2026\"", with: "\"c2c-2027\"").replacingOccurrences(of: "2026-03-10", with: "2027-03-10")
            .replacingOccurrences(of: "2026-03-01T12:00:00Z", with: "2027-03-01T12:00:00Z")
        let file = try dir.write("next.json", next)
        let plain = try CLI.run(["event", "plan", file, "--db", dir.path("fresh.sqlite"), "--format", "json"])
        let planned = try CLI.run(["event", "plan", file, "--db", db, "--format", "json"])
        #expect(planned.status == 0, "stderr: \(planned.stderr)")
        #expect(planned.stderr.contains("warning: 3 candidate pair(s) met at an earlier event and are not suggested again"), "stderr: \(planned.stderr)")
        #expect(!plain.stderr.contains("earlier event"))
        func pairs(_ text: String) throws -> [String: String] {
            let s = try JSONParser.parse(text)
            return Dictionary(uniqueKeysWithValues: (s["meetings"]?.arrayValue ?? []).map { ($0["a"]!.stringValue! + "|" + $0["b"]!.stringValue!, $0["origin"]!.stringValue!) })
        }
        let without = try pairs(plain.stdout), with = try pairs(planned.stdout)
        #expect(without["dk-ai-0001|dk-sound-0001"] == "suggested")  // without history the best suggestion is planned
        #expect(with == ["dk-sound-0001|se-robot-0042": "accepted", "dk-ai-0001|fi-grip-0003": "locked"])
        let unplaced = try #require(try JSONParser.parse(planned.stdout)["unplaced"]?.arrayValue)
        #expect(unplaced.count == 1)
        #expect(unplaced.first?["a"] == "dk-ai-0001" && unplaced.first?["b"] == "no-sea-0007" && unplaced.first?["origin"] == "pending")
        #expect(unplaced.first?["reason"] == "met at event c2c-2026 on 2026-03-10: only an accepted request plans a pair that met before")
        // Re-planning the first event itself ignores its own outcomes.
        let replan = try CLI.run(["event", "replan", Self.fixture, "--previous", schedule, "--db", db, "--format", "json"])
        #expect(replan.status == 0)
        #expect(try pairs(replan.stdout).count == 6)
        // But it does not change what happened. Robot AB free only after the break: its
        // meetings, all held, stay where they were (the slots that are over are closed).
        let fixture = try String(contentsOfFile: Self.fixture, encoding: .utf8)
        let later = fixture.replacingOccurrences(of: #""available": ["s01", "s02", "s03"]"#, with: #""available": ["s04", "s05"]"#)
        #expect(later != fixture)
        let kept = try CLI.run(["event", "replan", try dir.write("later.json", later), "--previous", schedule, "--db", db, "--format", "json"])
        #expect(kept.status == 0, "stderr: \(kept.stderr)")
        let held = try JSONParser.parse(String(contentsOfFile: schedule, encoding: .utf8))["meetings"]?.arrayValue ?? []
        let now = try JSONParser.parse(kept.stdout)["meetings"]?.arrayValue ?? []
        #expect(Set(now.map { "\($0["uid"]!)|\($0["slot"]!)|\($0["table"]!)" }) == Set(held.map { "\($0["uid"]!)|\($0["slot"]!)|\($0["table"]!)" }))
        // Sea Sensors taken out of the file would cancel its meetings, held: refused, named.
        let gone = fixture.replacingOccurrences(of: #"   {"id": "no-sea-0007", "name": "Sea Sensors AS", "country": "NO"},"# + "\n", with: "")
            .replacingOccurrences(of: #"              {"from": "no-sea-0007", "to": "dk-ai-0001", "status": "pending"},"# + "\n", with: "")
            .replacingOccurrences(of: #"                {"a": "no-sea-0007", "b": "se-robot-0042", "score": 0.41},"# + "\n", with: "")
        #expect(!gone.contains("no-sea-0007"))
        let refused = try CLI.run(["event", "replan", try dir.write("gone.json", gone), "--previous", schedule, "--db", db, "--out", dir.path("gone")])
        #expect(refused.status == 65 && refused.stderr.contains("this re-plan of event \"c2c-2026\" would move or cancel 2 meetings whose outcomes are recorded: "), "\(refused.stderr)")
        #expect(refused.stderr.contains("dk-ai-0001–no-sea-0007 (s01: would be cancelled)"), "the meetings are named: \(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("gone")))

        // Between the parts of an event: only the first slot's outcomes are in, so the same
        // change may move Robot AB's later meetings (s02, s03), not its first.
        let between = dir.path("between.sqlite")
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", between, "--out", dir.path("b1")]).status == 0)
        let first = try JSONParser.parse(String(contentsOfFile: dir.path("b1/schedule.json"), encoding: .utf8))["meetings"]?.arrayValue ?? []
        let s01 = first.filter { $0["slot"] == "s01" }.compactMap { $0["uid"]?.stringValue }
        #expect(s01.count == 2)
        let morning = "uid,participant,attended,rating,followUp,comment\n" + rows.filter { s01.contains($0[0]) }.map { "\($0[0]),\($0[1]),yes,4,,\n" }.joined()
        #expect(try CLI.run(["event", "outcomes", try dir.write("morning.csv", morning), "--schedule", dir.path("b1/schedule.json"), "--db", between]).status == 0)
        let rest = fixture.replacingOccurrences(of: #""available": ["s01", "s02", "s03"]"#, with: #""available": ["s01", "s04", "s05"]"#)
        let moved = try CLI.run(["event", "replan", try dir.write("rest.json", rest), "--previous", dir.path("b1/schedule.json"), "--db", between, "--format", "json"])
        #expect(moved.status == 0, "stderr: \(moved.stderr)")
        let after = try JSONParser.parse(moved.stdout)["meetings"]?.arrayValue ?? []
        for uid in s01 { #expect(after.first { $0["uid"]?.stringValue == uid }?["slot"] == "s01", "a held meeting stays: \(uid)") }
        #expect(after.contains { $0["b"] == "se-robot-0042" && ($0["slot"] == "s04" || $0["slot"] == "s05") }, "\(after)")
        // Sea Sensors erased after the first slot: its later meeting is cancelled for the
        // partner; the one that took place in s01 is not cancelled after the fact.
        #expect(try CLI.run(["participants", "delete", "no-sea-0007", "--db", between]).status == 0)
        let erasedReplan = try CLI.run(["event", "replan", dir.path("rest.json"), "--previous", dir.path("b1/schedule.json"), "--db", between, "--format", "json"])
        #expect(erasedReplan.status == 0, "stderr: \(erasedReplan.stderr)")
        let cancelled = try JSONParser.parse(erasedReplan.stdout)["cancelled"]?.arrayValue ?? []
        #expect(!cancelled.isEmpty && cancelled.allSatisfy { $0["slot"] != "s01" }, "\(cancelled)")
        #expect(first.contains { $0["slot"] == "s01" && ($0["a"] == "no-sea-0007" || $0["b"] == "no-sea-0007") }, "it had a meeting in s01")
    }

    /// A `meeting` record of the imported collaboration history is having met, as a meeting
    /// held at an earlier event: the pair is not suggested, its pending request is not
    /// planned, its accepted request is. A record dated after the event does not count.
    @Test func aMeetingInTheImportedHistoryIsMeetingBefore() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("h.sqlite")
        let history = try dir.write("history.jsonl", """
            {"a": "dk-sound-0001", "b": "dk-ai-0001", "kind": "meeting", "date": "2020-05-01", "source": "crm"}
            {"a": "no-sea-0007", "b": "dk-ai-0001", "kind": "meeting", "date": "2021-02-03", "source": "crm"}
            {"a": "dk-sound-0001", "b": "se-robot-0042", "kind": "meeting", "date": "2020-05-01", "source": "crm"}
            {"a": "se-robot-0042", "b": "fi-grip-0003", "kind": "meeting", "date": "2026-03-11", "source": "crm"}

            """)
        let imported = try CLI.run(["history", "import", history, "--db", db])
        #expect(imported.status == 0, "stderr: \(imported.stderr)")
        func pairs(_ text: String) throws -> [String: String] {
            let s = try JSONParser.parse(text)
            return Dictionary(uniqueKeysWithValues: (s["meetings"]?.arrayValue ?? []).map { ($0["a"]!.stringValue! + "|" + $0["b"]!.stringValue!, $0["origin"]!.stringValue!) })
        }
        let plain = try CLI.run(["event", "plan", Self.fixture, "--db", dir.path("fresh.sqlite"), "--format", "json"])
        #expect(try pairs(plain.stdout)["dk-ai-0001|dk-sound-0001"] == "suggested")
        #expect(try pairs(plain.stdout)["fi-grip-0003|se-robot-0042"] == "suggested")
        let planned = try CLI.run(["event", "plan", Self.fixture, "--db", db, "--format", "json"])
        #expect(planned.status == 0, "stderr: \(planned.stderr)")
        let with = try pairs(planned.stdout)
        #expect(with["dk-ai-0001|dk-sound-0001"] == nil)
        #expect(with["dk-sound-0001|se-robot-0042"] == "accepted")
        #expect(with["fi-grip-0003|se-robot-0042"] == "suggested")  // the record is dated after the event
        let unplaced = try #require(try JSONParser.parse(planned.stdout)["unplaced"]?.arrayValue)
        #expect(unplaced.contains { $0["a"] == "dk-ai-0001" && $0["b"] == "no-sea-0007" && $0["origin"] == "pending"
            && $0["reason"] == "met on 2021-02-03 (history: crm): only an accepted request plans a pair that met before" }, "\(unplaced)")
        #expect(planned.stderr.contains("warning: 1 candidate pair(s) met before (0 at an earlier event, 1 in a meeting of the collaboration history) and are not suggested again"), "stderr: \(planned.stderr)")
    }

    /// `event.outcomes`, `event.outcomeReport` and the template export answer as the CLI prints.
    @Test func theServiceAnswersAsTheCommandLine() throws {
        let dir = try TemporaryDirectory()
        let serveDB = try ServeParityTests.database(dir, name: "serve.sqlite")
        let cliDB = try ServeParityTests.database(dir, name: "cli.sqlite")
        let serve = try ServeProcess(["--db", serveDB])
        let event = ServeParityTests.fixtures + "/event.json", outcomes = ServeParityTests.fixtures + "/outcomes.json"
        _ = try ServeParityTests.result(serve, "event.plan", #"{"path": "\#(event)", "out": "\#(dir.path("plan"))"}"#)
        let schedule = dir.path("plan/schedule.json")
        #expect(try CLI.run(["event", "plan", event, "--db", cliDB]).status == 0)  // the report names the stored event
        let served = try ServeParityTests.result(serve, "event.outcomes", #"{"path": "\#(outcomes)", "schedule": "\#(schedule)"}"#)
        let printed = try ServeParityTests.cli(["event", "outcomes", outcomes, "--schedule", schedule], db: cliDB)
        #expect(served == printed)
        #expect(served["meetings"]?["recorded"] == .int(4))
        let servedReport = try ServeParityTests.result(serve, "event.outcomeReport", #"{"event": "sound-2026", "out": "\#(dir.path("serve-report"))"}"#)
        let printedReport = try ServeParityTests.cli(["event", "outcome-report", "sound-2026"], db: cliDB)
        #expect(servedReport == printedReport)
        #expect(try CLI.run(["event", "outcome-report", "sound-2026", "--db", cliDB, "--out", dir.path("cli-report")]).status == 0)
        for file in ["outcome-report.html", "outcome-report.json", "outcome-summary.csv", "outcome-deciles.csv", "outcome-comments.csv"] {
            #expect(try String(contentsOfFile: dir.path("serve-report/\(file)"), encoding: .utf8)
                    == String(contentsOfFile: dir.path("cli-report/\(file)"), encoding: .utf8))
        }
        _ = try ServeParityTests.result(serve, "event.export", #"{"schedule": "\#(schedule)", "format": "outcomes-template", "out": "\#(dir.path("serve-tpl"))"}"#)
        #expect(try CLI.run(["event", "export", schedule, "--format", "outcomes-template", "--out", dir.path("cli-tpl")]).status == 0)
        #expect(try String(contentsOfFile: dir.path("serve-tpl/outcomes.csv"), encoding: .utf8)
                == String(contentsOfFile: dir.path("cli-tpl/outcomes.csv"), encoding: .utf8))
        #expect(try serve.finish().status == 0)
    }
}
