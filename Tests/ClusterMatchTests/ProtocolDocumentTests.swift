import ClusterMatchService
import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// docs/protocol.md is tested: every example exchange is run against the built binary.
///
/// The examples run in document order in one `serve` session on a fresh fixture database
/// (the default taxonomy as `cm` plus docs/protocol-fixtures/participants.jsonl). After each
/// `→` line a sync request is sent, so that the answers to one line (none for
/// notifications) are known exactly. Normalisation: `$FIXTURES` in requests is the fixture
/// folder and `$TMP` a fresh empty folder for the session's outputs; both are written back
/// as `$FIXTURES` and `$TMP` in answers; an expected `"…"`
/// matches any value; numbers compare by value. scripts/update-protocol-examples.py does
/// the same to rewrite the expected lines.
@Suite("serve: docs/protocol.md", .serialized)
struct ProtocolDocumentTests {
    static let document = CLI.repositoryRoot.appendingPathComponent("docs/protocol.md")
    static let fixtures = CLI.repositoryRoot.appendingPathComponent("docs/protocol-fixtures").path
    static let sync = #"{"jsonrpc": "2.0", "id": "__sync__", "method": "participant.list", "params": {"limit": 0}}"#

    struct Example {
        var line: Int
        var request: String
        var expected: [String]
    }

    static func examples() throws -> [Example] {
        let text = try String(contentsOf: document, encoding: .utf8)
        var result: [Example] = []
        var inBlock = false
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```jsonrpc") { inBlock = true; continue }
            if line.hasPrefix("```") { inBlock = false; continue }
            guard inBlock else { continue }
            if line.hasPrefix("→ ") { result.append(Example(line: i + 1, request: String(line.dropFirst(2)), expected: [])) }
            else if line.hasPrefix("← ") { result[result.count - 1].expected.append(String(line.dropFirst(2))) }
        }
        return result
    }

    /// `expected` matches `actual`: same shape, `"…"` matching anything, numbers by value.
    static func matches(_ expected: JSONValue, _ actual: JSONValue) -> Bool {
        switch (expected, actual) {
        case (.string("…"), _): return true
        case (.object(let e), .object(let a)):
            return e.keys.sorted() == a.keys.sorted() && e.allSatisfy { key, value in a[key].map { matches(value, $0) } ?? false }
        case (.array(let e), .array(let a)): return e.count == a.count && zip(e, a).allSatisfy { matches($0, $1) }
        default:
            if let x = expected.doubleValue, let y = actual.doubleValue { return x == y }
            return expected == actual
        }
    }

    @Test func everyExampleAnswersAsDocumented() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("protocol.sqlite")
        let tmp = dir.path("out")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let taxonomy = CLI.repositoryRoot.appendingPathComponent("Profiles/taxonomy/clustermatch-competences.csv").path
        #expect(try CLI.run(["taxonomy", "import", taxonomy, "--namespace", "cm", "--db", db]).status == 0)
        #expect(try CLI.run(["import", Self.fixtures + "/participants.jsonl", "--db", db]).status == 0)
        let examples = try Self.examples()
        #expect(examples.count >= 25)

        let serve = try ServeProcess(["--db", db])
        var stopped = false
        for example in examples {
            var answers: [String] = []
            if !stopped {
                serve.send(example.request.replacingOccurrences(of: "$FIXTURES", with: Self.fixtures).replacingOccurrences(of: "$TMP", with: tmp))
                serve.send(Self.sync)
                while true {
                    guard let answer = try? serve.receive() else { stopped = true; break }
                    if answer.contains("\"__sync__\"") { break }
                    answers.append(answer.replacingOccurrences(of: Self.fixtures, with: "$FIXTURES").replacingOccurrences(of: tmp, with: "$TMP"))
                }
            }
            #expect(answers.count == example.expected.count,
                    "protocol.md line \(example.line): expected \(example.expected.count) answer(s), got \(answers)")
            for (expected, actual) in zip(example.expected, answers) {
                let ok = Self.matches(try JSONParser.parse(expected), try JSONParser.parse(actual))
                #expect(ok, "protocol.md line \(example.line):\nexpected ← \(expected)\nactual   ← \(actual)\n(scripts/update-protocol-examples.py rewrites the examples)")
            }
        }
        #expect(stopped, "the examples end with shutdown")
        #expect(try serve.finish().status == 0)
    }

    @Test func everyMethodIsDocumented() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        for method in RPCService.methodNames { #expect(text.contains("### `\(method)`"), "\(method) has no section") }
    }
}
