import Foundation
import GRDB
import JSONSupport
import Testing
@testable import MatchCore
@testable import MatchStore

/// Crashes, concurrent use and personal data: the database must stay whole.
@Suite("durability, backup and personal data", .serialized)
struct DurabilityTests {
    /// A registration CSV with `n` valid rows.
    static func registrations(_ n: Int) -> String {
        let topics = ["acoustic sensors", "machine learning", "robot grippers", "wind turbines", "solar cells", "hydrogen", "drones"]
        var text = "Email;First name;Last name;Organisation;Country;Organization type;Areas of activities\r\n"
        for i in 0..<n {
            text += "p\(i)@org\(i % 500).example;First\(i);Last\(i);Org \(i % 500) Ltd;DK;SME;\"\(topics[i % 7]);\(topics[(i / 7) % 7])\"\r\n"
        }
        return text
    }

    static func counts(_ path: String) throws -> (integrity: String, participants: Int, vectors: Int) {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            // Killed before the first migration committed: an empty database, which is "wholly absent".
            guard try db.tableExists("participant") else { return (try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "?", 0, 0) }
            return (try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "?",
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participant") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vector") ?? -1)
        }
    }

    static func start(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = CLI.executable
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.environment = ProcessInfo.processInfo.environment.filter { $0.key != "CLUSTERMATCH_DB" }
        try p.run()
        return p
    }

    /// kill -9 at several moments of an import: the database is intact and the import is
    /// wholly there or wholly absent (participants and vectors alike).
    @Test func killDuringImportLeavesAllOrNothing() throws {
        let dir = try TemporaryDirectory()
        let n = 3000
        let file = try dir.write("big.csv", Self.registrations(n))
        var outcomes: [String] = []
        // Fixed delays, then "as soon as the write transaction has spilled into the WAL".
        let moments: [Double?] = [0.05, 0.3, 0.8, 1.5, nil, nil]
        for (attempt, delay) in moments.enumerated() {
            let db = dir.path("k\(attempt).sqlite")
            let p = try Self.start(["import", file, "--db", db])
            if let delay {
                Thread.sleep(forTimeInterval: delay)
            } else {
                let deadline = Date().addingTimeInterval(60)
                while p.isRunning && Date() < deadline {
                    let size = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0
                    if size > 200_000 { break }
                    usleep(2_000)
                }
            }
            let wasRunning = p.isRunning
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            guard FileManager.default.fileExists(atPath: db) else { outcomes.append("no file"); continue }
            let c = try Self.counts(db)
            #expect(c.integrity == "ok")
            #expect(c.participants == 0 || c.participants == n, "attempt \(attempt): \(c.participants) of \(n)")
            #expect(c.vectors == c.participants, "attempt \(attempt): \(c.vectors) vectors for \(c.participants) participants")
            outcomes.append("\(wasRunning ? "killed" : "finished"): \(c.participants)")
        }
        // At least one kill landed while the import was running (else the test proves nothing).
        #expect(outcomes.contains { $0.hasPrefix("killed") }, "\(outcomes)")
        // The database is usable afterwards: the import completes.
        let again = try CLI.run(["import", file, "--db", dir.path("k5.sqlite")])
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(try Self.counts(dir.path("k5.sqlite")).participants == n)
    }

    /// `backup` while another process reads and a third writes: the copy is consistent.
    @Test func backupWhileOthersReadAndWrite() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("live.sqlite")
        let first = try CLI.run(["import", try dir.write("a.csv", Self.registrations(400)), "--db", db])
        #expect(first.status == 0)

        // A reader that keeps a read transaction open, as a service answering queries would.
        let pool = try DatabasePool(path: db)
        let readerStarted = DispatchSemaphore(value: 0), releaseReader = DispatchSemaphore(value: 0)
        let reader = Thread {
            try? pool.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participant")
                readerStarted.signal()
                releaseReader.wait()
            }
        }
        reader.start()
        readerStarted.wait()
        // Another process reading in a loop, and a writer importing more at the same time.
        let loop = Process()
        loop.executableURL = URL(fileURLWithPath: "/bin/sh")
        loop.arguments = ["-c", "while :; do '\(CLI.executable.path)' participants list --db '\(db)' --limit 5 >/dev/null 2>&1; done"]
        try loop.run()
        let writer = try Self.start(["import", try dir.write("b.csv", Self.registrations(1200)), "--db", db])

        var sizes: [Int] = []
        for i in 0..<3 {
            let r = try CLI.run(["backup", dir.path("copy\(i).sqlite"), "--db", db])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            let c = try Self.counts(dir.path("copy\(i).sqlite"))
            #expect(c.integrity == "ok")
            #expect(c.participants == 400 || c.participants == 1200, "\(c.participants)")  // before or after the import, never between
            #expect(c.vectors == c.participants)
            sizes.append(c.participants)
        }
        writer.waitUntilExit()
        loop.terminate()
        loop.waitUntilExit()
        releaseReader.signal()
        while !reader.isFinished { usleep(1000) }
        try pool.close()

        // The copy is one self-contained file that clustermatch opens.
        #expect(!FileManager.default.fileExists(atPath: dir.path("copy0.sqlite-wal")))
        let list = try CLI.run(["participants", "list", "--db", dir.path("copy2.sqlite"), "--format", "csv"])
        #expect(list.status == 0)
        let refused = try CLI.run(["backup", dir.path("copy0.sqlite"), "--db", db])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("exists"))
    }

    @Test func personalDataHasEverythingAndDeleteErasesIt() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let people = """
            {"id": "c1", "kind": "cluster", "name": "Sound Cluster", "country": "DK", "keywords": ["audio"]}
            {"id": "m1", "kind": "researcher", "name": "Dr. M", "country": "DK", "clusters": ["c1"], "keywords": ["audio"], "contact": {"email": "m@example.org", "phone": "+45 1234"}, "attributes": {"registration": {"city": "Aarhus"}}}
            """
        #expect(try CLI.run(["import", try dir.write("p.jsonl", people), "--db", db]).status == 0)
        let r = try CLI.run(["participants", "personal-data", "m1", "--db", db])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let data = try JSONParser.parse(r.stdout)
        #expect(data["participant"]?["contact"]?["email"] == "m@example.org")
        #expect(data["participant"]?["attributes"]?["registration"]?["city"] == "Aarhus")
        #expect(data["memberOf"] == ["c1"])
        #expect(data["vectors"]?["profile"]?.arrayValue?.count == 256)
        #expect(data["schedules"] == [])
        let cluster = try JSONParser.parse(try CLI.run(["participants", "personal-data", "c1", "--db", db]).stdout)
        #expect(cluster["members"] == ["m1"])

        #expect(try CLI.run(["participants", "delete", "m1", "--db", db]).status == 0)
        let gone = try CLI.run(["participants", "personal-data", "m1", "--db", db])
        #expect(gone.status == 66)
        let c = try Self.counts(db)
        #expect(c.participants == 1 && c.vectors == 1)
        let queue = try DatabaseQueue(path: db)
        let traces = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM membership WHERE participant_id = 'm1' OR cluster_id = 'm1'")
        }
        #expect(traces == 0)
        let everything = try queue.read { db in try String.fetchAll(db, sql: "SELECT document FROM participant").joined() }
        #expect(!everything.contains("m@example.org"))
        try queue.close()
    }
}
