import ClusterMatchApp
import Foundation
import MatchCore
import Testing
import JSONSupport

@Suite("data built into the binary")
struct EmbeddedProfilesTests {
    /// The files `scripts/embed-profiles.py` compiles in, as they are on disk now.
    static func shippedFilesOnDisk() throws -> [String: [UInt8]] {
        let root = CLI.repositoryRoot.appendingPathComponent("Profiles")
        var files: [String: [UInt8]] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        while let path = enumerator.nextObject() as? String {
            let shipped = (path.hasPrefix("scoring/") && path.hasSuffix(".json") && !path.dropFirst(8).contains("/"))
                || (path.hasPrefix("taxonomy/") && path.hasSuffix(".csv"))
                || path == ProfilesDirectory.demoLandscape
            if shipped { files[path] = [UInt8](try Data(contentsOf: root.appendingPathComponent(path))) }
        }
        return files
    }

    @Test func theEmbeddedCopyIsExactlyWhatProfilesHoldsNow() throws {
        let onDisk = try Self.shippedFilesOnDisk()
        #expect(onDisk.count >= 8)
        #expect(ProfilesDirectory.embeddedPaths == onDisk.keys.sorted(),
                "Profiles/ changed: run scripts/embed-profiles.py and commit Sources/ClusterMatchApp/Generated/")
        for (path, bytes) in onDisk.sorted(by: { $0.key < $1.key }) {
            let same = ProfilesDirectory.embedded(path) == bytes  // a Bool: the bytes themselves would flood the log
            #expect(same, "Profiles/\(path) changed: run scripts/embed-profiles.py and commit Sources/ClusterMatchApp/Generated/")
        }
    }
}

@Suite("finding the shipped data", .serialized)
struct ShippedDataLookupTests {
    /// A copy of the binary alone in a temporary folder, run from / with nothing in its environment.
    @Test func aLoneCopyOfTheBinaryRunsTheDemoAndMatchesFromAnyFolder() throws {
        let dir = try TemporaryDirectory()
        let binary = try Self.loneCopy(in: dir)
        let env = ["PATH": "/usr/bin:/bin", "HOME": dir.path("home")]
        let root = URL(fileURLWithPath: "/")

        let demo = try CLI.run(["demo", "--out", dir.path("demo")], environment: env, directory: root, cleanEnvironment: true, binary: binary)
        #expect(demo.status == 0, "stderr: \(demo.stderr)")
        #expect(demo.stdout.hasPrefix("ClusterMatch demo: 10 clusters, 515 members"))
        // The same lists as the repository's own build, which reads Profiles/ from disk.
        let reference = try CLI.run(["demo", "--out", dir.path("reference")])
        #expect(try String(contentsOfFile: dir.path("demo/match-lists.csv"), encoding: .utf8)
                == String(contentsOfFile: dir.path("reference/match-lists.csv"), encoding: .utf8))
        #expect(reference.status == 0)

        let db = dir.path("demo/demo.sqlite")
        for profile in ["brokerage", "research", "cluster-to-cluster", "peers"] {
            let match = try CLI.run(["match", "dk-sound-0001", "--db", db, "--profile", profile, "--format", "json"],
                                    environment: env, directory: root, cleanEnvironment: true, binary: binary)
            #expect(match.status == 0, "\(profile): \(match.stderr)")
            let repo = try CLI.run(["match", "dk-sound-0001", "--db", db, "--profile", profile, "--format", "json"])
            #expect(match.stdout == repo.stdout, "\(profile)")
        }

