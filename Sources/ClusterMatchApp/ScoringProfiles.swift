import Foundation
import JSONSupport
import MatchCore

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
    /// `peers`) or from a JSON file path.
    public static func scoringProfile(_ nameOrPath: String?) throws -> ScoringProfile {
        let requested = nameOrPath ?? defaultProfile
        let path: String
        if requested.hasSuffix(".json") || requested.contains("/") {
            path = requested
        } else {
            path = try ProfilesDirectory.locate().appendingPathComponent("scoring/\(requested).json").path
            guard FileManager.default.fileExists(atPath: path) else {
                throw AppError(.notFound, "no scoring profile '\(requested)'; known profiles: \(profileNames().joined(separator: ", ")), or give a path to a .json file")
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
