import Foundation
import Testing
@testable import MatchCore
import JSONSupport

/// The CLI and the service are two doors onto the same use cases: a diagnosis, a validation
/// or an error is made once, and each door only adds its own words (a flag, a field, a hint).
@Suite("one door: the CLI and the service share each diagnosis and wording", .serialized)
struct OneDoorTests {
    /// The demo landscape with the default taxonomy.
    static func demo(_ dir: TemporaryDirectory) throws -> String {
        let db = dir.path("demo.sqlite")
        let profiles = CLI.repositoryRoot.appendingPathComponent("Profiles")
        #expect(try CLI.run(["taxonomy", "import", profiles.appendingPathComponent("taxonomy/clustermatch-competences.csv").path,
                             "--namespace", "cm", "--db", db]).status == 0)
        let r = try CLI.run(["import", profiles.appendingPathComponent("demo/landscape.jsonl").path, "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        return db
    }

    static func answer(_ serve: ServeProcess, _ method: String, _ params: String) throws -> JSONValue {
        try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "\#(method)", "params": \#(params)}"#))
    }

    @Test func theOneSidedDiagnosisReachesBothDoors() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.demo(dir)
        let serve = try ServeProcess(["--db", db])
        // A pair found one-sided in the demo, both ways round, and a pair that is not.
        for (a, b, expected) in [("de-hearing-0005", "de-hearing-0010", "they need what you offer"),
                                 ("de-hearing-0010", "de-hearing-0005", "they offer what you need"),
                                 ("dk-sound-0001", "dk-sound-0002", nil)] {
            let served = try #require(try Self.answer(serve, "match.explain", #"{"a": "\#(a)", "b": "\#(b)"}"#)["result"])
            let forward = try #require(served["forward"]?.doubleValue), backward = try #require(served["backward"]?.doubleValue)
            // The rule, worked by hand from the two directions the answer reports.
            let oneSided = (forward > 0.15 && backward <= 0.05) || (backward > 0.15 && forward <= 0.05)
            #expect(oneSided == (expected != nil), "\(a) \(b): \(forward) \(backward)")
            let printed = try CLI.run(["explain", a, b, "--db", db, "--format", "json"])
            #expect(try JSONParser.parse(printed.stdout) == served)
            let table = try CLI.run(["explain", a, b, "--db", db])
            if let expected {
                let message = try #require(served["oneSided"]?.stringValue)
                #expect(message.contains(expected))
                #expect(table.stdout.split(separator: "\n").contains { $0 == message })
            } else {
                #expect(served["oneSided"] == nil)
                #expect(!table.stdout.contains("One-sided"))
            }
        }
    }

    @Test func filtersAreRefusedInOneWordingAndErrorsCarryNoFlags() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        #expect(try CLI.run(["import", ServeParityTests.fixtures + "/participants.jsonl", "--db", db]).status == 0)
        let serve = try ServeProcess(["--db", db])
        let refused = try Self.answer(serve, "match.query", #"{"id": "dk-sound-0001", "filters": {"kinds": ["robot"], "countries": ["XX"], "sizeBands": ["huge"]}}"#)
        let issues = try #require(refused["error"]?["data"]?["issues"]?.arrayValue)
        for (flag, field, value) in [("--kind", "filters.kinds[0]", "robot"), ("--country", "filters.countries[0]", "XX"), ("--size", "filters.sizeBands[0]", "huge")] {
            let reason = try #require(issues.first { $0["field"]?.stringValue == field }?["reason"]?.stringValue)
            let r = try CLI.run(["match", "dk-sound-0001", flag, value, "--db", db])
            #expect(r.status == 64)
            #expect(r.stderr.hasPrefix("Error: \(flag) \(value): \(reason)\n"), "\(r.stderr)")
        }
        // Not found: the service says what, the CLI adds where to look.
        for (method, params, arguments) in [("participant.get", #"{"id": "nobody"}"#, ["participants", "show", "nobody"]),
                                            ("cluster.match", #"{"id": "nowhere"}"#, ["clusters", "match", "nowhere"]),
                                            ("taxonomy.get", #"{"namespace": "nonesuch"}"#, ["taxonomy", "list", "--namespace", "nonesuch"])] {
            let message = try #require(try Self.answer(serve, method, params)["error"]?["message"]?.stringValue)
            #expect(!message.contains("clustermatch") && !message.contains("--"), "\(message)")
            let r = try CLI.run(arguments + ["--db", db])
            #expect(r.status == 66)
            #expect(r.stderr.hasPrefix("error: \(message) (see: clustermatch "), "\(r.stderr)")
        }
    }
}
