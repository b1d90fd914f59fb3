import ClusterMatchApp
import ClusterMatchService
import Foundation
import GRDB
import JSONSupport
import Testing
@testable import MatchStore

/// The exit codes README.md ("Output") documents for files and databases that fail:
/// 66 only for a named thing that does not exist, 73 for a file that cannot be written,
/// 74 for a damaged database; and the service answers a damaged database the same way.
@Suite("exit codes for files and damaged databases")
struct ExitCodeTests {
    /// Participants enough that the database spans a few hundred KiB of pages.
    static func landscape(_ n: Int) -> String {
        let words = ["acoustic sensors", "machine learning", "robot picking", "hearing aids", "food safety",
                     "battery recycling", "wind turbines", "vision systems", "cold chain", "bio plastics"]
        return (0..<n).map { i in
            let offers = words[i % words.count], needs = words[(i * 7 + 3) % words.count]
            return #"{"id": "p-\#(String(format: "%04d", i))", "kind": "company", "name": "Company \#(i) with a long enough name", "country": "DK", "keywords": ["\#(offers)", "\#(needs)"], "offers": [{"text": "We build \#(offers) for partners in \#(needs) and related fields, number \#(i)"}], "needs": [{"text": "We look for \#(needs) expertise, project \#(i)"}]}"#
        }.joined(separator: "\n") + "\n"
    }

    /// A real database made by the CLI, copied by `clustermatch backup`, with 64 KiB of
    /// zeros written into the middle of the copy.
    static func damagedCopy(in dir: TemporaryDirectory) throws -> (db: String, damaged: String) {
        let db = dir.path("real.sqlite")
        let imported = try CLI.run(["import", try dir.write("p.jsonl", landscape(600)), "--db", db])
        try #require(imported.status == 0, "stderr: \(imported.stderr)")
        return (db, try damagedBackup(of: db, in: dir))
    }

    /// A copy of `db` by `clustermatch backup`, with 64 KiB of zeros written into its middle.
    static func damagedBackup(of db: String, in dir: TemporaryDirectory) throws -> String {
        let damaged = dir.path("damaged.sqlite")
        let backup = try CLI.run(["backup", damaged, "--db", db])
        try #require(backup.status == 0, "stderr: \(backup.stderr)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: damaged)[.size] as? Int)
        try #require(size > 4 * 65536, "the copy is only \(size) bytes")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: damaged))
        try handle.seek(toOffset: UInt64(size / 2))
        try handle.write(contentsOf: Data(count: 65536))
        try handle.close()
        return damaged
    }

    static func expectCleanDamageMessage(_ text: String, path: String) {
        #expect(text.contains("the database \(path) is damaged"), "message: \(text)")
        #expect(text.contains("nothing was written"), "message: \(text)")
        #expect(text.contains("clustermatch backup"), "message: \(text)")
        for leak in ["SQLite error", "while executing", "SELECT", "PRAGMA", "internal error"] {
            #expect(!text.contains(leak), "message quotes \(leak): \(text)")
        }
    }

    @Test func aDamagedDatabaseExitsWith74AndSaysHowToRestoreIt() throws {
        let dir = try TemporaryDirectory()
        let (db, damaged) = try Self.damagedCopy(in: dir)
        // The original still works: the damage is the copy's alone.
        #expect(try CLI.run(["match", "p-0001", "--db", db]).status == 0)
        let match = try CLI.run(["match", "p-0001", "--db", damaged])
        #expect(match.status == 74, "stderr: \(match.stderr)")
        #expect(match.stdout.isEmpty)
        Self.expectCleanDamageMessage(match.stderr, path: damaged)
        let doctor = try CLI.run(["doctor", "--db", damaged])
        #expect(doctor.status == 74, "stderr: \(doctor.stderr)")
        Self.expectCleanDamageMessage(doctor.stderr, path: damaged)
        // On the intact database, doctor's integrity check passes.
        #expect(try CLI.run(["doctor", "--db", db]).status == 0)
    }

