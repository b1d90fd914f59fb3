import Foundation
import GRDB
import JSONSupport
import Testing

/// What `event plan` stores, and when it refuses to: a plan whose files cannot be written
/// stores nothing; an event that took place keeps its schedule; planning again replaces
/// every stored revision and says so. The outcomes import's refusals of files that are not
/// outcomes, and the event commands that need no database or only read one.
@Suite("event plan storage and outcome files", .serialized)
struct EventPlanStorageTests {
    static let fixture = EventCLITests.fixture

    /// The stored schedules of a database file: (event, revision, document).
    static func schedules(_ db: String) throws -> [[String]] {
        try DatabaseQueue(path: db).read { d in
            try Row.fetchAll(d, sql: "SELECT event_id, revision, document FROM schedule ORDER BY event_id, revision")
                .map { [$0[0] as String, String($0[1] as Int), $0[2] as String] }
        }
    }

    @Test func aFolderThatCannotBeWrittenStoresNothing() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let file = try dir.write("not-a-folder", "x")
        let r = try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", file])
        #expect(r.status == 73, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("cannot write to \(file): \(file) is a file, not a folder; nothing was stored"), "\(r.stderr)")
        #expect(try Self.schedules(db).isEmpty)
        // The service: the same refusal, and nothing stored either.
        let serve = try ServeProcess(["--db", db])
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "event.plan", "params": {"path": "\#(Self.fixture)", "out": "\#(file)/plan"}}"#))
        #expect(answer["error"]?["message"]?.stringValue?.contains("nothing was stored") == true, "\(answer)")
        #expect(try serve.finish().status == 0)
        #expect(try Self.schedules(db).isEmpty)
        // A folder that can be written: stored, and the files are there.
        let ok = try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("new/plan")])
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        let stored = try Self.schedules(db)
        #expect(stored.map { Array($0.prefix(2)) } == [["c2c-2026", "1"]])
        #expect(try JSONParser.parse(stored[0][2]) == JSONParser.parse(try String(contentsOfFile: dir.path("new/plan/schedule.json"), encoding: .utf8)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("new/plan")).sorted() == ["meetings.csv", "schedule.json"])  // no probe left
        // Re-planning checks its folder the same way.
        let replan = try CLI.run(["event", "replan", Self.fixture, "--previous", dir.path("new/plan/schedule.json"), "--db", db, "--out", file])
        #expect(replan.status == 73 && replan.stderr.contains("nothing was stored"), "\(replan.stderr)")
        #expect(try Self.schedules(db).map { $0[1] } == ["1"])
    }

    @Test func anEventThatTookPlaceOrWasReplannedIsNotPlannedFromScratch() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let first = try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("plan")])
        #expect(first.status == 0 && !first.stderr.contains("replaces"), "stderr: \(first.stderr)")
        // The same plan again: nothing to say.
        let same = try CLI.run(["event", "plan", Self.fixture, "--db", db, "--format", "json"])
        #expect(same.status == 0 && !same.stderr.contains("replaces"), "stderr: \(same.stderr)")
        #expect(try JSONParser.parse(same.stdout)["warnings"] == nil)
        // A different plan (another seed) replaces it, with a warning the JSON result carries too.
        let edited = try String(contentsOfFile: Self.fixture, encoding: .utf8).replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 2")
            .replacingOccurrences(of: "\"fairness\": 1.0", with: "\"fairness\": 0")
        let file = try dir.write("event.json", edited)
        let other = try CLI.run(["event", "plan", file, "--db", db, "--format", "json"])
        #expect(other.status == 0)
        let planned = try JSONParser.parse(other.stdout)
        #expect(try JSONParser.parse(same.stdout)["stats"] != planned["stats"])
        #expect(other.stderr.contains("warning: event \"c2c-2026\" had a different schedule stored (published"), "\(other.stderr)")
        let warnings = try #require(planned["warnings"]?.arrayValue)
        #expect(warnings.contains { $0.stringValue?.contains("this plan replaces it") == true }, "\(warnings)")
        var schedule = planned.objectValue!
        schedule.removeValue(forKey: "warnings")
        #expect(try JSONParser.parse(try Self.schedules(db)[0][2]) == JSONValue.object(schedule))

        // The blank template imported untouched says nothing happened: planning again is fine.
        let (_, outcomes, _) = try OutcomeCLITests.planned(dir)  // plans the fixture into x.sqlite again
        #expect(try CLI.run(["event", "outcomes", dir.path("tpl/outcomes.csv"), "--schedule", dir.path("plan/schedule.json"), "--db", db]).status == 0)
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", db]).status == 0)
        // Outcomes recorded: the event took place, and planning it again is refused.
        #expect(try CLI.run(["event", "outcomes", outcomes, "--schedule", dir.path("plan/schedule.json"), "--db", db]).status == 0)
        let before = try Self.schedules(db)
        let refused = try CLI.run(["event", "plan", file, "--db", db, "--out", dir.path("plan3")])
        #expect(refused.status == 65, "stderr: \(refused.stderr)")
        #expect(refused.stderr.contains("\(file): event \"c2c-2026\" has taken place: the outcomes of 5 of its meetings are recorded against its stored schedule"), "\(refused.stderr)")
        #expect(refused.stderr.contains("give the next event an id of its own"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("plan3")))
        #expect(try Self.schedules(db) == before)
        // The service refuses it as well.
        let serve = try ServeProcess(["--db", db])
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "event.plan", "params": {"path": "\#(file)"}}"#))
        #expect(answer["error"]?["code"] == 1001, "\(answer)")
        #expect(try serve.finish().status == 0)
        #expect(try Self.schedules(db) == before)
    }

    /// Re-planned events: a plan from scratch is refused (its meetings would go out again at
    /// sequence 0); a re-plan of an older revision supersedes the later ones, and says so.
    @Test func revisionsStayInOrder() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("r1")]).status == 0)
        #expect(try CLI.run(["event", "replan", Self.fixture, "--previous", dir.path("r1/schedule.json"), "--db", db, "--out", dir.path("r2")]).status == 0)
        #expect(try CLI.run(["event", "replan", Self.fixture, "--previous", dir.path("r2/schedule.json"), "--db", db, "--out", dir.path("r3")]).status == 0)
        #expect(try Self.schedules(db).map { $0[1] } == ["1", "2", "3"])
        let scratch = try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("again")])
        #expect(scratch.status == 65 && scratch.stderr.contains("was re-planned since it was first planned (revision 3 is stored)"), "\(scratch.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("again")))
        #expect(try Self.schedules(db).map { $0[1] } == ["1", "2", "3"])
        // From revision 1 again: it becomes revision 2, the latest; revision 3 goes.
        let older = try CLI.run(["event", "replan", Self.fixture, "--previous", dir.path("r1/schedule.json"), "--db", db, "--out", dir.path("r2b")])
        #expect(older.status == 0, "\(older.stderr)")
        #expect(older.stderr.contains("this re-plan of revision 1 replaces revisions 2–3"), "\(older.stderr)")
        let stored = try Self.schedules(db)
        #expect(stored.map { $0[1] } == ["1", "2"])
        #expect(try JSONParser.parse(stored[1][2]) == JSONParser.parse(try String(contentsOfFile: dir.path("r2b/schedule.json"), encoding: .utf8)))
        // From the latest: no warning.
        let latest = try CLI.run(["event", "replan", Self.fixture, "--previous", dir.path("r2b/schedule.json"), "--db", db])
        #expect(latest.status == 0 && !latest.stderr.contains("replaces revisions"), "\(latest.stderr)")
    }

    /// A plan written into the folder of an earlier one leaves none of the earlier plan's
    /// files that it does not write itself (unplaced.csv when nothing is unplaced now).
    @Test func aPlanInTheSameFolderLeavesNoFilesOfTheEarlierOne() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        // Robot AB has one slot, and two accepted requests for it: one cannot be placed.
        let crowded = try String(contentsOfFile: Self.fixture, encoding: .utf8)
            .replacingOccurrences(of: #""available": ["s01", "s02", "s03"]"#, with: #""available": ["s01"]"#)
            .replacingOccurrences(of: #"{"from": "no-sea-0007", "to": "dk-ai-0001", "status": "pending"}"#,
                                  with: #"{"from": "no-sea-0007", "to": "se-robot-0042", "status": "accepted"}"#)
        #expect(crowded.contains(#""available": ["s01"]"#) && crowded.contains(#"{"from": "no-sea-0007", "to": "se-robot-0042", "status": "accepted"}"#))
        let first = try CLI.run(["event", "plan", try dir.write("crowded.json", crowded), "--db", db, "--out", dir.path("plan")])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.path("plan/unplaced.csv")))
        try "notes".write(toFile: dir.path("plan/my-notes.txt"), atomically: true, encoding: .utf8)
        let second = try CLI.run(["event", "plan", Self.fixture, "--db", db, "--out", dir.path("plan")])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try JSONParser.parse(try String(contentsOfFile: dir.path("plan/schedule.json"), encoding: .utf8))["unplaced"] == .array([]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path("plan")).sorted() == ["meetings.csv", "my-notes.txt", "schedule.json"])
        // The csv export does the same.
        #expect(try CLI.run(["event", "export", dir.path("plan/schedule.json"), "--format", "csv", "--out", dir.path("plan")]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.path("plan/unplaced.csv")))
    }

    @Test func filesThatAreNotOutcomesAreRefusedSayingWhatTheyAre() throws {
        let dir = try TemporaryDirectory()
        let (schedule, _, _) = try OutcomeCLITests.planned(dir)
        let db = dir.path("x.sqlite")
        func run(_ file: String) throws -> CLI.Result {
            try CLI.run(["event", "outcomes", file, "--schedule", schedule, "--db", db])
        }
        let empty = try run(try dir.write("empty.json", "[]"))
        #expect(empty.status == 65 && empty.stderr.contains("empty.json: no outcome rows: the file names no meeting"), "\(empty.stderr)")
        let header = try run(try dir.write("header.csv", "uid,participant,attended,rating,followUp,comment\r\n,,,,,\r\n"))
        #expect(header.status == 65 && header.stderr.contains("header.csv: no outcome rows"), "\(header.stderr)")
        let swapped = try run(schedule)
        #expect(swapped.status == 65 && swapped.stderr.contains("schedule.json: not an outcomes file: it holds a JSON object, a schedule (give it with --schedule)"), "\(swapped.stderr)")
        let missing = try run(dir.path("nofile.csv"))
        #expect(missing.status == 66 && missing.stderr.contains("cannot read outcomes file \(dir.path("nofile.csv")): no such file"), "\(missing.stderr)")
        let csvAsSchedule = try CLI.run(["event", "outcomes", try dir.write("o.csv", "uid,participant,attended\r\n"), "--schedule", dir.path("o.csv"), "--db", db])
        #expect(csvAsSchedule.status == 65 && csvAsSchedule.stderr.contains("o.csv: not a schedule (the schedule.json that `event plan` writes is JSON)"), "\(csvAsSchedule.stderr)")
        // Nothing was stored by any of them.
        #expect(try DatabaseQueue(path: db).read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM meeting_outcome") } == 0)
    }

    /// `event export` needs no database and makes none; `outcome-report` only reads one and
    /// refuses a missing file; `event outcomes` into a new file says it made one.
    @Test func eventCommandsMakeADatabaseOnlyWhereTheyStoreAndSaySo() throws {
        let dir = try TemporaryDirectory()
        let (schedule, outcomes, _) = try OutcomeCLITests.planned(dir)
        let work = dir.path("elsewhere")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let export = try CLI.run(["event", "export", schedule, "--format", "ics", "--out", dir.path("ics")], directory: URL(fileURLWithPath: work))
        #expect(export.status == 0, "stderr: \(export.stderr)")
        let report = try CLI.run(["event", "outcome-report", "c2c-2026", "--db", dir.path("typo.sqlite")], directory: URL(fileURLWithPath: work))
        #expect(report.status == 66 && report.stderr.contains("no database at \(dir.path("typo.sqlite"))"), "\(report.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("typo.sqlite")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
        // Files that cannot be imported make no database.
        let failed = try CLI.run(["event", "outcomes", dir.path("missing.csv"), "--schedule", schedule, "--db", dir.path("new.sqlite")], directory: URL(fileURLWithPath: work))
        #expect(failed.status == 66 && !failed.stderr.contains("created a new database"), "\(failed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path("new.sqlite")))
        let stored = try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", dir.path("new.sqlite")], directory: URL(fileURLWithPath: work))
        #expect(stored.status == 0)
        #expect(stored.stderr.contains("note: created a new database at \(dir.path("new.sqlite")); if the event was planned in another one, give it with --db"), "\(stored.stderr)")
        #expect(stored.stdout.contains("1 cancelled); rows: 12 added, 0 changed, 0 unchanged; 1 of the cancelled has blank rows in the file"), "\(stored.stdout)")
        let again = try CLI.run(["event", "outcomes", outcomes, "--schedule", schedule, "--db", dir.path("new.sqlite")], directory: URL(fileURLWithPath: work))
        #expect(!again.stderr.contains("created a new database"))
    }
}
