import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// Feeds one `serve` process thousands of generated and mutated lines (seeded, so every run
/// is the same) and checks that every answer is valid JSON-RPC with the right id, in order,
/// and that the process is alive and answering at the end.
@Suite("serve: fuzz", .serialized)
struct ServeFuzzTests {
    /// A seeded generator with the small helpers the fuzzer needs.
    struct Random {
        var generator: SplitMix64
        init(state: UInt64) { generator = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
        mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
    }

    static let methods = ["system.info", "participant.get", "participant.list", "participant.upsert", "participant.delete",
                          "match.query", "match.explain", "cluster.list", "cluster.match", "event.plan", "event.replan", "event.export",
                          "taxonomy.get", "import.file",
                          "no.such", "rpc.x", ""]
    static let ids = ["dk-sound-0001", "dk-ai-0001", "se-robot-0001", "dk-uni-0001", "nobody", ""]
    static let atoms = ["null", "true", "false", "0", "-0", "1e999", "-1e999", "2.5", "10", "-1", "9223372036854775807",
                        "1e-400", "\"\"", "\"x\"", "\"DK\"", "\"company\"", "\"peers\"", "\"\\u00e9\\ud83d\\ude00\"", "[]", "{}"]

    static func value(_ r: inout Random, depth: Int = 0) -> String {
        switch depth > 3 ? 0 : r.below(6) {
        case 0, 1, 2: return r.pick(atoms)
        case 3: return "\"" + r.pick(ids) + "\""
        case 4: return "[" + (0..<r.below(4)).map { _ in value(&r, depth: depth + 1) }.joined(separator: ",") + "]"
        default:
            let keys = ["id", "top", "limit", "offset", "explain", "profile", "query", "filters", "kinds", "text", "keywords",
                        "participant", "participants", "a", "b", "code", "namespace", "path", "format", "name", "country", "kind", "vector"]
            return "{" + (0..<r.below(5)).map { _ in "\"\(r.pick(keys))\": \(value(&r, depth: depth + 1))" }.joined(separator: ",") + "}"
        }
    }

