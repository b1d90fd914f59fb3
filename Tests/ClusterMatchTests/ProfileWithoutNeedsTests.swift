import Foundation
import JSONSupport
import Testing

/// `brokerage` weighs what one side offers against what the other needs. In a landscape where
/// no one states a need (a CORDIS export: organisations and their projects), every pair's
/// complementarity is 0 and it would rank by its small similarity and network weights alone;
/// it ranks with the weights of `peers` instead (`"withoutNeeds"`), keeps its own rules, says
/// so, and comes back with the first stated need.
@Suite("profiles: withoutNeeds", .serialized)
struct ProfileWithoutNeedsTests {
    /// No one states a need. `b` shares `a`'s keywords and no partner; `c` shares nothing of
    /// `a`'s profile but two partners (z1, z2); `a2` is `a`'s own organisation.
    static let participants = """
        {"id": "a", "kind": "company", "name": "Alpha Sensors", "country": "DK", "organisation": "Alpha Group", "keywords": ["acoustic sensors", "hearing aids"]}
        {"id": "a2", "kind": "company", "name": "Alpha Sensors Aarhus", "country": "DK", "organisation": "Alpha Group", "keywords": ["acoustic sensors", "hearing aids"]}
        {"id": "b", "kind": "company", "name": "Beta Acoustics", "country": "SE", "keywords": ["acoustic sensors", "loudspeakers"]}
        {"id": "c", "kind": "knowledge-institution", "name": "Gamma Institute", "country": "DE", "keywords": ["machine learning"]}
        {"id": "d", "kind": "company", "name": "Delta Pilots", "country": "NO", "keywords": ["pilot sites"]}

        """
    static let history = """
        {"group": "P1", "kind": "project", "date": "2020-01-01", "members": ["a", "z1", "z2"], "source": "test"}
        {"group": "P2", "kind": "project", "date": "2021-01-01", "members": ["c", "z1", "z2"], "source": "test"}

        """
    static let aNeed = #"{"id": "e", "kind": "company", "name": "Epsilon Needs", "country": "FI", "keywords": ["loudspeakers"], "needs": [{"keywords": ["acoustic sensors"]}]}"# + "\n"

    func database(_ dir: TemporaryDirectory) throws -> String {
        let db = dir.path("w.sqlite")
        #expect(try CLI.run(["import", try dir.write("p.jsonl", Self.participants), "--db", db]).status == 0)
        #expect(try CLI.run(["history", "import", try dir.write("h.jsonl", Self.history), "--db", db]).status == 0)
        return db
    }

    /// (id, score) of a `match --format json` answer.
    func rows(_ stdout: String) throws -> [String] {
        try (JSONParser.parse(stdout).arrayValue ?? []).map { "\($0["id"]?.stringValue ?? "?") \($0["score"].map { "\($0)" } ?? "?")" }
    }

