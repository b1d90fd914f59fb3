import Foundation
import JSONSupport
import Testing

/// `clustermatch profiles list` and `profiles show`: a user finds a shipped profile, copies
/// it, edits it and matches with the copy.
@Suite("profiles: list and show")
struct ProfilesCLITests {
    @Test func showPrintsTheShippedFileAndAnEditedCopyLoads() throws {
        let dir = try TemporaryDirectory()
        let shown = try CLI.run(["profiles", "show", "peers"])
        #expect(shown.status == 0)
        let shipped = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Profiles/scoring/peers.json"), encoding: .utf8)
        #expect(shown.stdout == shipped)
        // An edited copy is an ordinary profile file.
        let copy = try dir.write("mine.json", shown.stdout.replacingOccurrences(of: #""name": "peers""#, with: #""name": "mine""#))
        #expect(try CLI.run(["demo", "--out", dir.path("demo")]).status == 0)
        let list = try CLI.run(["match", "dk-sound-0001", "--profile", copy, "--format", "json", "--db", dir.path("demo/demo.sqlite")])
        let same = try CLI.run(["match", "dk-sound-0001", "--profile", "peers", "--format", "json", "--db", dir.path("demo/demo.sqlite")])
        #expect(list.status == 0 && list.stdout == same.stdout && !list.stdout.isEmpty, "stderr: \(list.stderr)")
        let missing = try CLI.run(["profiles", "show", "nosuch"])
        #expect(missing.status == 66 && missing.stderr.contains("no scoring profile 'nosuch'; known profiles: brokerage, cluster-to-cluster, peers, research"))
    }

    @Test func listNamesEveryShippedProfileWithItsDescription() throws {
        let r = try CLI.run(["profiles", "list", "--format", "json"])
        #expect(r.status == 0)
        guard case .array(let profiles) = try JSONParser.parse(r.stdout) else { Issue.record("not an array"); return }
        let names = profiles.compactMap { $0["name"]?.stringValue }
        let files = try FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("Profiles/scoring").path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        #expect(names == files)
        #expect(profiles.filter { $0["default"] == .bool(true) }.compactMap { $0["name"]?.stringValue } == ["brokerage"])
        #expect(profiles.allSatisfy { ($0["description"]?.stringValue ?? "").count > 20 })
    }
}
