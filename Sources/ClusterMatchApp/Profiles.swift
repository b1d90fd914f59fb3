import Foundation

/// Finds the data the engine ships in `Profiles/`: the default taxonomy, the demo landscape.
///
/// Looked for, in order: `$CLUSTERMATCH_PROFILES`; `Profiles/` in the folder of the
/// executable or any folder above it (a build inside the source tree); `share/clustermatch/Profiles`
/// beside an installed binary's `bin/`.
public enum ProfilesDirectory {
    public static func locate() throws -> URL {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["CLUSTERMATCH_PROFILES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        var candidates: [URL] = []
        // The running binary's real path: argv[0] is a bare name when called through PATH.
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        for _ in 0..<8 {
            candidates.append(dir.appendingPathComponent("Profiles"))
            candidates.append(dir.appendingPathComponent("share/clustermatch/Profiles"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Profiles"))
        for url in candidates where fm.fileExists(atPath: url.appendingPathComponent("taxonomy").path) {
            return url
        }
        throw AppError(.notFound, "cannot find the Profiles/ folder with the default taxonomy and demo data; set CLUSTERMATCH_PROFILES to its path")
    }

    public static var defaultTaxonomy: String { "taxonomy/clustermatch-competences.csv" }
    public static var demoLandscape: String { "demo/landscape.jsonl" }
}
