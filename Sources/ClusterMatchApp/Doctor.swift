import MatchCore
import MatchStore

/// What `doctor` reports about the installation and the database.
public struct DoctorReport: Sendable {
    public var version: String
    public var sqliteVersion: String
    public var blas: BLASInfo
    public var databasePath: String
    public var counts: StoreCounts
    public var taxonomies: [TaxonomySummary]
    public var vectorDimension: Int
    public var semantic: SemanticMatchingInfo

    /// Problems worth a loud warning.
    public var warnings: [String] {
        var w: [String] = []
        if blas.isReference {
            w.append("the reference BLAS is loaded: matching is about 70x slower than with OpenBLAS. Install it: apt-get install libopenblas0-pthread")
        } else if blas.implementation == "unknown" {
            w.append("could not tell which BLAS is loaded (\(blas.library))")
        }
        return w
    }
}

extension ClusterMatch {
    public func doctor() throws -> DoctorReport {
        DoctorReport(version: Self.version, sqliteVersion: store.sqliteVersion, blas: BLASInfo.current(),
                     databasePath: store.path, counts: try store.counts(), taxonomies: try store.taxonomies(),
                     vectorDimension: try store.vectorDimension(), semantic: .current())
    }
}
