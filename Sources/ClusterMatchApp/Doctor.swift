import LinearAlgebra
import MatchCore
import MatchStore

/// What `doctor` reports about the installation and the database.
package struct DoctorReport: Sendable {
    package var version: String
    package var sqliteVersion: String
    package var blas: BLASInfo
    package var databasePath: String
    /// False when the path holds no database yet (doctor then describes an empty one).
    package var databaseExists = true
    package var counts: StoreCounts
    package var taxonomies: [TaxonomySummary]
    package var vectorDimension: Int
    /// Where the scoring profiles, taxonomies and demo data come from.
    package var shippedData: ShippedDataReport = .current()
    package var semantic: SemanticMatchingInfo
    /// The database's vector store (nil for a database in memory).
    package var vectorStore: VectorStoreStatus?

    /// Problems worth a loud warning.
    package var warnings: [String] {
        var w: [String] = []
        if blas.isReference {
            w.append("the reference BLAS is loaded: matching is about 70x slower than with OpenBLAS. Install it: apt-get install libopenblas0-pthread")
        } else if blas.implementation == "unknown" {
            w.append("could not tell which BLAS is loaded (\(blas.library))")
        }
        if let problem = shippedData.problem { w.append(problem) }
        return w
    }
}

extension ClusterMatch {
    /// The installation and the database at a glance.
    ///
    /// - Parameter checkIntegrity: first read the whole database file through SQLite's
    ///   quick check (linear in its size), so that damage is found before it is met.
    ///   It also reads the whole vector store file and compares it with its checksum.
    /// - Throws: `StoreError` with `.damaged` when the check finds damage; `AppError` with
    ///   `.damaged` when the vector store's contents fail their checksum.
    package func doctor(checkIntegrity: Bool = false) throws -> DoctorReport {
        if checkIntegrity { try store.checkIntegrity() }
        var vectorStore = try store.vectorStoreStatus(verifyContents: checkIntegrity)
        if case .stale = vectorStore?.problem {
            vectorStore?.followedChanges = try store.vectorStoreBehind(limit: { Int(EngineCurrency.changeLimit(participants: $0)) },
                                                                       semantic: semanticStoreSource())?.changed.count
        }
        if let vectorStore, vectorStore.problem == .damaged {
            throw AppError(.damaged, "the vector store \(vectorStore.path) is damaged (its contents fail their checksum); nothing was written. "
                + "Remove that file: the next match builds it again from the database")
        }
        return DoctorReport(version: Self.version, sqliteVersion: store.sqliteVersion, blas: BLASInfo.current(),
                     databasePath: store.path, counts: try store.counts(), taxonomies: try store.taxonomies(),
                     vectorDimension: try store.vectorDimension(), semantic: .current(), vectorStore: vectorStore)
    }
}
