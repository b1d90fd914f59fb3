import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// `clustermatch serve` end to end: the built binary behind pipes.
@Suite("serve: the binary", .serialized)
struct ServeProcessTests {
    static func database(_ dir: TemporaryDirectory) throws -> String {
        let db = dir.path("serve.sqlite")
        let r = try CLI.run(["import", try dir.write("people.jsonl", CLITests.sample), "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        return db
    }

    static func matchIDs(_ line: String) throws -> [String] {
        try JSONParser.parse(line)["result"]?["matches"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
    }

    @Test func oversizedLineIsSkippedAndTheNextRequestAnswered() throws {
        let dir = try TemporaryDirectory()
        let serve = try ServeProcess(["--db", try Self.database(dir), "--max-line-bytes", "1024"])
        var big = Data(#"{"jsonrpc": "2.0", "id": 1, "method": "participant.get", "params": {"id": ""#.utf8)
        big.append(Data(repeating: 0x61, count: 8 << 20))
        big.append(Data("\"}}\n".utf8))
        serve.write(big)
        let first = try JSONParser.parse(try serve.receive())
        #expect(first["error"]?["code"] == -32600)
        #expect(first["id"] == .null)
        let next = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "participant.get", "params": {"id": "dk-ai-0001"}}"#))
        #expect(next["id"] == 2 && next["result"]?["id"] == "dk-ai-0001")
        let end = try serve.finish()
        #expect(end.status == 0)
        #expect(end.rest.isEmpty)
    }

    @Test func writesByAnotherProcessAreSeenByTheNextRequest() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.database(dir)
        let serve = try ServeProcess(["--db", db])
        let query = #"{"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"id": "dk-sound-0001", "top": 10}}"#
        #expect(try !Self.matchIDs(try serve.call(query)).contains("no-hear-0001"))

        let extra = #"{"id": "no-hear-0001", "kind": "company", "name": "Hearing Needs AS", "country": "NO", "needs": [{"keywords": ["acoustic sensors"]}], "offers": [{"keywords": ["machine learning"]}]}"#
        let imported = try CLI.run(["import", try dir.write("extra.jsonl", extra + "\n"), "--db", db])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try Self.matchIDs(try serve.call(query)).contains("no-hear-0001"))

        let deleted = try CLI.run(["participants", "delete", "no-hear-0001", "--db", db])
        #expect(deleted.status == 0)
        #expect(try !Self.matchIDs(try serve.call(query)).contains("no-hear-0001"))
        let get = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "participant.get", "params": {"id": "no-hear-0001"}}"#))
        #expect(get["error"]?["code"] == 1000)
        #expect(try serve.finish().status == 0)
    }

    @Test func endOfInputFlushesEveryAnswerAndExitsZero() throws {
        let dir = try TemporaryDirectory()
        let serve = try ServeProcess(["--db", try Self.database(dir), "--log-level", "debug"])
        let requests = (1...200).map { #"{"jsonrpc": "2.0", "id": \#($0), "method": "participant.get", "params": {"id": "dk-ai-0001"}}"# }
        serve.write(Data((requests.joined(separator: "\n") + "\n").utf8))
        let end = try serve.finish()
        #expect(end.status == 0)
        #expect(end.rest.count == 200)
        for (i, line) in end.rest.enumerated() { #expect(try JSONParser.parse(line)["id"]?.intValue == Int64(i + 1)) }
        #expect(end.stderr.contains("participant.get"))  // debug logs go to stderr, never stdout
    }

    @Test func shutdownAnswersThenExitsZero() throws {
        let dir = try TemporaryDirectory()
        let serve = try ServeProcess(["--db", try Self.database(dir)])
        serve.send(#"[{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}, {"jsonrpc": "2.0", "id": 2, "method": "system.info"}]"#)
        serve.send(#"{"jsonrpc": "2.0", "id": 3, "method": "system.info"}"#)
        let end = try serve.finish()
        #expect(end.status == 0)
        #expect(end.rest.count == 1)  // the batch, answered in full; nothing after it
        #expect(try JSONParser.parse(end.rest[0]).arrayValue?.count == 2)
    }
}
