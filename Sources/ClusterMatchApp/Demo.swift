import Foundation
import MatchCore
import MatchStore

/// What the demo built.
package struct DemoReport: Sendable {
    package var databasePath: String
    package var matchListsPath: String
    package var counts: StoreCounts
    package var clusters: Int
    package var examples: [MatchList]
}

extension ClusterMatch {
    /// Builds the demo: a fresh database from the bundled taxonomy and landscape, every
    /// participant's top-10 match list as CSV, and a few example lists to show.
    package static func demo(databasePath: String, outputDirectory: String) throws -> DemoReport {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true) } catch {
            throw AppError(.cannotWrite, "cannot create \(outputDirectory): \(error.localizedDescription)")
        }
        if fm.fileExists(atPath: databasePath) {
            // The demo starts afresh, but only ever replaces a database it made itself.
            let existing = try ClusterMatch.open(path: databasePath)
            guard try existing.store.setting("demo") == "1" else {
                throw AppError(.usage, "\(databasePath) is not a demo database: the demo never replaces your data", hint: .otherDemoLocation)
            }
        }
        for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: databasePath + suffix) {
            try fm.removeItem(atPath: databasePath + suffix)
        }
        // Built into the binary, unless a Profiles/ folder overrides them.
        let taxonomy = try ProfilesDirectory.file(ProfilesDirectory.defaultTaxonomy)
        let landscape = try ProfilesDirectory.file(ProfilesDirectory.demoLandscape)
        let app = try ClusterMatch.open(path: databasePath)
        try app.store.markAsDemo()
        _ = try app.importTaxonomies([(taxonomy.displayName, taxonomy.bytes)], namespace: "cm")
        _ = try app.importParticipants(ImportRequest(files: [landscape.displayName], format: .participants),
                                       reading: { _ in landscape.bytes })

        let lists = try app.matchAll(top: 10)
        let csvPath = URL(fileURLWithPath: outputDirectory).appendingPathComponent("match-lists.csv").path
        do { try MatchListCSV.render(lists).write(toFile: csvPath, atomically: true, encoding: .utf8) } catch {
            throw AppError(.cannotWrite, "\(csvPath): cannot write: \(error.localizedDescription)")
        }

        // Examples: the first member with stated needs in each of a few clusters, in id order.
        var examples: [MatchList] = []
        var seenClusters: Set<String> = []
        for list in lists where list.participant.kind != .cluster && !list.participant.needs.isEmpty && !list.rows.isEmpty {
            guard let cluster = list.participant.clusters.first, !seenClusters.contains(cluster) else { continue }
            seenClusters.insert(cluster)
            examples.append(list)
            if examples.count == 3 { break }
        }
        let counts = try app.store.counts()
        return DemoReport(databasePath: databasePath, matchListsPath: csvPath, counts: counts,
                          clusters: counts.byKind[ParticipantKind.cluster.rawValue] ?? 0, examples: examples)
    }
}