        let doctor = try CLI.run(["doctor", "--db", db, "--format", "json"], environment: env, directory: root, cleanEnvironment: true, binary: binary)
        let data = try #require(try JSONParser.parse(doctor.stdout)["data"])
        #expect(data == ["profilesFolder": nil, "scoringProfiles": "embedded", "taxonomy": "embedded",
                         "eenTaxonomies": "embedded", "demoLandscape": "embedded"])
        let table = try CLI.run(["doctor", "--db", db], environment: env, directory: root, cleanEnvironment: true, binary: binary)
        #expect(table.stdout.contains("\nProfiles      embedded (no Profiles/ folder found)\nScoring       embedded\n"))
    }

    /// `CLUSTERMATCH_PROFILES` wins file by file; what it lacks still comes from the binary.
    @Test func theEnvironmentVariableOverridesFileByFile() throws {
        let dir = try TemporaryDirectory()
        let profiles = dir.url.appendingPathComponent("Profiles")
        try FileManager.default.createDirectory(at: profiles.appendingPathComponent("scoring"), withIntermediateDirectories: true)
        // A profile of one's own: brokerage with a minimum score nobody reaches.
        let brokerage = try #require(ProfilesDirectory.embedded("scoring/brokerage.json"))
        var profile = try JSONParser.parse(brokerage)
        profile = try #require(Self.setting(profile, name: "strict"))
        try profile.serialized(pretty: true).write(toFile: profiles.appendingPathComponent("scoring/strict.json").path, atomically: true, encoding: .utf8)
        let env = ["PATH": "/usr/bin:/bin", "CLUSTERMATCH_PROFILES": profiles.path]

        let demo = try CLI.run(["demo", "--out", dir.path("demo")], environment: env, directory: dir.url, cleanEnvironment: true)
        #expect(demo.status == 0, "stderr: \(demo.stderr)")
        let db = dir.path("demo/demo.sqlite")
        let strict = try CLI.run(["match", "dk-sound-0001", "--db", db, "--profile", "strict", "--format", "json"],
                                 environment: env, directory: dir.url, cleanEnvironment: true)
        #expect(strict.status == 0, "stderr: \(strict.stderr)")
        #expect(try JSONParser.parse(strict.stdout) == .array([]))
        let doctor = try CLI.run(["doctor", "--db", db, "--format", "json"], environment: env, directory: dir.url, cleanEnvironment: true)
        let data = try #require(try JSONParser.parse(doctor.stdout)["data"])
        #expect(data["profilesFolder"] == .string(profiles.path))
        #expect(data["scoringProfiles"] == .string(profiles.path + "/scoring and embedded"))
        #expect(data["taxonomy"] == "embedded")

        let missing = try CLI.run(["match", "dk-sound-0001", "--db", db], environment: ["CLUSTERMATCH_PROFILES": dir.path("nowhere")],
                                  directory: dir.url, cleanEnvironment: true)
        #expect(missing.status == 66)
        #expect(missing.stderr.contains("CLUSTERMATCH_PROFILES=\(dir.path("nowhere")) is not a folder"))
    }

    /// A copy of the binary alone in `dir/bin/`, with no Profiles/ folder above it.
    static func loneCopy(in dir: TemporaryDirectory) throws -> URL {
        let binary = dir.url.appendingPathComponent("bin/clustermatch")
        try FileManager.default.createDirectory(at: binary.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.executable, to: binary)
        return binary
    }

    /// The profile with its name changed and a minimum score of 2 (scores are at most 1).
    static func setting(_ profile: JSONValue, name: String) -> JSONValue? {
        guard case .object(var o) = profile else { return nil }
        o["name"] = .string(name)
        guard case .object(var rules)? = o["rules"] else { return nil }
        rules["minimumScore"] = .double(2)
        o["rules"] = .object(rules)
        return .object(o)
    }
}

@Suite("taxonomy import --shipped")
struct ShippedTaxonomyImportTests {
    /// The built-in EEN taxonomy loads the same terms as the file in the repository.
    @Test func theBuiltInEENTaxonomyEqualsTheFile() throws {
        let dir = try TemporaryDirectory()
        let env = ["PATH": "/usr/bin:/bin"]
        let shipped = try CLI.run(["taxonomy", "import", "--shipped", "een/taxonomy-technology-full.csv", "een/taxonomy-sdg.csv",
                                   "--db", dir.path("a.sqlite"), "--format", "csv"], environment: env, cleanEnvironment: true,
                                  binary: try ShippedDataLookupTests.loneCopy(in: dir))
        #expect(shipped.status == 0, "stderr: \(shipped.stderr)")
        #expect(shipped.stdout.contains("\r\neen-tech,575,575,0,0,embedded Profiles/taxonomy/een/taxonomy-technology-full.csv\r\n"))
        #expect(shipped.stdout.contains("\r\nsdg,18,18,0,0,embedded Profiles/taxonomy/een/taxonomy-sdg.csv\r\n"))
        try CLI.run(["taxonomy", "import", EENTaxonomyPath.technology, EENTaxonomyPath.sdg, "--db", dir.path("b.sqlite")])
        for namespace in ["een-tech", "sdg"] {
            let a = try CLI.run(["taxonomy", "list", "--namespace", namespace, "--db", dir.path("a.sqlite"), "--format", "csv"])
            let b = try CLI.run(["taxonomy", "list", "--namespace", namespace, "--db", dir.path("b.sqlite"), "--format", "csv"])
            #expect(a.stdout == b.stdout && a.stdout.count > 500, "\(namespace)")
        }
        let unknown = try CLI.run(["taxonomy", "import", "--shipped", "een/nace.csv", "--db", dir.path("a.sqlite")])
        #expect(unknown.status == 66)
        #expect(unknown.stderr.contains("no shipped taxonomy 'een/nace.csv'; shipped: clustermatch-competences.csv, een/taxonomy-sdg.csv, een/taxonomy-technology-full.csv"))
    }
}
