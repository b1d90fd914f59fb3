import Foundation

/// Where one piece of shipped data came from.
package enum ShippedDataOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The copy compiled into the binary (`scripts/embed-profiles.py`).
    case embedded
    /// A file in a `Profiles/` folder on disk.
    case file(String)

    /// `embedded`, or the file's path.
    package var description: String {
        switch self {
        case .embedded: "embedded"
        case .file(let path): path
        }
    }
}

/// One shipped file's bytes and where they came from.
package struct ShippedFile: Sendable {
    /// The path relative to `Profiles/` (`scoring/brokerage.json`).
    package var path: String
    package var bytes: [UInt8]
    package var origin: ShippedDataOrigin

    /// A name for messages: the file's path on disk, or `embedded Profiles/PATH`.
    package var displayName: String {
        switch origin {
        case .embedded: "embedded Profiles/\(path)"
        case .file(let path): path
        }
    }
}

/// The data the engine ships in `Profiles/`: scoring profiles, the default taxonomy, the EEN
/// taxonomies and the demo landscape.
///
/// All of it is compiled into the binary, so a lone copy of `clustermatch` works from any
/// folder. A `Profiles/` folder on disk overrides the embedded copy file by file (a file the
/// folder lacks still comes from the binary). The folder is, in order:
///
/// 1. `$CLUSTERMATCH_PROFILES`, when set (it must be a folder);
/// 2. `Profiles/` (with a `taxonomy/` folder) in the folder of the executable or any folder
///    above it: a build inside the source tree uses the files as they are being edited;
/// 3. `share/clustermatch/Profiles` beside an installed binary's `bin/` (`install.sh`, the .deb).
///
/// The current directory plays no part: the binary behaves the same wherever it is run from.
package enum ProfilesDirectory {
    /// The environment variable that names an overriding `Profiles/` folder.
    package static let environmentVariable = "CLUSTERMATCH_PROFILES"
    package static let defaultTaxonomy = "taxonomy/clustermatch-competences.csv"
    package static let demoLandscape = "demo/landscape.jsonl"
    /// The EEN taxonomies shipped in `taxonomy/een/`.
    package static let eenFolder = "taxonomy/een"

    /// The `Profiles/` folder on disk that overrides the embedded copy, if there is one.
    /// - Throws: `AppError.notFound` when `$CLUSTERMATCH_PROFILES` is set but is not a folder.
    package static func folder() throws -> URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment[environmentVariable], !env.isEmpty {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: env, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw AppError(.notFound, "\(environmentVariable)=\(env) is not a folder; point it at a Profiles/ folder or unset it to use the data built into clustermatch")
            }
            return URL(fileURLWithPath: env)
        }
        // The running binary's real path: argv[0] is a bare name when called through PATH.
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = executable.deletingLastPathComponent()
        for _ in 0..<8 {
            for candidate in [dir.appendingPathComponent("Profiles"), dir.appendingPathComponent("share/clustermatch/Profiles")]
            where fm.fileExists(atPath: candidate.appendingPathComponent("taxonomy").path) {
                return candidate
            }
            if dir.path == "/" { break }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    /// A shipped file by its path relative to `Profiles/`: from the overriding folder when it
    /// has the file, else the embedded copy.
    /// - Throws: `AppError.notFound` when neither has it.
    package static func file(_ path: String) throws -> ShippedFile {
        if let folder = try folder() {
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path) {
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw AppError(.notFound, "\(url.path): cannot be read")
                }
                return ShippedFile(path: path, bytes: [UInt8](data), origin: .file(url.path))
            }
        }
        guard let bytes = embedded(path) else {
            throw AppError(.notFound, "Profiles/\(path): not built into clustermatch and not in \((try? folder())??.path ?? "a Profiles/ folder")")
        }
        return ShippedFile(path: path, bytes: bytes, origin: .embedded)
    }

    /// Where a shipped file comes from, without reading it.
    package static func origin(_ path: String) throws -> ShippedDataOrigin {
        if let url = try folder()?.appendingPathComponent(path), FileManager.default.fileExists(atPath: url.path) {
            return .file(url.path)
        }
        return .embedded
    }

    /// The names of the files in a shipped folder (`scoring`) that end in `suffix`, without
    /// it: the embedded ones and the overriding folder's, sorted.
    package static func names(in subfolder: String, suffix: String) -> [String] {
        let prefix = subfolder + "/"
        var names = Set(embeddedPaths.filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }
            .map { String($0.dropFirst(prefix.count).dropLast(suffix.count)) }
            .filter { !$0.contains("/") })
        if let dir = (try? folder())?.appendingPathComponent(subfolder),
           let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) {
            names.formUnion(files.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) })
        }
        return names.sorted()
    }

    /// The paths, relative to `Profiles/`, of every file compiled into the binary.
    package static var embeddedPaths: [String] { EmbeddedProfiles.files.map(\.path) }

    /// The bytes of an embedded file, or nil.
    package static func embedded(_ path: String) -> [UInt8]? {
        guard let entry = EmbeddedProfiles.files.first(where: { $0.path == path }),
              let data = Data(base64Encoded: entry.base64) else { return nil }
        return [UInt8](data)
    }
}
