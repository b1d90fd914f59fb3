import Foundation
internal import GRDB
import MatchCore

/// A summary of one loaded taxonomy.
package struct TaxonomySummary: Sendable, Hashable {
    package var namespace: String
    package var source: String
    package var terms: Int
}

/// Counts shown by `doctor` and `system.info`.
package struct StoreCounts: Sendable, Hashable {
    package var participants: Int
    package var byKind: [String: Int]
    package var taxonomyTerms: Int
    package var vectors: Int
}

/// The SQLite database: one file in WAL mode, versioned migrations, every change one
/// transaction. A value type holding a GRDB writer, safe to share between threads.
///
/// The connection is internal: other modules use the store's methods, and its failures
/// reach them as `StoreError`.
package struct MatchStore: Sendable {
    let writer: StoreWriter
    /// The file, or `:memory:`.
    package let path: String

    /// How much of the database file SQLite reads through a memory mapping (`PRAGMA mmap_size`).
    static let mappedBytes = 1_073_741_824

    /// Opens (creating if needed) the database file and migrates it to the current schema.
    package static func open(path: String) throws -> MatchStore {
        var config = Configuration()
        config.busyMode = .timeout(10)  // wait on a busy database instead of failing
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // A 64 MiB page cache and memory-mapped reads: large imports otherwise spend a
            // third of their time in the kernel re-reading and re-writing the same pages.
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA mmap_size = \(mappedBytes); PRAGMA temp_store = MEMORY")
        }
        let existed = FileManager.default.fileExists(atPath: path)
        do {
            let pool = try DatabasePool(path: path, configuration: config)
            let store = MatchStore(writer: StoreWriter(base: pool, path: path), path: path)
            try Schema.migrator.migrate(pool)
            return store
        } catch {
            let recognised = StoreError.recognising(error, path: path)
            if recognised is StoreError { throw recognised }
            guard let error = error as? DatabaseError else { throw error }
            if error.resultCode == .SQLITE_READONLY {  // opening writes (WAL mode)
                throw StoreError(.cannotOpen, path: path, detail: StoreError.readOnly, sqliteCode: error.extendedResultCode.rawValue)
            }
            // Opening a file SQLite cannot read: say so without SQL or SQLite's own prefix.
            throw StoreError(existed ? .cannotOpen : .cannotCreate, path: path,
                             detail: error.message ?? "SQLite result code \(error.extendedResultCode.rawValue)",
                             sqliteCode: error.extendedResultCode.rawValue)
        }
    }

    /// A private in-memory database, for tests.
    package static func inMemory() throws -> MatchStore {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        return MatchStore(writer: StoreWriter(base: queue, path: ":memory:"), path: ":memory:")
    }

    package var sqliteVersion: String {
        (try? writer.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }) ?? "unknown"
    }

    // MARK: Settings

    package func setting(_ key: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    static func setSetting(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       arguments: [key, value])
    }

    /// Marks the database as one the demo made (and may replace).
    package func markAsDemo() throws {
        try writer.write { db in try Self.setSetting(db, "demo", "1") }
    }

    /// The vector dimension in force for this database (256 unless changed).
    package func vectorDimension() throws -> Int {
        try setting("vector.dimension").flatMap(Int.init) ?? VectorSpaceConfiguration().dimension
    }

    // MARK: Integrity

    /// Runs SQLite's quick check (every page and index entry is readable and well formed;
    /// faster than the full integrity check, which also matches indexes to tables).
    ///
    /// - Throws: `StoreError.damaged` naming how many places are damaged.
    /// - Complexity: reads the whole file once.
    package func checkIntegrity() throws {
        let problems = try writer.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        guard problems != ["ok"] else { return }
        throw StoreError(.damaged, path: path,
                         detail: "its integrity check finds \(problems.count) damaged place\(problems.count == 1 ? "" : "s")")
    }

    // MARK: Counts

    package func counts() throws -> StoreCounts {
        try writer.read { db in
            var byKind: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM participant GROUP BY kind") {
                byKind[row["kind"]] = row["n"]
            }
            return StoreCounts(
                participants: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participant") ?? 0,
                byKind: byKind,
                taxonomyTerms: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM taxonomy_term") ?? 0,
                vectors: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM vector") ?? 0)
        }
    }
}