    @Test func withoutNeedsTheDefaultRanksAsPeersAndSaysSo() throws {
        let dir = try TemporaryDirectory()
        let db = try database(dir)
        let byDefault = try CLI.run(["match", "a", "--format", "json", "--db", db])
        #expect(byDefault.status == 0, "\(byDefault.stderr)")
        #expect(byDefault.stderr.contains("note: no participant states a need: brokerage ranks with the weights of peers (its withoutNeeds) and keeps its own rules"), "\(byDefault.stderr)")
        let table = try CLI.run(["match", "a", "--db", db])
        #expect(table.stdout.contains("— profile brokerage with the weights of peers"), "\(table.stdout)")
        // The weights are peers', the rules brokerage's: a's own organisation stays out.
        let peers = try CLI.run(["match", "a", "--format", "json", "--profile", "peers", "--db", db])
        #expect(try rows(byDefault.stdout) == rows(peers.stdout).filter { !$0.hasPrefix("a2 ") })
        #expect(try rows(peers.stdout).contains { $0.hasPrefix("a2 ") })
        #expect(!peers.stderr.contains("note:"), "\(peers.stderr)")
        // The reference: brokerage's own weights, without a stand-in, rank the keyword twin
        // first; peers' network weight ranks the partner of both partners first.
        var own = try JSONParser.parse(String(decoding: try Data(contentsOf: CLI.repositoryRoot.appendingPathComponent("Profiles/scoring/brokerage.json")), as: UTF8.self)).objectValue!
        own["withoutNeeds"] = nil
        own["name"] = "brokerage-alone"
        let alone = try CLI.run(["match", "a", "--format", "json", "--profile", try dir.write("alone.json", JSONValue.object(own).description), "--db", db])
        #expect(alone.status == 0, "\(alone.stderr)")
        #expect(try rows(alone.stdout).first?.hasPrefix("b ") == true, "\(alone.stdout)")
        #expect(try rows(byDefault.stdout).first?.hasPrefix("c ") == true, "\(byDefault.stdout)")

        // explain and match-all say the same; the JSON names the profile that ranked.
        let explained = try CLI.run(["explain", "a", "c", "--format", "json", "--db", db])
        let e = try JSONParser.parse(explained.stdout)
        #expect(e["profile"] == "brokerage" && e["profileNote"]?.stringValue?.contains("the weights of peers") == true, "\(explained.stdout)")
        let explainedTable = try CLI.run(["explain", "a", "c", "--db", db])
        #expect(explainedTable.stdout.contains(", profile brokerage with the weights of peers\n"), "\(explainedTable.stdout)")
        let all = try CLI.run(["match-all", "--out", dir.path("all.jsonl"), "--db", db])
        #expect(all.status == 0 && all.stderr.components(separatedBy: "the weights of peers").count == 2, "once: \(all.stderr)")

        // An ad-hoc query that states a need ranks with brokerage's own weights (its need may
        // meet stated offers); one without needs stands in like the lists.
        let query = ["match", "--needs", "acoustic sensors", "--keywords", "hearing aids", "--format", "json", "--db", db]
        let adHoc = try CLI.run(query)
        #expect(adHoc.status == 0 && !adHoc.stderr.contains("note:"), "\(adHoc.stderr)")
        let adHocAlone = try CLI.run(query + ["--profile", dir.path("alone.json")])
        #expect(try rows(adHoc.stdout) == rows(adHocAlone.stdout) && !rows(adHoc.stdout).isEmpty, "\(adHoc.stdout)")
        let keywordsOnly = try CLI.run(["match", "--keywords", "hearing aids", "--format", "json", "--db", db])
        #expect(keywordsOnly.stderr.contains("the weights of peers"), "\(keywordsOnly.stderr)")

        // The first stated need brings brokerage back.
        #expect(try CLI.run(["import", try dir.write("e.jsonl", Self.aNeed), "--db", db]).status == 0)
        let after = try CLI.run(["match", "a", "--format", "json", "--db", db])
        #expect(!after.stderr.contains("note:"), "\(after.stderr)")
        let brokerage = try CLI.run(["match", "a", "--format", "json", "--profile", "brokerage", "--db", db])
        #expect(try rows(after.stdout) == rows(brokerage.stdout))
        #expect(try rows(after.stdout) != rows(try CLI.run(["match", "a", "--format", "json", "--profile", "peers", "--db", db]).stdout))
    }