    /// A read-only database file (a backup copy made immutable): 74 with what to do, not the
    /// restore advice for damage. Root ignores file modes, so the file is made immutable with
    /// chattr; where the file system cannot (some containers), there is nothing to check.
    @Test func aReadOnlyDatabaseSaysSoAndWhatToDo() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite"), copy = dir.path("copy.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.landscape(3)), "--db", db]).status == 0)
        #expect(try CLI.run(["backup", copy, "--db", db]).status == 0)
        let chattr = Process()
        chattr.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        chattr.arguments = ["+i", copy]
        chattr.standardError = FileHandle.nullDevice
        guard (try? chattr.run()) != nil else { return }
        chattr.waitUntilExit()
        guard chattr.terminationStatus == 0 else { return }
        defer {
            let undo = Process()
            undo.executableURL = chattr.executableURL
            undo.arguments = ["-i", copy]
            try? undo.run()
            undo.waitUntilExit()
        }
        let r = try CLI.run(["participants", "list", "--db", copy])
        #expect(r.status == 74 && r.stdout.isEmpty)
        #expect(r.stderr.contains("\(copy): the file or its folder is read-only") && r.stderr.contains("copy it to a writable folder"), "\(r.stderr)")
        #expect(!r.stderr.contains("damaged"))
    }

    /// Damage where `doctor`'s counts never read (the feature table's root page): only the
    /// quick check of the whole file finds it.
    @Test func doctorFindsDamageOrdinaryReadsMiss() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("real.sqlite")
        try #require(try CLI.run(["import", try dir.write("p.jsonl", Self.landscape(200)), "--db", db]).status == 0)
        let copy = dir.path("copy.sqlite")
        try #require(try CLI.run(["backup", copy, "--db", db]).status == 0)
        let (root, pageSize) = try DatabaseQueue(path: copy).read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'feature'")!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: copy))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(count: pageSize))
        try handle.close()
        #expect(try CLI.run(["participants", "list", "--db", copy]).status == 0)
        let doctor = try CLI.run(["doctor", "--db", copy])
        #expect(doctor.status == 74, "stderr: \(doctor.stderr)")
        Self.expectCleanDamageMessage(doctor.stderr, path: copy)
    }

    @Test func theServiceAnswersADamagedDatabaseWithTheSameMessage() throws {
        let dir = try TemporaryDirectory()
        let (_, damaged) = try Self.damagedCopy(in: dir)
        let cli = try CLI.run(["match", "p-0001", "--db", damaged])
        let serve = try ServeProcess(["--db", damaged])
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"id": "p-0001"}}"#))
        _ = try serve.finish()
        #expect(answer["error"]?["code"] == -32603, "answer: \(answer)")
        let message = try #require(answer["error"]?["message"]?.stringValue)
        Self.expectCleanDamageMessage(message, path: damaged)
        #expect(cli.stderr == "error: \(message)\n")
    }

    /// A stored document edited by hand is damage, reported as such: never "not found".
    @Test func aDamagedRecordIsNotReportedAsNotFound() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try #require(try CLI.run(["import", try dir.write("p.jsonl", Self.landscape(5)), "--db", db]).status == 0)
        try DatabaseQueue(path: db).write { db in
            try db.execute(sql: #"UPDATE participant SET document = '{"id": "p-0001", "kind": "startup"}' WHERE id = 'p-0001'"#)
        }
        let show = try CLI.run(["participants", "show", "p-0001", "--db", db])
        #expect(show.status == 74, "stderr: \(show.stderr)")
        #expect(show.stderr.contains("stored participant 'p-0001' no longer reads as a participant"), "stderr: \(show.stderr)")
        #expect(!show.stderr.contains("no participant with id"))
        Self.expectCleanDamageMessage(show.stderr, path: db)
        // The other records still read.
        #expect(try CLI.run(["participants", "show", "p-0002", "--db", db]).status == 0)
    }

    /// A real SQLITE_BUSY from SQLite (a second connection that will not wait for a write
    /// lock held by the first) is recognised by its result code and reaches clients as
    /// Busy (1002) with the message the service always sent; damage as -32603 with the
    /// message the CLI prints.
    @Test func aLockedDatabaseIsRecognisedByItsResultCode() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("x.sqlite")
        let holder = try DatabaseQueue(path: path)
        var impatient = Configuration()
        impatient.busyMode = .immediateError
        let other = try DatabaseQueue(path: path, configuration: impatient)
        try holder.write { db in try db.execute(sql: "CREATE TABLE t(x)") }
        var caught: (any Error)?
        try holder.inDatabase { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            do { try other.write { db in try db.execute(sql: "INSERT INTO t VALUES (1)") } } catch { caught = error }
            try db.execute(sql: "ROLLBACK")
        }
        let sqliteError = try #require(caught)
        let recognised = try #require(StoreError.recognising(sqliteError, path: path) as? StoreError)
        #expect(recognised.code == .locked)
        let app = try #require(AppError.recognising(recognised))
        #expect(app.exitCode == 75)
        let rpc = RPCError(app)
        #expect(rpc.code == RPCError.busyCode)
        #expect(rpc.message == "the database is locked by another process; retry later")

        let damaged = RPCError(AppError(StoreError(.damaged, path: path, detail: "test")))
        #expect(damaged.code == RPCError.internalErrorCode)
        #expect(damaged.message == StoreError(.damaged, path: path, detail: "test").description)
        // Errors that are not the store's pass through unrecognised.
        #expect(StoreError.recognising(CocoaError(.fileNoSuchFile), path: path) is CocoaError)
    }

    @Test func anOutputThatCannotBeWrittenExitsWith73() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try CLI.run(["import", try dir.write("p.jsonl", Self.landscape(5)), "--db", db])
        let missingParent = dir.path("no/such/folder/lists.csv")
        let r = try CLI.run(["match-all", "--out", missingParent, "--db", db])
        #expect(r.status == 73, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("\(missingParent): cannot write"))
        #expect(!FileManager.default.fileExists(atPath: missingParent))
        // A folder without write permission (root ignores permissions: then only the missing parent is checked).
        if geteuid() != 0 {
            let locked = dir.path("locked")
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked) }
            let denied = try CLI.run(["match-all", "--out", locked + "/lists.csv", "--db", db])
            #expect(denied.status == 73, "stderr: \(denied.stderr)")
        }
        // A database that cannot be created is a file that cannot be written, not a missing one.
        let create = try CLI.run(["import", dir.path("p.jsonl"), "--db", dir.path("no/such/folder/new.sqlite")])
        #expect(create.status == 73, "stderr: \(create.stderr)")
        #expect(create.stderr.contains("cannot create database"))
        // A backup into a folder that does not exist.
        let backup = try CLI.run(["backup", dir.path("no/such/folder/copy.sqlite"), "--db", db])
        #expect(backup.status == 73, "stderr: \(backup.stderr)")
    }

    @Test func sixtySixMeansOnlyThatANamedThingDoesNotExist() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try CLI.run(["import", try dir.write("p.jsonl", Self.landscape(5)), "--db", db])
        #expect(try CLI.run(["match", "nobody", "--db", db]).status == 66)
        #expect(try CLI.run(["match", "p-0001", "--db", dir.path("missing.sqlite")]).status == 66)
        #expect(try CLI.run(["import", dir.path("missing.jsonl"), "--db", db]).status == 66)
    }
}
