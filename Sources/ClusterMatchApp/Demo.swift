import Foundation
import Importers
import MatchCore
import MatchStore
import Reports

/// What the demo built.
public struct DemoReport: Sendable {
    public var databasePath: String
    public var matchListsPath: String
    public var counts: StoreCounts
    public var clusters: Int
    public var examples: [MatchList]
}

extension ClusterMatch {
    /// Builds the demo: a fresh database from the bundled taxonomy and landscape, every
    /// participant's top-10 match list as CSV, and a few example lists to show.
    public static func demo(databasePath: String, outputDirectory: String) throws -> DemoReport {
        let fm = FileManager.default
        try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        if fm.fileExists(atPath: databasePath) {
            // The demo starts afresh, but only ever replaces a database it made itself.
            let existing = try ClusterMatch.open(path: databasePath)
            guard try existing.store.setting("demo") == "1" else {
                throw AppError(.usage, "\(databasePath) is not a demo database: the demo never replaces your data; choose another --db or --out")
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
        try MatchListCSV.render(lists).write(toFile: csvPath, atomically: true, encoding: .utf8)

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

/// The match-list CSV: one row per (participant, partner).
public enum MatchListCSV {
    public static let header = ["participant", "rank", "partner", "score", "forward", "backward", "reasons"]

    public static func render(_ lists: [MatchList]) -> String {
        var rows: [[String]] = []
        for list in lists {
            for row in list.rows {
                rows.append([list.participant.id, String(row.rank), row.partner.id, Format.score(row.score),
                             Format.score(row.forward), Format.score(row.backward),
                             row.reasons.map(\.summary).joined(separator: "; ")])
            }
        }
        return CSVWriter.render(header: header, rows: rows)
    }
}

/// Number formats shared by every output, so that files are byte-identical across runs.
public enum Format {
    /// A score with four decimals.
    public static func score(_ x: Float) -> String {
        let scaled = (Double(x) * 10_000).rounded()
        let value = scaled / 10_000
        var text = String(format: "%.4f", value)
        if text == "-0.0000" { text = "0.0000" }
        return text
    }
}