    /// A running service follows another process's writes: the first need reloads the
    /// engine with brokerage, and deleting it goes back to peers.
    @Test func theServiceSwitchesWithTheFirstAndLastNeed() throws {
        let dir = try TemporaryDirectory()
        let db = try database(dir)
        let serve = try ServeProcess(["--db", db])
        let query = #"{"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"id": "a", "top": 5}}"#
        let before = try JSONParser.parse(try serve.call(query))["result"]
        #expect(before?["profile"] == "brokerage" && before?["profileNote"]?.stringValue?.contains("no participant states a need") == true, "\(String(describing: before))")
        let info = #"{"jsonrpc": "2.0", "id": 3, "method": "system.info"}"#
        let standing = try JSONParser.parse(try serve.call(info))["result"]?["engines"]?.arrayValue ?? []
        #expect(standing.count == 1 && standing.first?["weightsOf"] == "peers", "\(standing)")
        #expect(try CLI.run(["import", try dir.write("e.jsonl", Self.aNeed), "--db", db]).status == 0)
        let with = try JSONParser.parse(try serve.call(query))["result"]
        #expect(with?["profile"] == "brokerage" && with?["profileNote"] == nil, "\(String(describing: with))")
        // A query that states needs wants brokerage's own weights: the engine that has them serves it.
        let needsQuery = #"{"jsonrpc": "2.0", "id": 4, "method": "match.query", "params": {"query": {"needs": ["acoustic sensors"]}}}"#
        #expect(try JSONParser.parse(try serve.call(needsQuery))["result"] != nil)
        let engines = try JSONParser.parse(try serve.call(info))["result"]?["engines"]?.arrayValue ?? []
        #expect(engines.count == 1 && engines.first?["weightsOf"] == nil && engines.first?["ownWeights"] == nil, "\(engines)")
        #expect(try CLI.run(["participants", "delete", "e", "--db", db]).status == 0)
        let without = try JSONParser.parse(try serve.call(query))["result"]
        #expect(without?["profileNote"] != nil, "\(String(describing: without))")
        let end = try serve.finish()
        #expect(end.status == 0 && !end.stderr.contains("note:"), "the answers carry the note, the log does not: \(end.stderr)")
    }

