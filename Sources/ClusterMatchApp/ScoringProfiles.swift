import Foundation
import JSONSupport
import MatchCore

/// A scoring profile as a user names it: one shipped in `Profiles/scoring/` by its name
/// (`brokerage`), or a profile file by its path. Anything that ends in `.json` or has a `/`
/// is a file; everything else is a name.
public enum ProfileReference: Sendable, Hashable {
    case named(String)
    case file(String)

    public init(_ text: String) {
        self = text.hasSuffix(".json") || text.contains("/") ? .file(text) : .named(text)
    }

    /// As the user wrote it.
    public var text: String {
        switch self {
        case .named(let name): name
        case .file(let path): path
        }
    }

    /// A relative file path taken from `folder` (the folder of the event file that names
    /// it); names and absolute paths stay as they are.
    public func resolved(against folder: URL) -> ProfileReference {
        guard case .file(let path) = self, !path.hasPrefix("/") else { return self }
        return .file(folder.appendingPathComponent(path).path)
    }
}

extension ClusterMatch {
    /// The profile used when none is named.
    public static let defaultProfile = "brokerage"

    /// Names of the scoring profiles shipped in `Profiles/scoring/`.
    public static func profileNames() -> [String] {
        guard let dir = try? ProfilesDirectory.locate().appendingPathComponent("scoring"),
              let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a scoring profile by name (`brokerage`, `research`, `cluster-to-cluster`,
    /// `peers`) or from a JSON file path (see `ProfileReference`); nil: the default.
    public static func scoringProfile(_ nameOrPath: String?) throws -> ScoringProfile {
        try scoringProfile(ProfileReference(nameOrPath ?? defaultProfile))
    }

    /// Loads the scoring profile a reference names.
    public static func scoringProfile(_ reference: ProfileReference) throws -> ScoringProfile {
        let path: String
        switch reference {
        case .file(let file):
            path = file
        case .named(let name):
            path = try ProfilesDirectory.locate().appendingPathComponent("scoring/\(name).json").path
            guard FileManager.default.fileExists(atPath: path) else {
                throw AppError(.notFound, "no scoring profile '\(name)'; known profiles: \(profileNames().joined(separator: ", ")), or give a path to a .json file")
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AppError(.notFound, "\(path): no such scoring profile file")
        }
        do {
            return try ScoringProfile.parse(try JSONParser.parse([UInt8](data)), source: path)
        } catch let error as ScoringProfileError {
            throw AppError(.badInput, error.description)
        } catch let error as JSONSyntaxError {
            throw AppError(.badInput, "\(path): \(error)")
        }
    }
}
