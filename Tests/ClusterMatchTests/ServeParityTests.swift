import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// The service and the CLI call the same use cases and print the same objects: each wired
/// method's result equals what the CLI prints with `--format json` for the same input.
@Suite("serve: same answers as the CLI", .serialized)
struct ServeParityTests {
    static let fixtures = CLI.repositoryRoot.appendingPathComponent("docs/protocol-fixtures").path

    /// A database with the default taxonomy (`cm`) and the protocol fixtures, plus a second cluster abroad.
    static func database(_ dir: TemporaryDirectory, name: String = "parity.sqlite") throws -> String {
        let db = dir.path(name)
        let taxonomy = CLI.repositoryRoot.appendingPathComponent("Profiles/taxonomy/clustermatch-competences.csv").path
        #expect(try CLI.run(["taxonomy", "import", taxonomy, "--namespace", "cm", "--db", db]).status == 0)
        let extra = try dir.write("extra-\(name).jsonl", """
            {"id": "fi-ml-0001", "kind": "company", "name": "Oulu Learning Oy", "country": "FI", "keywords": ["machine learning"], "offers": [{"keywords": ["machine learning"]}], "needs": [{"codes": ["01002004"]}]}
            {"id": "de-acoustics", "kind": "cluster", "name": "Akustik Cluster Bayern", "country": "DE", "competences": [{"code": "01002"}], "keywords": ["microphones"]}
            {"id": "de-hear-0001", "kind": "company", "name": "Hörtechnik GmbH", "country": "DE", "clusters": ["de-acoustics"], "keywords": ["hearing aids"], "needs": [{"keywords": ["acoustic sensors"]}]}

            """)
        let r = try CLI.run(["import", Self.fixtures + "/participants.jsonl", extra, "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        return db
    }

    static func cli(_ arguments: [String], db: String) throws -> JSONValue {
        let r = try CLI.run(arguments + ["--db", db, "--format", "json"])
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        return try JSONParser.parse(r.stdout)
    }

    static func result(_ serve: ServeProcess, _ method: String, _ params: String) throws -> JSONValue {
        let answer = try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "\#(method)", "params": \#(params)}"#))
        #expect(answer["error"] == nil, "\(method): \(answer.serialized())")
        return answer["result"] ?? .null
    }

    @Test func matchingAndClusters() throws {
        let dir = try TemporaryDirectory()
        let db = try Self.database(dir)
        let serve = try ServeProcess(["--db", db])
        for profile in ["brokerage", "research"] {
            let served1 = try Self.result(serve, "match.explain", #"{"a": "dk-sound-0001", "b": "dk-ai-0001", "profile": "\#(profile)"}"#)
            let printed1 = try Self.cli(["explain", "dk-sound-0001", "dk-ai-0001", "--profile", profile], db: db)
            #expect(served1 == printed1)
        }
        let served2 = try Self.result(serve, "cluster.list", "{}")["clusters"]
        let printed2 = try Self.cli(["clusters", "list"], db: db)
        #expect(served2 == printed2)
        let served3 = try Self.result(serve, "cluster.match", #"{"id": "dk-sound", "pairs": 2}"#)["matches"]
        let printed3 = try Self.cli(["clusters", "match", "dk-sound", "--pairs", "2"], db: db)
        #expect(served3 == printed3)
        let served4 = try Self.result(serve, "cluster.match", #"{"id": "dk-sound", "pairs": 0, "sameCountry": true}"#)["matches"]
        let printed4 = try Self.cli(["clusters", "match", "dk-sound", "--pairs", "0", "--same-country"], db: db)
        #expect(served4 == printed4)
        let none = try Self.result(serve, "cluster.match", #"{"id": "dk-sound", "pairs": 0}"#)["matches"]?[0]?["memberPairs"]
        #expect(none == .array([]))
        let served5 = try Self.result(serve, "match.query", #"{"id": "dk-sound-0001", "includeUnmatchable": true}"#)["matches"]
        let printed5 = try Self.cli(["match", "dk-sound-0001", "--include-expired"], db: db)
        #expect(served5 == printed5)
        for id in ["dk-sound-0001", "de-hear-0001", "dk-sound"] {  // passed on as stored, not re-encoded
            let served = try Self.result(serve, "participant.get", #"{"id": "\#(id)"}"#)
            let printed = try Self.cli(["participants", "show", id], db: db)
            #expect(served == printed)
        }
        #expect(try serve.finish().status == 0)
    }

    @Test func eventsAndImports() throws {
        let dir = try TemporaryDirectory()
        let serveDB = try Self.database(dir, name: "serve.sqlite")
        let cliDB = try Self.database(dir, name: "cli.sqlite")
        let serve = try ServeProcess(["--db", serveDB])
        let event = Self.fixtures + "/event.json", replan = Self.fixtures + "/event-replan.json"
        let planned = try Self.result(serve, "event.plan", #"{"path": "\#(event)", "out": "\#(dir.path("serve-plan"))"}"#)
        let printedPlan = try Self.cli(["event", "plan", event], db: cliDB)
        #expect(planned == printedPlan)
        #expect((planned["meetings"]?.arrayValue?.count ?? 0) > 0)
        #expect(try CLI.run(["event", "plan", event, "--db", cliDB, "--out", dir.path("cli-plan")]).status == 0)
        for file in ["schedule.json", "meetings.csv"] {
            let served = try String(contentsOfFile: dir.path("serve-plan/\(file)"), encoding: .utf8)
            let written = try String(contentsOfFile: dir.path("cli-plan/\(file)"), encoding: .utf8)
            #expect(served == written, "\(file)")
        }
        let previous = dir.path("serve-plan/schedule.json")
        let served6 = try Self.result(serve, "event.replan", #"{"path": "\#(replan)", "previous": "\#(previous)"}"#)
        let printed6 = try Self.cli(["event", "replan", replan, "--previous", previous], db: cliDB)
        #expect(served6 == printed6)
        let exported = try Self.result(serve, "event.export", #"{"schedule": "\#(previous)", "format": "ics", "out": "\#(dir.path("ics"))"}"#)
        let files = exported["files"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(!files.isEmpty && files.allSatisfy { FileManager.default.fileExists(atPath: $0) })

        let registrations = Self.fixtures + "/registrations.csv"
        let served7 = try Self.result(serve, "import.file", #"{"path": "\#(registrations)", "dryRun": true, "skipInvalid": true}"#)
        let printed7 = try Self.cli(["import", registrations, "--dry-run", "--skip-invalid"], db: cliDB)
        #expect(served7 == printed7)
        let nace = Self.fixtures + "/taxonomy-nace.csv", market = Self.fixtures + "/taxonomy-market.csv"
        let served8 = try Self.result(serve, "import.file", #"{"paths": ["\#(nace)", "\#(market)"], "format": "taxonomy"}"#)["taxonomies"]
        let printed8 = try Self.cli(["taxonomy", "import", nace, market], db: cliDB)
        #expect(served8 == printed8)
        #expect(try serve.finish().status == 0)
    }
}
