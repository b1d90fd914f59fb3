import ClusterMatchService
import Foundation
import GRDB
import JSONSupport
import Testing

/// Issue 11 §5: the demo database, copied by `clustermatch backup`, with 64 KiB of zeros
/// written into the middle of the copy. Every command either answers (it never met the
/// damaged pages) or names the damage in the one message, exit 74; none leaks SQL.
@Suite("a damaged demo database", .serialized)
struct DamagedDemoTests {
    static func damagedDemo(in dir: TemporaryDirectory) throws -> (db: String, damaged: String) {
        let db = dir.path("demo.sqlite")
        let demo = try CLI.run(["demo", "--out", dir.path("out"), "--db", db])
        try #require(demo.status == 0, "stderr: \(demo.stderr)")
        return (db, try ExitCodeTests.damagedBackup(of: db, in: dir))
    }

    /// Commands users run, read-only and writing.
    static func commands(_ db: String, _ dir: TemporaryDirectory) throws -> [[String]] {
        let one = try dir.write("one.jsonl", #"{"id": "new-0001", "kind": "company", "name": "New", "country": "DK", "keywords": ["acoustic sensors"]}"# + "\n")
        return [
            ["doctor"], ["match", "dk-sound-0001"], ["match", "dk-sound-0001", "--explain"], ["match-all", "--top", "3", "--out", dir.path("lists.csv")],
            ["match", "--text", "acoustic sensors for hearing aids"],
            ["explain", "dk-sound-0001", "dk-sound-0002"], ["participants", "list"], ["participants", "show", "dk-sound-0001"],
            ["clusters", "list"], ["clusters", "match", "dk-sound", "--top", "3"], ["taxonomy", "list"], ["import", one], ["vectors"],
        ].map { $0 + ["--db", db] }
    }

    @Test func everyCommandAnswersOrNamesTheDamageWithExit74() throws {
        let dir = try TemporaryDirectory()
        let (_, damaged) = try Self.damagedDemo(in: dir)
        var named = 0
        for command in try Self.commands(damaged, dir) {
            let r = try CLI.run(command)
            #expect(r.status == 0 || r.status == 74 || r.status == 66, "\(command): exit \(r.status), stderr: \(r.stderr)")
            if r.status == 74 {
                named += 1
                #expect(r.stdout.isEmpty, "\(command) printed results and failed")
                ExitCodeTests.expectCleanDamageMessage(r.stderr, path: damaged)
                #expect(r.stderr.split(separator: "\n").count == 1, "\(command): more than one line: \(r.stderr)")
            }
            for leak in ["SQLite error", "while executing", "SELECT", "internal error", "malformed JSON"] {
                #expect(!r.stderr.contains(leak), "\(command) leaks \(leak): \(r.stderr)")
            }
        }
        // doctor's quick check always finds it; match reads every participant's features.
        #expect(try CLI.run(["doctor", "--db", damaged]).status == 74)
        #expect(try CLI.run(["match", "dk-sound-0001", "--db", damaged]).status == 74)
        // An import checks the file first and writes nothing into a damaged one.
        let before = try Data(contentsOf: URL(fileURLWithPath: damaged))
        let again = try CLI.run(["import", dir.path("one.jsonl"), "--db", damaged])
        #expect(again.status == 74, "stderr: \(again.stderr)")
        // (Opening moves counters in the 100-byte file header; the pages after it hold the data.)
        #expect(try Data(contentsOf: URL(fileURLWithPath: damaged)).dropFirst(100) == before.dropFirst(100))
        #expect(named >= 2)
    }

    @Test func theServiceAnswersWithTheSameMessage() throws {
        let dir = try TemporaryDirectory()
        let (_, damaged) = try Self.damagedDemo(in: dir)
        let cli = try CLI.run(["match", "dk-sound-0001", "--db", damaged])
        let serve = try ServeProcess(["--db", damaged])
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"id": "dk-sound-0001"}}"#))
        let info = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "system.info"}"#))
        _ = try serve.finish()
        #expect(answer["error"]?["code"] == -32603, "answer: \(answer)")
        let message = try #require(answer["error"]?["message"]?.stringValue)
        ExitCodeTests.expectCleanDamageMessage(message, path: damaged)
        #expect(cli.stderr == "error: \(message)\n")
        // system.info answers or names the damage the same way, never with SQL.
        if let error = info["error"] {
            #expect(error["code"] == -32603)
            ExitCodeTests.expectCleanDamageMessage(error["message"]?.stringValue ?? "", path: damaged)
        }
    }

    /// A document overwritten in place (the page still well formed, the JSON not): SQLite's
    /// JSON functions would fail the whole read with "malformed JSON"; the store names it.
    @Test func aDocumentThatIsNoLongerJSONIsNamedAsDamage() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("demo.sqlite")
        try #require(try CLI.run(["demo", "--out", dir.path("out"), "--db", db]).status == 0)
        try DatabaseQueue(path: db).write { db in
            try db.execute(sql: #"UPDATE participant SET document = '{"id": "dk-sound-0002", "kind": ' WHERE id = 'dk-sound-0002'"#)
        }
        for command in [["match", "dk-sound-0001"], ["match-all", "--out", dir.path("lists.csv")]] {
            let r = try CLI.run(command + ["--db", db])
            #expect(r.status == 74, "\(command): stderr: \(r.stderr)")
            #expect(r.stderr.contains("stored participant 'dk-sound-0002' is no longer valid JSON"), "stderr: \(r.stderr)")
            ExitCodeTests.expectCleanDamageMessage(r.stderr, path: db)
            #expect(!r.stderr.contains("malformed JSON"))
        }
    }
}
