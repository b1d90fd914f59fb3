import ClusterMatchApp
import ClusterMatchService
import Foundation
import JSONSupport
import MatchStore
import Testing
@testable import MatchCore

/// The JSON-RPC framing and methods, in process, on an in-memory database.
@Suite("serve: JSON-RPC protocol")
struct ServiceProtocolTests {
    static func service(maxLineBytes: Int = 1 << 20) throws -> RPCService {
        let app = ClusterMatch(store: try MatchStore.inMemory(), semantic: .off)
        let people = CLITests.sample.split(separator: "\n").map { try! JSONParser.parse(String($0)) }
        _ = try app.upsertParticipants(people)
        return RPCService(app: app, log: ServiceLog.logger(level: .error), options: .init(maxLineBytes: maxLineBytes))
    }

    /// Answers one line and parses the answer.
    static func answer(_ s: RPCService, _ line: String) throws -> JSONValue? {
        try s.respond(toLine: Array(line.utf8)).map { try JSONParser.parse($0) }
    }

    static func errorCode(_ v: JSONValue?) -> Int64? { v?["error"]?["code"]?.intValue }

    @Test(arguments: [
        ("{", -32700), ("NaN", -32700), ("[1, Infinity]", -32700), ("{\"a\": 1,}", -32700),
        ("1", -32600), ("\"x\"", -32600), ("null", -32600), ("[]", -32600),
        ("{\"jsonrpc\": \"1.0\", \"id\": 1, \"method\": \"system.info\"}", -32600),
        ("{\"id\": 1, \"method\": \"system.info\"}", -32600),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": 5}", -32600),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"system.info\", \"params\": 3}", -32600),
        ("{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"system.info\"}", -32600),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"no.such\"}", -32601),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"participant.get\", \"params\": [\"x\"]}", -32602),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"participant.get\", \"params\": {\"id\": 7}}", -32602),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"participant.get\", \"params\": {\"id\": \"nobody\"}}", 1000),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"match.query\", \"params\": {\"id\": \"dk-ai-0001\", \"top\": 1e999}}", -32602),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"match.query\", \"params\": {\"id\": \"dk-ai-0001\", \"top\": -0}}", -32602),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"match.query\", \"params\": {\"id\": \"dk-ai-0001\", \"top\": 2.5}}", -32602),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"cluster.match\", \"params\": {}}", -32602),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"cluster.match\", \"params\": {\"id\": \"nowhere\"}}", 1000),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"event.plan\", \"params\": {\"path\": \"/nonexistent/event.json\"}}", 1000),
        ("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"import.file\", \"params\": {\"path\": \"x\", \"format\": \"taxonomy\", \"dryRun\": true}}", -32602),
    ])
    func standardErrors(line: String, code: Int64) throws {
        let s = try Self.service()
        let r = try #require(try Self.answer(s, line))
        #expect(Self.errorCode(r) == code, "\(r.serialized())")
        #expect(r["jsonrpc"] == "2.0")
        #expect(r["result"] == nil)
        let unreadable = code == -32700 || line.hasPrefix("[") || !line.hasPrefix("{") || line.contains("\"id\": {}")
        if unreadable { #expect(r["id"] == .null) } else { #expect(r["id"] == 1) }
    }

    @Test func invalidUTF8IsAParseError() throws {
        let s = try Self.service()
        let bytes: [UInt8] = Array("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        let r = try JSONParser.parse(try #require(s.respond(toLine: bytes)))
        #expect(Self.errorCode(r) == -32700)
        #expect(r["id"] == .null)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let s = try Self.service()
        let line = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.errorCode(try Self.answer(s, line)) == -32700)
        let objects = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"system.info\", \"params\": {\"x\": " + String(repeating: "[", count: 100_000)
        #expect(Self.errorCode(try Self.answer(s, objects)) == -32700)
    }

    @Test func notificationsGetNoAnswer() throws {
        let s = try Self.service()
        #expect(try Self.answer(s, #"{"jsonrpc": "2.0", "method": "system.info"}"#) == nil)
        #expect(try Self.answer(s, #"{"jsonrpc": "2.0", "method": "no.such"}"#) == nil)
        #expect(try Self.answer(s, #"[{"jsonrpc": "2.0", "method": "system.info"}, {"jsonrpc": "2.0", "method": "x"}]"#) == nil)
        #expect(try Self.answer(s, "   ") == nil)
        // A notification still does its work.
        #expect(try Self.answer(s, #"{"jsonrpc": "2.0", "method": "participant.delete", "params": {"id": "se-robot-0001"}}"#) == nil)
        #expect(Self.errorCode(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 1, "method": "participant.get", "params": {"id": "se-robot-0001"}}"#)) == 1000)
    }

    @Test func batchesAnswerEachRequestInOrderWithDuplicateIDs() throws {
        let s = try Self.service()
        let r = try #require(try Self.answer(s, """
            [{"jsonrpc": "2.0", "id": 7, "method": "participant.get", "params": {"id": "dk-ai-0001"}},
             {"jsonrpc": "2.0", "method": "system.info"},
             {"jsonrpc": "2.0", "id": 7, "method": "participant.get", "params": {"id": "nobody"}},
             1,
             {"jsonrpc": "2.0", "id": "s", "method": "participant.get", "params": {"id": "dk-ai-0001", "unknown": [1, 2]}}]
            """)?.arrayValue)
        #expect(r.count == 4)
        #expect(r[0]["id"] == 7 && r[0]["result"]?["name"] == "Audio AI ApS")
        #expect(r[1]["id"] == 7 && Self.errorCode(r[1]) == 1000)
        #expect(r[2]["id"] == .null && Self.errorCode(r[2]) == -32600)
        #expect(r[3]["id"] == "s" && r[3]["result"]?["id"] == "dk-ai-0001")
    }

    @Test func idsComeBackAsSent() throws {
        let s = try Self.service()
        for id in [#""abc""#, "0", "-12", "1.5", "null", "1e3"] {
            let r = try #require(try Self.answer(s, #"{"jsonrpc": "2.0", "id": \#(id), "method": "participant.get", "params": {"id": "dk-ai-0001"}}"#))
            let sent = try JSONParser.parse(id)
            // Numbers come back as the same number (1e3 is written 1000).
            #expect(r["id"] == sent || (r["id"]?.doubleValue != nil && r["id"]?.doubleValue == sent.doubleValue), "\(id)")
            #expect(r["result"] != nil)
        }
    }

    @Test func invalidParticipantListsEveryField() throws {
        let s = try Self.service()
        let r = try #require(try Self.answer(s, #"""
            {"jsonrpc": "2.0", "id": 1, "method": "participant.upsert", "params": {"participants": [
              {"id": "ok-1", "kind": "company", "name": "Fine", "country": "DK"},
              {"id": "bad", "kind": "alien", "country": "XX", "employees": -0, "competences": [{"code": "1", "weight": -0}], "vector": [1e999]}]}}
            """#))
        #expect(Self.errorCode(r) == -32602)
        let issues = r["error"]?["data"]?["issues"]?.arrayValue ?? []
        let fields = Set(issues.compactMap { $0["field"]?.stringValue })
        for f in ["participants[1].kind", "participants[1].name", "participants[1].country", "participants[1].vector[0]"] {
            #expect(fields.contains(f), "\(fields)")
        }
        #expect(fields.contains { $0.hasPrefix("participants[1].competences[0]") })
        #expect(issues.allSatisfy { $0["reason"]?.stringValue?.isEmpty == false })
        // All or nothing: the valid one was not stored either.
        #expect(Self.errorCode(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 2, "method": "participant.get", "params": {"id": "ok-1"}}"#)) == 1000)
    }

    @Test func controlCharactersInAnUpsertAreRefused() throws {
        let s = try Self.service()
        let r = try #require(try Self.answer(s, #"""
            {"jsonrpc": "2.0", "id": 1, "method": "participant.upsert", "params": {"participant":
              {"id": "x-nul", "kind": "company", "name": "Bad\u0000Name", "country": "DK"}}}
            """#))
        #expect(Self.errorCode(r) == -32602, "\(r)")
        let issue = r["error"]?["data"]?["issues"]?[0]
        #expect(issue?["field"] == "participant.name" && issue?["reason"]?.stringValue?.contains("U+0000") == true, "\(r)")
        #expect(Self.errorCode(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 2, "method": "participant.get", "params": {"id": "x-nul"}}"#)) == 1000)
        // From a file: each problem is an element of data.details, not one per record.
        let dir = try TemporaryDirectory()
        let file = try dir.write("two.jsonl", #"{"id": "x-two", "kind": "company", "name": "E\u001bsc", "country": "DK", "keywords": ["b\u0007"]}"# + "\n")
        let f = try #require(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 3, "method": "import.file", "params": {"path": "\#(file)"}}"#))
        let details = f["error"]?["data"]?["details"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(details.count == 2 && details.allSatisfy { $0.hasPrefix("\(file):1: record 'x-two': field '") }, "\(f)")
        #expect(f["error"]?["message"]?.stringValue?.contains("1 invalid record (2 problems)") == true, "\(f)")
    }

    @Test func writesAreSeenByTheNextMatch() throws {
        let s = try Self.service()
        let before = try #require(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"id": "dk-sound-0001"}}"#))
        let ids = before["result"]?["matches"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.first == "dk-ai-0001")
        let up = try #require(try Self.answer(s, #"""
            {"jsonrpc": "2.0", "id": 2, "method": "participant.upsert", "params": {"participant":
              {"id": "no-hear-0001", "kind": "company", "name": "Hearing Needs AS", "country": "NO", "needs": [{"keywords": ["acoustic sensors"]}], "offers": [{"keywords": ["machine learning"]}]}}}
            """#))
        #expect(up["result"]?["added"] == ["no-hear-0001"])
        let after = try #require(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 3, "method": "match.query", "params": {"id": "dk-sound-0001"}}"#))
        #expect(after["result"]?["matches"]?.arrayValue?.contains { $0["id"] == "no-hear-0001" } == true)
        _ = try Self.answer(s, #"{"jsonrpc": "2.0", "id": 4, "method": "participant.delete", "params": {"id": "no-hear-0001"}}"#)
        let gone = try #require(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 5, "method": "match.query", "params": {"id": "dk-sound-0001", "explain": true}}"#))
        #expect(gone["result"]?["matches"]?.arrayValue?.contains { $0["id"] == "no-hear-0001" } == false)
        #expect(gone["result"]?["matches"]?[0]?["reasons"]?.arrayValue?.isEmpty == false)
    }

    @Test func matchQueryParamsAreAllChecked() throws {
        let s = try Self.service()
        let r = try #require(try Self.answer(s, #"""
            {"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"query": {"kind": "x", "keywords": [1]}, "top": 0, "explain": "yes",
             "filters": {"kinds": ["company", "robot"], "countries": ["Denmark"], "sizeBands": ["huge"], "clusters": "c"}}}
            """#))
        let fields = Set(r["error"]?["data"]?["issues"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
        #expect(fields == ["query.kind", "query.keywords[0]", "top", "explain", "filters.kinds[1]", "filters.countries[0]",
                           "filters.sizeBands[0]", "filters.clusters"])
    }

    @Test func filtersAndAdHocQueries() throws {
        let s = try Self.service()
        let r = try #require(try Self.answer(s, #"""
            {"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"query": {"text": "machine learning", "needs": ["machine learning"]}, "top": 5, "profile": "peers",
             "filters": {"kinds": ["company"], "excludeIds": ["dk-sound-0001"]}}}
            """#))
        let matches = r["result"]?["matches"]?.arrayValue ?? []
        #expect(r["result"]?["profile"] == "peers")
        #expect(!matches.isEmpty)
        #expect(matches.allSatisfy { $0["kind"] == "company" && $0["id"] != "dk-sound-0001" })
    }

    @Test func listPages() throws {
        let s = try Self.service()
        let a = try #require(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 1, "method": "participant.list", "params": {"limit": 3}}"#))
        #expect(a["result"]?["participants"]?.arrayValue?.count == 3)
        #expect(a["result"]?["total"] == 4 && a["result"]?["nextOffset"] == 3)
        let b = try #require(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 1, "method": "participant.list", "params": {"limit": 3, "offset": 3}}"#))
        #expect(b["result"]?["participants"]?.arrayValue?.count == 1 && b["result"]?["nextOffset"] == .null)
    }

    @Test func shutdownStopsAfterAnswering() throws {
        let s = try Self.service()
        let r = try #require(try Self.answer(s, #"{"jsonrpc": "2.0", "id": 9, "method": "shutdown"}"#))
        #expect(r["result"] == .null && r["id"] == 9)
        #expect(s.stopRequested)
    }

    @Test func oversizedLineAnswer() throws {
        let s = try Self.service()
        let r = try JSONParser.parse(s.respondToOversizedLine(bytes: 5_000_000))
        #expect(Self.errorCode(r) == -32600 && r["id"] == .null)
    }
}

@Suite("serve: line reader")
struct LineReaderTests {
    /// A reader over fixed bytes, delivered `chunk` bytes at a time.
    static func reader(_ text: [UInt8], max: Int, chunk: Int) -> LineReader {
        nonisolated(unsafe) var offset = 0
        return LineReader(maxLineBytes: max, chunkSize: chunk) { buffer in
            let n = min(buffer.count, text.count - offset)
            buffer.copyBytes(from: text[offset..<offset + n])
            offset += n
            return n
        }
    }

    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func splitsAndSkipsOversizedLines(chunk: Int) {
        let long = String(repeating: "x", count: 100)
        let input = Array("ab\n\n\(long)\ncd\n12345678\n123456789\nend".utf8)
        var r = Self.reader(input, max: 8, chunk: chunk)
        var events: [LineReader.Event] = []
        while let e = r.next() { events.append(e) }
        #expect(events == [.line(Array("ab".utf8)), .line([]), .tooLong(bytes: 100), .line(Array("cd".utf8)),
                           .line(Array("12345678".utf8)), .tooLong(bytes: 9), .line(Array("end".utf8))])
    }
}
