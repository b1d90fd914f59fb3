import Foundation

/// Where the sentence-embedding model is, and whether semantic matching is on.
///
/// Looked for, in order: `$CLUSTERMATCH_MODEL` (a folder with the model files);
/// `<prefix>/share/clustermatch/models/all-MiniLM-L6-v2/` beside an installed binary in
/// `<prefix>/bin/`; `Profiles/models/all-MiniLM-L6-v2/` of the source tree the binary was built
/// in (the nearest folder above the binary with a `Package.swift` and a `Profiles/`), where
/// `scripts/setup.sh` installs it. `CLUSTERMATCH_SEMANTIC=off` makes the model count as absent.
package enum EmbeddingModelLocation {
    /// The model's folder name.
    package static let modelName = "all-MiniLM-L6-v2"
    /// The command that installs the model.
    package static let installCommand = "scripts/setup.sh"

    /// Semantic matching on, with the loaded encoder, or off, with the reason and the command
    /// that turns it on.
    package enum Status: Sendable {
        case on(SentenceEncoder)
        case off(reason: String, turnOn: String)

        /// The encoder when semantic matching is on.
        package var encoder: SentenceEncoder? {
            if case .on(let e) = self { return e }
            return nil
        }
    }

    /// Finds and loads the model. Never throws: a missing or damaged model is `.off` with a
    /// reason that names the file and says how to turn semantic matching on.
    package static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> Status {
        switch locate(environment: environment) {
        case .failure(let notFound):
            return .off(reason: notFound.description, turnOn: notFound.switchedOff ? "unset CLUSTERMATCH_SEMANTIC" : installCommand)
        case .success(let directory):
            do { return .on(try SentenceEncoder(directory: directory)) } catch {
                return .off(reason: "the model is damaged: \(error)", turnOn: installCommand)
            }
        }
    }

    /// Why no model folder was chosen.
    package struct NotFound: Error, CustomStringConvertible, Sendable {
        package var description: String
        /// True when `CLUSTERMATCH_SEMANTIC=off` asked for no model.
        package var switchedOff = false
    }

    /// The model folder, without loading it.
    package static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<URL, NotFound> {
        if environment["CLUSTERMATCH_SEMANTIC"]?.lowercased() == "off" {
            return .failure(NotFound(description: "CLUSTERMATCH_SEMANTIC=off is set", switchedOff: true))
        }
        let fm = FileManager.default
        func complete(_ dir: URL) -> Bool { fm.fileExists(atPath: dir.appendingPathComponent("model.safetensors").path) }
        if let env = environment["CLUSTERMATCH_MODEL"], !env.isEmpty {
            let dir = URL(fileURLWithPath: env)
            return complete(dir) ? .success(dir)
                : .failure(NotFound(description: "CLUSTERMATCH_MODEL=\(env) has no model.safetensors"))
        }
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = binary.deletingLastPathComponent().appendingPathComponent("share/clustermatch/models/\(modelName)")
        if complete(installed) { return .success(installed) }
        var dir = binary
        for _ in 0..<8 {
            if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               fm.fileExists(atPath: dir.appendingPathComponent("Profiles").path) {
                let source = dir.appendingPathComponent("Profiles/models/\(modelName)")
                return complete(source) ? .success(source)
                    : .failure(NotFound(description: "the model is not installed in \(source.path)"))
            }
            dir = dir.deletingLastPathComponent()
        }
        return .failure(NotFound(description: "the model is not installed in \(installed.path) (or set CLUSTERMATCH_MODEL to its folder)"))
    }
}