    static func params(_ method: String, _ r: inout Random) -> String {
        let id = "\"\(r.pick(ids))\""
        switch (method, r.below(3)) {
        case ("participant.get", 0), ("participant.delete", 0): return "{\"id\": \(id)}"
        case ("match.query", 0): return "{\"id\": \(id), \"top\": \(r.pick(["1", "3", "10", "0", "1e999", "-0", "2.5"])), \"explain\": \(r.pick(["true", "false", "1"])), \"profile\": \(r.pick(["\"peers\"", "\"brokerage\"", "\"nope\"", "3"]))}"
        case ("match.query", 1): return "{\"query\": {\"text\": \"acoustic sensors\", \"keywords\": [\"machine learning\"]}, \"filters\": {\"kinds\": [\"company\"], \"countries\": [\(r.pick(["\"DK\"", "\"XX\"", "1"]))]}}"
        case ("match.explain", 0): return "{\"a\": \(id), \"b\": \"\(r.pick(ids))\"}"
        case ("participant.upsert", 0):
            return "{\"participant\": {\"id\": \"fz-\(r.below(50))\", \"kind\": \(r.pick(["\"company\"", "\"alien\"", "1"])), \"name\": \"Fuzz\", \"country\": \(r.pick(["\"DK\"", "\"XX\""])), \"keywords\": [\"acoustic sensors\"], \"competences\": [{\"code\": \"x\", \"weight\": \(r.pick(["1", "-0", "1e999", "0.5"]))}]}}"
        case ("participant.upsert", 1):
            return "{\"participant\": {\"id\": \"fz-\(r.below(50))\", \"kind\": \"company\", \"name\": \"Fuzz\", \"country\": \"SE\", \"keywords\": [\"machine learning\", \"grippers\"]}}"
        default: return value(&r)
        }
    }

    static func request(_ r: inout Random) -> String {
        let method = r.pick(methods)
        var members: [String] = []
        if !r.chance(0.02) { members.append("\"jsonrpc\": \(r.chance(0.97) ? "\"2.0\"" : r.pick(["\"1.0\"", "2", "null"]))") }
        if !r.chance(0.02) { members.append("\"method\": \(r.chance(0.97) ? "\"\(method)\"" : r.pick(atoms))") }
        if r.chance(0.8) { members.append("\"params\": \(r.chance(0.9) ? params(method, &r) : value(&r))") }
        if !r.chance(0.1) {
            let id = r.pick(["\(r.below(100_000))", "\"s\(r.below(1000))\"", "null", "-5", "1.5", "1e999", "{}", "[1]", "true"])
            members.append("\"id\": \(id)")
        }
        if r.chance(0.1) { members.append("\"unknown\": \(value(&r))") }
        members.shuffle(using: &r)
        return "{" + members.joined(separator: ", ") + "}"
    }

    static func mutate(_ line: String, _ r: inout Random) -> [UInt8] {
        var bytes = Array(line.utf8)
        for _ in 0..<(1 + r.below(4)) {
            guard !bytes.isEmpty else { break }
            let i = r.below(bytes.count)
            switch r.below(6) {
            case 0: bytes[i] = UInt8(truncatingIfNeeded: r.next())
            case 1: bytes.removeSubrange(i..<min(bytes.count, i + 1 + r.below(8)))
            case 2: bytes.insert(contentsOf: r.pick([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], Array("NaN".utf8), Array(",".utf8), Array("\"".utf8), [0x00]]), at: i)
            case 3: bytes = Array(bytes[..<i])
            case 4: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + r.below(20))], at: i)
            default: bytes.insert(contentsOf: Array(r.pick(atoms).utf8), at: i)
            }
        }
        return bytes.map { $0 == 0x0A ? 0x20 : $0 }  // one line stays one line
    }

    static func line(_ r: inout Random) -> [UInt8] {
        switch r.below(20) {
        case 0..<9: return Array(request(&r).utf8)
        case 9..<15: return mutate(request(&r), &r)
        case 15, 16: return Array(("[" + (0..<r.below(5)).map { _ in r.chance(0.2) ? value(&r) : request(&r) }.joined(separator: ", ") + "]").utf8)
        case 17: return Array(value(&r).utf8)
        case 18: return mutate(value(&r), &r)
        default:
            let n = r.pick([300, 5_000, 100_000])
            return Array((String(repeating: r.pick(["[", "{\"a\":"]), count: n)).utf8)
        }
    }

    /// What a line must be answered with: nil (nothing), the ids of one response, or of a batch.
    enum Expected { case none, single(JSONValue), batch([JSONValue]) }

    /// An oracle written from the JSON-RPC 2.0 text, independent of the service's code.
    static func expected(_ bytes: [UInt8]) -> Expected {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .none }
        guard let value = try? JSONParser.parse(bytes, maxDepth: 256) else { return .single(.null) }
        /// The id to answer with; nil for a valid notification.
        func one(_ v: JSONValue) -> JSONValue? {
            guard let o = v.objectValue else { return JSONValue.null }
            let id: JSONValue
            switch o["id"] {
            case nil, .null?, .string?, .int?: id = o["id"] ?? .null
            case .double(let d)? where d.isFinite: id = o["id"]!
            default: return JSONValue.null
            }
            let params: Bool = { if case nil = o["params"] { return true }; if case .array? = o["params"] { return true }; if case .object? = o["params"] { return true }; return false }()
            let valid = o["jsonrpc"] == "2.0" && o["method"]?.stringValue != nil && params
            if valid && o["id"] == nil { return nil }
            return id
        }
        if case .array(let elements) = value {
            if elements.isEmpty { return .single(.null) }
            let ids = elements.compactMap { one($0) }
            return ids.isEmpty ? .none : .batch(ids)
        }
        return one(value).map { Expected.single($0) } ?? Expected.none
    }

    static func checkResponse(_ r: JSONValue, id: JSONValue) -> Bool {
        guard let o = r.objectValue, o["jsonrpc"] == "2.0", o.count == 3 else { return false }
        let idOK = o["id"] == id || (o["id"]?.doubleValue != nil && o["id"]?.doubleValue == id.doubleValue)
        if let e = o["error"] {
            return idOK && e["code"]?.intValue != nil && e["message"]?.stringValue != nil
        }
        return idOK && o["result"] != nil
    }

    @Test func tenThousandLines() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("fuzz.sqlite")
        #expect(try CLI.run(["import", try dir.write("people.jsonl", CLITests.sample), "--db", db]).status == 0)
        var random = Random(state: 20_261_123)
        let lines = (0..<10_000).map { _ in Self.line(&random) }
        let serve = try ServeProcess(["--db", db, "--max-line-bytes", "65536"])
        let writer = Thread {
            var data = Data()
            for line in lines { data.append(contentsOf: line); data.append(0x0A) }
            serve.write(data)
        }
        writer.start()
        var answered = 0
        var seen: [String: Int] = [:]  // "result" or the error code: how many of each
        func tally(_ r: JSONValue) { seen[r["error"]?["code"]?.intValue.map(String.init) ?? "result", default: 0] += 1 }
        for (i, line) in lines.enumerated() {
            let preview = String(decoding: line.prefix(200), as: UTF8.self)
            let expectation = line.count > 65536 ? .single(.null) : Self.expected(line)
            switch expectation {
            case .none: continue
            case .single(let id):
                let text = try serve.receive()
                let r = try JSONParser.parse(text)
                tally(r)
                #expect(Self.checkResponse(r, id: id), "line \(i): \(preview)\n→ \(text)")
            case .batch(let ids):
                let text = try serve.receive()
                let r = try JSONParser.parse(text).arrayValue ?? []
                r.forEach(tally)
                #expect(r.count == ids.count && zip(r, ids).allSatisfy { Self.checkResponse($0, id: $1) }, "line \(i): \(preview)\n→ \(text)")
            }
            answered += 1
        }
        #expect(answered > 8_000)
        // The lines reach every layer: parsing, framing, params, the use cases.
        for key in ["result", "-32700", "-32600", "-32601", "-32602", "1000"] { #expect(seen[key, default: 0] >= 50, "\(seen)") }
        let info = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": "end", "method": "system.info"}"#))
        #expect(info["id"] == "end" && info["result"]?["version"] != nil)
        let end = try serve.finish()
        #expect(end.status == 0)
        #expect(end.rest.isEmpty)
        #expect(!end.stderr.contains("Fatal error"))
    }
}

extension ServeFuzzTests.Random: RandomNumberGenerator {}
