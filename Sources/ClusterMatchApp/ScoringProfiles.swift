import Foundation
import JSONSupport
import MatchCore

/// A scoring profile as a user names it: one shipped in `Profiles/scoring/` by its name
/// (`brokerage`), or a profile file by its path. Anything that ends in `.json` or has a `/`
/// is a file; everything else is a name.
package enum ProfileReference: Sendable, Hashable {
    case named(String)
    case file(String)

    package init(_ text: String) {
        self = text.hasSuffix(".json") || text.contains("/") ? .file(text) : .named(text)
    }

    /// As the user wrote it.
    package var text: String {
        switch self {
        case .named(let name): name
        case .file(let path): path
        }
    }

    /// A relative file path taken from `folder` (the folder of the event file that names
    /// it); names and absolute paths stay as they are.
    package func resolved(against folder: URL) -> ProfileReference {
        guard case .file(let path) = self, !path.hasPrefix("/") else { return self }
        return .file(folder.appendingPathComponent(path).path)
    }
}

extension ClusterMatch {
    /// The profile used when none is named.
    package static let defaultProfile = "brokerage"

    /// Names of the scoring profiles shipped in `Profiles/scoring/` (built in, or in an
    /// overriding folder).
    package static func profileNames() -> [String] {
        ProfilesDirectory.names(in: "scoring", suffix: ".json")
    }

    /// Loads a scoring profile by name (`brokerage`, `research`, `cluster-to-cluster`,
    /// `peers`) or from a JSON file path (see `ProfileReference`); nil: the default.
    package static func scoringProfile(_ nameOrPath: String?) throws -> ScoringProfile {
        try scoringProfile(ProfileReference(nameOrPath ?? defaultProfile))
    }

    /// The file a profile reference names and its bytes.
    static func profileBytes(_ reference: ProfileReference) throws -> (path: String, bytes: [UInt8]) {
        let path: String
        let bytes: [UInt8]
        switch reference {
        case .file(let file):
            path = file
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AppError(.notFound, "\(path): no such scoring profile file")
            }
            bytes = [UInt8](data)
        case .named(let name):
            guard profileNames().contains(name) else {
                throw AppError(.notFound, "no scoring profile '\(name)'; known profiles: \(profileNames().joined(separator: ", ")), or give a path to a .json file")
            }
            let file = try ProfilesDirectory.file("scoring/\(name).json")
            path = file.displayName
            bytes = file.bytes
        }
        return (path, bytes)
    }

    /// A shipped profile's file as written, to copy and edit (`profiles show`): its path
    /// and text. Checked as a profile first, so what is shown loads.
    package static func profileText(_ nameOrPath: String) throws -> (path: String, text: String) {
        let reference = ProfileReference(nameOrPath)
        _ = try scoringProfile(reference)
        let (path, bytes) = try profileBytes(reference)
        return (path, String(decoding: bytes, as: UTF8.self))
    }

    /// A profile's JSON document as written (`profiles tune` edits a copy of it).
    static func profileDocument(_ reference: ProfileReference) throws -> (path: String, json: JSONValue) {
        let (path, bytes) = try profileBytes(reference)
        do { return (path, try JSONParser.parse(bytes)) } catch { throw AppError(.badInput, "\(path): \(error)") }
    }

    /// Loads the scoring profile a reference names. Its `withoutNeeds` profile is checked to
    /// load too (a misspelt name fails here, not on the day no one states a need), and a
    /// relative file path there is taken from the profile file's folder.
    package static func scoringProfile(_ reference: ProfileReference) throws -> ScoringProfile {
        var profile = try parsedProfile(reference)
        if let other = profile.withoutNeeds {
            var standIn = ProfileReference(other)
            if case .file(let path) = reference {
                standIn = standIn.resolved(against: URL(fileURLWithPath: path).deletingLastPathComponent())
                if case .file(let other) = standIn, URL(fileURLWithPath: other).standardizedFileURL == URL(fileURLWithPath: path).standardizedFileURL {
                    throw AppError(.badInput, "\(path): field 'withoutNeeds' names the profile itself ('\(profile.withoutNeeds!)')")
                }
            }
            do { _ = try parsedProfile(standIn) } catch let error as AppError {
                throw AppError(.badInput, "\(try profileBytes(reference).path): field 'withoutNeeds': \(error.message)")
            }
            profile.withoutNeeds = standIn.text
        }
        return profile
    }

    private static func parsedProfile(_ reference: ProfileReference) throws -> ScoringProfile {
        let (path, bytes) = try profileBytes(reference)
        do {
            return try ScoringProfile.parse(try JSONParser.parse(bytes), source: path)
        } catch let error as ScoringProfileError {
            throw AppError(.badInput, error.description)
        } catch let error as JSONSyntaxError {
            throw AppError(.badInput, "\(path): \(error)")
        }
    }
}
