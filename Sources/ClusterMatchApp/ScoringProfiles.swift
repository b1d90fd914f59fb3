import Foundation
import MatchCore

extension ClusterMatch {
    /// The profile used when none is named.
    public static let defaultProfile = "brokerage"

    /// Names of the scoring profiles shipped in `Profiles/scoring/` (built in, or in an
    /// overriding folder).
    public static func profileNames() -> [String] {
        ProfilesDirectory.names(in: "scoring", suffix: ".json")
    }

    /// Loads a scoring profile by name (`brokerage`, `research`, `cluster-to-cluster`,
    /// `peers`) or from a JSON file path.
    public static func scoringProfile(_ nameOrPath: String?) throws -> ScoringProfile {
        let requested = nameOrPath ?? defaultProfile
        let path: String
        let bytes: [UInt8]
        if requested.hasSuffix(".json") || requested.contains("/") {
            path = requested
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AppError(.notFound, "\(path): no such scoring profile file")
            }
            bytes = [UInt8](data)
        } else {
            guard profileNames().contains(requested) else {
                throw AppError(.notFound, "no scoring profile '\(requested)'; known profiles: \(profileNames().joined(separator: ", ")), or give a path to a .json file")
            }
            let file = try ProfilesDirectory.file("scoring/\(requested).json")
            path = file.displayName
            bytes = file.bytes
        }
        do {
            return try ScoringProfile.parse(try JSONParser.parse(bytes), source: path)
        } catch let error as ScoringProfileError {
            throw AppError(.badInput, error.description)
        } catch let error as JSONSyntaxError {
            throw AppError(.badInput, "\(path): \(error)")
        }
    }
}
