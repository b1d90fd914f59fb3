import Foundation

/// Where each piece of the shipped data comes from: `doctor` and `system.info` show it.
package struct ShippedDataReport: Sendable, Hashable {
    /// One piece (the scoring profiles, the default taxonomy …) and its origin.
    package struct Piece: Sendable, Hashable {
        /// The key in JSON (`scoringProfiles`).
        package var key: String
        /// The label in `doctor`'s table (`Scoring`).
        package var label: String
        /// `embedded`, a path on disk, or both (`PATH and embedded`) when a folder overrides part of it.
        package var origin: String
    }

    /// The overriding `Profiles/` folder, if any.
    package var folder: String?
    package var pieces: [Piece]
    /// Why the folder could not be used (`CLUSTERMATCH_PROFILES` not a folder), if so.
    package var problem: String?

    /// Looks where every shipped file would be read from.
    package static func current() -> ShippedDataReport {
        var problem: String?
        var folder: URL?
        do { folder = try ProfilesDirectory.folder() } catch { problem = "\(error)" }
        func origin(_ paths: [String], folderPath: String) -> String {
            let onDisk = paths.filter { path in
                folder.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent(path).path) } ?? false
            }
            guard let folder, !onDisk.isEmpty else { return "embedded" }
            let location = folder.appendingPathComponent(folderPath).path
            let embeddedToo = paths.contains { !onDisk.contains($0) && ProfilesDirectory.embeddedPaths.contains($0) }
            return embeddedToo ? "\(location) and embedded" : location
        }
        let scoring = ProfilesDirectory.names(in: "scoring", suffix: ".json").map { "scoring/\($0).json" }
        let een = ProfilesDirectory.embeddedPaths.filter { $0.hasPrefix(ProfilesDirectory.eenFolder + "/") }
        return ShippedDataReport(folder: folder?.path, pieces: [
            Piece(key: "scoringProfiles", label: "Scoring", origin: origin(scoring, folderPath: "scoring")),
            Piece(key: "taxonomy", label: "Taxonomy", origin: origin([ProfilesDirectory.defaultTaxonomy], folderPath: ProfilesDirectory.defaultTaxonomy)),
            Piece(key: "eenTaxonomies", label: "EEN", origin: origin(een, folderPath: ProfilesDirectory.eenFolder)),
            Piece(key: "demoLandscape", label: "Demo data", origin: origin([ProfilesDirectory.demoLandscape], folderPath: ProfilesDirectory.demoLandscape)),
        ], problem: problem)
    }
}
