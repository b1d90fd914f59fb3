import Foundation
import GRDB
import JSONSupport
import Testing
@testable import MatchCore

/// `participants delete` erases a participant from stored events and schedules; their
/// meetings become cancellations that the partner's next re-plan reports.
@Suite("erasure from events", .serialized)
struct EventErasureTests {
    static let fixture = EventCLITests.fixture

    /// Every stored event and schedule document, and what erasure kept.
    static func stored(_ db: String) throws -> (documents: [String], pending: Int, digests: Int) {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read { db in
            (try String.fetchAll(db, sql: "SELECT document FROM event UNION ALL SELECT document FROM schedule"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM pending_cancellation")!,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM erased_participant")!)
        }
    }

    @Test func personalDataListsMeetingsAndDeleteErasesThemFromStoredSchedules() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", CLITests.sample), "--db", db]).status == 0)
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("one")]).status == 0)
        // A re-plan, so that more than one revision is stored.
        #expect(try CLI.run(["event", "replan", Self.fixture, "--previous", dir.path("one/schedule.json"), "--db", db, "--out", dir.path("two")]).status == 0)

        // Before: personal-data lists the registration, the requests, the locked meeting and the meetings.
        let r = try CLI.run(["participants", "personal-data", "dk-ai-0001", "--db", db])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let data = try JSONParser.parse(r.stdout)
        let schedules = try #require(data["schedules"]?.arrayValue)
        let kinds = Set(schedules.compactMap { $0["kind"]?.stringValue })
        #expect(kinds.isSuperset(of: ["event.participants", "event.requests", "event.locked", "event.candidates", "schedule.meetings"]), "\(kinds)")
        #expect(schedules.contains { $0["kind"] == "event.locked" && $0["b"] == "fi-grip-0003" && $0["slot"] == "s02" })
        #expect(schedules.contains { $0["kind"] == "schedule.meetings" && $0["revision"] == "2" && $0["b"] == "fi-grip-0003" && $0["origin"] == "locked" })
        let before = try Self.stored(db)
        #expect(before.documents.allSatisfy { $0.contains("dk-ai-0001") })

        // Delete: nothing stored names the participant any more.
        #expect(try CLI.run(["participants", "delete", "dk-ai-0001", "--db", db]).status == 0)
        let after = try Self.stored(db)
        #expect(after.documents.count == 3)
        for d in after.documents { #expect(!d.contains("dk-ai-0001"), "\(d)") }
        #expect(after.digests == 1)
        #expect(after.pending >= 2)  // the locked meeting with fi-grip-0003 and the pending request with no-sea-0007
        let event = try JSONParser.parse(after.documents[0])
        #expect(event["locked"] == [])
        #expect(event["participants"]?.arrayValue?.count == 4)
        #expect(event["requests"]?.arrayValue?.count == 2)
        // Nothing is left to show, and a second delete finds nobody.
        #expect(try CLI.run(["participants", "personal-data", "dk-ai-0001", "--db", db]).status == 66)
        #expect(try CLI.run(["participants", "delete", "dk-ai-0001", "--db", db]).status == 66)
    }

    @Test func thePartnersNextReplanReportsTheCancellation() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        // Nobody in the directory: the fixture's explicit candidates name people the database does not know.
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("one")]).status == 0)
        let one = try JSONParser.parse(String(contentsOfFile: dir.path("one/schedule.json"), encoding: .utf8))
        let locked = try #require(one["meetings"]?.arrayValue?.first { $0["origin"] == "locked" })
        #expect(locked["a"] == "dk-ai-0001" && locked["b"] == "fi-grip-0003")
        let theirs = one["meetings"]!.arrayValue!.filter { $0["a"] == "dk-ai-0001" || $0["b"] == "dk-ai-0001" }

        #expect(try CLI.run(["participants", "delete", "dk-ai-0001", "--db", db]).status == 0)
        // The organiser re-plans from the files written before the erasure: they still name the participant.
        let r = try CLI.run(["event", "replan", Self.fixture, "--previous", dir.path("one/schedule.json"), "--db", db, "--out", dir.path("two")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("erased"))
        let text = try String(contentsOfFile: dir.path("two/schedule.json"), encoding: .utf8)
        #expect(!text.contains("dk-ai-0001"))
        let two = try JSONParser.parse(text)
        #expect(!(two["meetings"]?.arrayValue ?? []).contains { $0["uid"] == locked["uid"] })
        let cancelled = try #require(two["cancelled"]?.arrayValue)
        for m in theirs {
            let partner = m["a"] == "dk-ai-0001" ? m["b"]! : m["a"]!
            let c = try #require(cancelled.first { $0["uid"] == m["uid"] }, "\(m)")
            #expect(c["sequence"]?.intValue == m["sequence"]!.intValue! + 1)
            #expect(c["slot"] == m["slot"] && c["table"] == m["table"])
            #expect(two["changes"]?.arrayValue?.contains { $0["participant"] == partner && $0["change"] == "cancelled" && $0["uid"] == m["uid"] } == true)
        }
        #expect(!(two["changes"]?.arrayValue ?? []).contains { $0["participant"] == "(erased participant)" })
        // The partner's calendar gets a cancellation with a higher SEQUENCE.
        #expect(try CLI.run(["event", "export", dir.path("two/schedule.json"), "--format", "ics", "--out", dir.path("out")]).status == 0)
        let ics = try String(contentsOfFile: dir.path("out/ics/fi-grip-0003-cancel.ics"), encoding: .utf8)
        #expect(ics.contains("METHOD:CANCEL"))
        #expect(ics.contains("UID:\(locked["uid"]!.stringValue!)"))
        #expect(ics.contains("SEQUENCE:\(locked["sequence"]!.intValue! + 1)"))
        #expect(ICalendarCheck.problems(ics) == [])
        // Reported: no longer pending. The stored event and schedules still do not name them.
        let after = try Self.stored(db)
        #expect(after.pending == 0)
        for d in after.documents { #expect(!d.contains("dk-ai-0001")) }
    }

    @Test func aReplanFromTheScheduleStoredAfterTheErasureStillReportsIt() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("one")]).status == 0)
        #expect(try CLI.run(["participants", "delete", "dk-ai-0001", "--db", db]).status == 0)
        // The previous schedule as the database now holds it (the participant's meetings are gone from it).
        let queue = try DatabaseQueue(path: db)
        let (scrubbedSchedule, scrubbedEvent) = try queue.read { db in
            (try String.fetchOne(db, sql: "SELECT document FROM schedule")!, try String.fetchOne(db, sql: "SELECT document FROM event")!)
        }
        try queue.close()
        let previous = try dir.write("previous.json", scrubbedSchedule)
        let event = try dir.write("event.json", scrubbedEvent)
        let r = try CLI.run(["event", "replan", event, "--previous", previous, "--db", db, "--out", dir.path("two")])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let two = try JSONParser.parse(String(contentsOfFile: dir.path("two/schedule.json"), encoding: .utf8))
        #expect(two["cancelled"]?.arrayValue?.contains { $0["b"] == "fi-grip-0003" && $0["slot"] == "s02" && $0["sequence"] == 1 } == true)
        #expect(two["changes"]?.arrayValue?.contains { $0["participant"] == "fi-grip-0003" && $0["change"] == "cancelled" } == true)
    }
}