    /// One need among many brings brokerage's own weights back for everyone, though most
    /// pairs still have no complementarity: the CLI says so below 1 in 20.
    @Test func aFewNeedsAreNamed() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("few.sqlite")
        let many = (1...40).map { #"{"id": "p\#($0)", "kind": "company", "name": "P \#($0)", "country": "DE", "keywords": ["topic \#($0 % 7)"]}"# }
        #expect(try CLI.run(["import", try dir.write("many.jsonl", many.joined(separator: "\n") + "\n"), "--db", db]).status == 0)
        #expect(try CLI.run(["import", try dir.write("e.jsonl", Self.aNeed), "--db", db]).status == 0)
        let one = try CLI.run(["match", "p1", "--db", db])
        #expect(one.stderr.contains("note: only 1 of 41 participants state a need: brokerage gives every pair without needs on both sides a complementarity of 0"), "\(one.stderr)")
        #expect(!one.stdout.contains("with the weights of"), "brokerage's own weights rank: \(one.stdout)")
        // At 1 in 20 it is quiet; the stand-in's note is not repeated by this one.
        let more = (41...41).map { #"{"id": "n\#($0)", "kind": "company", "name": "N", "country": "DE", "keywords": ["x"], "needs": [{"keywords": ["topic 1"]}]}"# }
        #expect(try CLI.run(["import", try dir.write("more.jsonl", more.joined(separator: "\n") + "\n"), "--db", db]).status == 0)
        #expect(try !CLI.run(["match", "p1", "--db", db]).stderr.contains("note:"))
        #expect(try !CLI.run(["match", "p1", "--profile", "peers", "--db", db]).stderr.contains("note:"))
    }

    /// Tuning brokerage where no one states a need tunes the weights that rank there (peers'),
    /// and writes them without withoutNeeds: the file ranks with what was tuned.
    @Test func tuneWithoutNeedsTunesTheWeightsThatRank() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("tune.sqlite")
        let people = (0..<60).map { "q\($0)" }
        let lines = people.enumerated().map { i, id in #"{"id": "\#(id)", "kind": "company", "name": "Q \#(i)", "country": "DE", "keywords": ["topic \#(i % 9)"]}"# }
        #expect(try CLI.run(["import", try dir.write("q.jsonl", lines.joined(separator: "\n") + "\n"), "--db", db]).status == 0)
        // Partners of a hub go on to work together: in the fit year and in the later one.
        func clique(_ hub: String, _ members: ArraySlice<String>, _ date: String) -> String {
            var text = members.map { #"{"a": "\#(hub)", "b": "\#($0)", "kind": "project", "date": "2020-01-01", "source": "t"}"# + "\n" }.joined()
            for (i, a) in members.enumerated() {
                for b in members.dropFirst(i + 1) { text += #"{"a": "\#(a)", "b": "\#(b)", "kind": "project", "date": "\#(date)", "source": "t"}"# + "\n" }
            }
            return text
        }
        let history = clique(people[0], people[1..<8], "2023-06-01") + clique(people[10], people[11..<18], "2024-06-01")
        #expect(try CLI.run(["history", "import", try dir.write("h.jsonl", history), "--db", db]).status == 0)
        let out = dir.path("tuned.json")
        let r = try CLI.run(["profiles", "tune", "--from", "brokerage", "--split", "2024-01-01", "--out", out, "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("note: no participant states a need: \(out) has the weights of peers, which brokerage ranks with here, tuned; and no withoutNeeds"), "\(r.stderr)")
        let written = try JSONParser.parse(try String(contentsOfFile: out, encoding: .utf8))
        #expect(written["withoutNeeds"] == nil)
        #expect(written["weights"]?["semanticSimilarity"] == 4 && written["weights"]?["complementarity"] == 0, "peers' content weights: \(written)")
        #expect(written["rules"]?["excludeSameOrganisation"] == true, "brokerage's rules: \(written)")
        // The file ranks with what was tuned, without a note.
        let tuned = try CLI.run(["match", "q1", "--profile", out, "--db", db])
        #expect(tuned.status == 0 && !tuned.stderr.contains("note:"), "\(tuned.stderr)")
    }

    /// A stand-in that does not load fails when the profile loads, naming the field; a
    /// profile cannot stand in for itself.
    @Test func aMisspeltStandInIsAnError() throws {
        let dir = try TemporaryDirectory()
        let db = try database(dir)
        let misspelt = try dir.write("m.json", #"{"name": "m", "weights": {"similarity": 1}, "withoutNeeds": "peer"}"#)
        let r = try CLI.run(["match", "a", "--profile", misspelt, "--db", db])
        #expect(r.status == 65 && r.stderr.contains("m.json: field 'withoutNeeds': no scoring profile 'peer'"), "\(r.stderr)")
        let itself = try dir.write("i.json", #"{"name": "i", "weights": {"similarity": 1}, "withoutNeeds": "i"}"#)
        let s = try CLI.run(["match", "a", "--profile", itself, "--db", db])
        #expect(s.status == 65 && s.stderr.contains("field 'withoutNeeds' names the profile itself"), "\(s.stderr)")
        let itsFile = try dir.write("f.json", #"{"name": "f", "weights": {"similarity": 1}, "withoutNeeds": "./f.json"}"#)
        let f = try CLI.run(["match", "a", "--profile", itsFile, "--db", db])
        #expect(f.status == 65 && f.stderr.contains("field 'withoutNeeds' names the profile itself ('./f.json')"), "\(f.stderr)")
        // A relative file is taken from the profile's folder, not the working directory.
        try FileManager.default.createDirectory(atPath: dir.path("sub"), withIntermediateDirectories: true)
        _ = try dir.write("sub/plain.json", #"{"name": "plain", "weights": {"similarity": 1}}"#)
        let nested = try dir.write("sub/n.json", #"{"name": "n", "weights": {"complementarity": 1}, "withoutNeeds": "plain.json"}"#)
        let t = try CLI.run(["match", "a", "--profile", nested, "--format", "json", "--db", db])
        #expect(t.status == 0 && t.stderr.contains("n ranks with the weights of plain.json"), "\(t.stderr)")
    }
}
