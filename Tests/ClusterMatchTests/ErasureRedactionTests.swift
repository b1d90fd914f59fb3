import Foundation
import GRDB
import JSONSupport
import Testing

/// Erasing a participant takes their name out of what others' records say of them: the
/// reasons of other pairs' meetings ("you both worked with …"), others' comments, the
/// change log and the vector store beside the database.
@Suite("erasure: names in others' records", .serialized)
struct ErasureRedactionTests {
    @Test func erasingACommonPartnerTakesItsNamesOutOfOthersRecords() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("e.sqlite")
        let shared = #"["acoustic sensors", "machine learning", "signal processing", "hearing aids"]"#
        // x and y both worked with Acme Research; Acme Research Labs is another participant
        // whose name contains Acme's: it stays.
        let people = """
            {"id": "x", "kind": "company", "name": "X Sound", "country": "DK", "keywords": \(shared)}
            {"id": "y", "kind": "company", "name": "Y Audio", "country": "SE", "keywords": \(shared), "contact": {"email": "info@acme.example"}}
            {"id": "w", "kind": "company", "name": "W Pilots", "country": "NO", "keywords": ["pilot sites", "hearing aids"]}
            {"id": "acme", "kind": "knowledge-institution", "name": "Acme Research", "country": "DE", "keywords": ["welding"], "contact": {"person": "Mette Ravnsbjerg", "email": "mette@acme.example"}}
            {"id": "labs", "kind": "knowledge-institution", "name": "Acme Research Labs", "country": "DE", "keywords": ["welding"]}

            """
        #expect(try CLI.run(["import", try dir.write("p.jsonl", people), "--db", db]).status == 0)
        #expect(try CLI.run(["history", "import", try dir.write("h.jsonl", HistoryExplanationTests.acmeHistory), "--db", db]).status == 0)
        let event = HistoryExplanationTests.historyEvent
        let plan = try CLI.run(["event", "plan", try dir.write("event.json", event), "--out", dir.path("plan"), "--db", db])
        #expect(plan.status == 0, "stderr: \(plan.stderr)")
        let schedule = try JSONParser.parse(String(contentsOfFile: dir.path("plan/schedule.json"), encoding: .utf8))
        let xy = try #require(schedule["meetings"]?.arrayValue?.first { $0["a"] == "x" && $0["b"] == "y" })
        let uid = try #require(xy["uid"]?.stringValue)
        #expect(xy["reasons"]?.serialized().contains("you both worked with Acme Research (2021)") == true, "\(xy)")
        // x's comment on the meeting with y names Acme's contact person, Acme and Acme Labs.
        let comment = "Mette Ravnsbjerg (ACME RESEARCH) sent us; ask Acme Research Labs too"
        let sheet = "uid,participant,attended,rating,followUp,comment\n\(uid),x,yes,5,yes,\"\(comment)\"\n\(uid),y,yes,4,no,\n"
        let outcomes = try CLI.run(["event", "outcomes", try dir.write("o.csv", sheet), "--schedule", dir.path("plan/schedule.json"), "--db", db])
        #expect(outcomes.status == 0, "stderr: \(outcomes.stderr)")
        // The access request lists others' comments that name Acme.
        let access = try JSONParser.parse(try CLI.run(["participants", "personal-data", "acme", "--db", db]).stdout)
        #expect(access["mentionedInComments"] == .array([.object(JSONObject([("event", "h-2026"), ("uid", .string(uid)), ("comment", .string(comment))]))]),
                "\(access["mentionedInComments"]?.serialized() ?? "none")")
        // A match builds the vector store beside the database.
        #expect(try CLI.run(["match", "x", "--db", db]).status == 0)
        // Its ids are one text, in byte order: "acme" then "labs".
        let before = try Data(contentsOf: URL(fileURLWithPath: db + "-vectors"))
        #expect(before.range(of: Data("acmelabs".utf8)) != nil)

        #expect(try CLI.run(["participants", "delete", "acme", "--db", db]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: db + "-vectors"), "the vector store held Acme's profile")
        let (documents, comments, changes) = try DatabaseQueue(path: db).read { d in
            (try String.fetchAll(d, sql: "SELECT document FROM schedule UNION ALL SELECT document FROM event"),
             try String.fetchAll(d, sql: "SELECT comment FROM meeting_outcome WHERE comment IS NOT NULL"),
             try Int.fetchOne(d, sql: "SELECT count(*) FROM participant_change WHERE participant_id = 'acme'") ?? -1)
        }
        #expect(changes == 0, "the change log keeps no erased id in clear")
        #expect(comments == ["an erased participant (an erased participant) sent us; ask Acme Research Labs too"])
        #expect(!documents.isEmpty)
        for d in documents {
            #expect(!d.replacingOccurrences(of: "Acme Research Labs", with: "").contains("Acme Research"), "\(d)")
            #expect(!d.contains("Ravnsbjerg") && !d.contains("\"acme\""))
        }
        #expect(documents.contains { $0.contains("you both worked with an erased participant (2021)") }, "\(documents)")
        // Y's address is Y's: a value, not text that names Acme.
        #expect(documents.contains { $0.contains("info@acme.example") }, "\(documents)")
        // Acme was a common partner, not at the event: the event does not count it as erased
        // from it, and its report leaves out nothing.
        let report = try CLI.run(["event", "outcome-report", "h-2026", "--db", db])
        #expect(report.status == 0 && !report.stdout.contains("erased"), "\(report.stdout)")
        let erasedFromEvent = try DatabaseQueue(path: db).read { d in try Int.fetchOne(d, sql: "SELECT count(*) FROM erased_participant") ?? -1 }
        #expect(erasedFromEvent == 0)
        // Not in the file's bytes either (secure delete), nor in a write-ahead log left beside it.
        for file in [db, db + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data("Ravnsbjerg".utf8)) == nil, "\(file)")
        }
        // The sheet imported again still holds the comment as first written: the rewritten one stays.
        let again = try CLI.run(["event", "outcomes", dir.path("o.csv"), "--schedule", dir.path("plan/schedule.json"), "--db", db, "--format", "json"])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(try JSONParser.parse(again.stdout)["rows"]?["changed"] == 0, "\(again.stdout)")
        let kept = try DatabaseQueue(path: db).read { d in try String.fetchAll(d, sql: "SELECT comment FROM meeting_outcome WHERE comment IS NOT NULL") }
        #expect(kept == comments)
        // A comment edited since is the organiser's new text.
        let edited = sheet.replacingOccurrences(of: comment, with: "Great meeting")
        #expect(try CLI.run(["event", "outcomes", try dir.write("o2.csv", edited), "--schedule", dir.path("plan/schedule.json"), "--db", db]).status == 0)
        let now = try DatabaseQueue(path: db).read { d in try String.fetchAll(d, sql: "SELECT comment FROM meeting_outcome WHERE comment IS NOT NULL") }
        #expect(now == ["Great meeting"])
        // Text read after the erasure loses the names too: an edited comment that still names
        // Acme's contact, a new event named after Acme, the old schedule file exported again.
        let named = sheet.replacingOccurrences(of: comment, with: "Thanks to mette ravnsbjerg!")
        #expect(try CLI.run(["event", "outcomes", try dir.write("o3.csv", named), "--schedule", dir.path("plan/schedule.json"), "--db", db]).status == 0)
        let thanked = try DatabaseQueue(path: db).read { d in try String.fetchAll(d, sql: "SELECT comment FROM meeting_outcome WHERE comment IS NOT NULL") }
        #expect(thanked == ["Thanks to an erased participant!"])
        let openDay = HistoryExplanationTests.historyEvent.replacingOccurrences(of: #""id": "h-2026", "name": "History""#, with: #""id": "open-2027", "name": "Open day at Acme Research""#)
        #expect(openDay.contains("open-2027"))
        #expect(try CLI.run(["event", "plan", try dir.write("open.json", openDay), "--db", db, "--out", dir.path("open")]).status == 0)
        let openName = try DatabaseQueue(path: db).read { d in try String.fetchAll(d, sql: "SELECT name FROM event WHERE id = 'open-2027' UNION ALL SELECT document FROM event WHERE id = 'open-2027'") }
        #expect(openName.count == 2 && openName.allSatisfy { !$0.contains("Acme Research") } && openName[0] == "Open day at an erased participant", "\(openName)")
        let export = try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", "csv", "--out", dir.path("again"), "--db", db])
        #expect(export.stderr.contains("named participants erased since"), "\(export.stderr)")
        let exported = try String(contentsOfFile: dir.path("again/meetings.csv"), encoding: .utf8)
        #expect(!exported.replacingOccurrences(of: "Acme Research Labs", with: "").contains("Acme Research") && exported.contains("an erased participant (2021)"), "\(exported)")
        // Matching after the erasure builds the store again, without Acme.
        let after = try CLI.run(["match", "x", "--format", "json", "--db", db])
        #expect(after.status == 0 && !after.stdout.contains("Acme Research\""), "\(after.stdout)")
        let store = try Data(contentsOf: URL(fileURLWithPath: db + "-vectors"))
        #expect(store.range(of: Data("acmelabs".utf8)) == nil && store.range(of: Data("labs".utf8)) != nil)
    }
}
