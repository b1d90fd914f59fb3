import Foundation
internal import GRDB

extension MatchStore {
    /// The cached embeddings of `model` among `hashes` (SHA-256 of texts), by hash; absent
    /// hashes are not cached.
    /// - Complexity: one primary-key lookup per hash.
    package func cachedEmbeddings(model: String, hashes: [Data]) throws -> [Data: [Float]] {
        try writer.read { db in
            var found: [Data: [Float]] = [:]
            let statement = try db.cachedStatement(sql: "SELECT vector FROM text_embedding WHERE model = ? AND text_sha256 = ?")
            for hash in Set(hashes) {
                if let blob = try Data.fetchOne(statement, arguments: [model, hash]) { found[hash] = floats(blob) }
            }
            return found
        }
    }

    /// As `cachedEmbeddings(model:hashes:)`, for many hashes at once (every participant's
    /// statements for a match-all's reasons), read without memory-mapping the database: the
    /// cache's pages (about 4.5 KB an embedding) then pass through SQLite's bounded page
    /// cache instead of staying in the process's resident memory for the rest of the job.
    /// - Complexity: one primary-key lookup per distinct hash, in one read transaction.
    package func cachedEmbeddingsUnmapped(model: String, hashes: some Collection<Data>) throws -> [Data: [Float]] {
        try writer.read { db in
            try db.execute(sql: "PRAGMA mmap_size = 0")
            defer { try? db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)") }
            var found: [Data: [Float]] = [:]
            found.reserveCapacity(hashes.count)
            let statement = try db.cachedStatement(sql: "SELECT vector FROM text_embedding WHERE model = ? AND text_sha256 = ?")
            for hash in Set(hashes) {
                if let blob = try Data.fetchOne(statement, arguments: [model, hash]) { found[hash] = floats(blob) }
            }
            return found
        }
    }

    /// Stores embeddings of `model` by text hash, in one transaction (an existing entry is kept:
    /// the same model and text give the same vector).
    package func storeEmbeddings(model: String, _ entries: [(hash: Data, vector: [Float])]) throws {
        guard !entries.isEmpty else { return }
        try writer.write { db in
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO text_embedding (model, text_sha256, vector) VALUES (?, ?, ?)")
            for e in entries {
                try statement.execute(arguments: [model, e.hash, blob(e.vector)])
            }
        }
    }

    /// How many embeddings of `model` are cached.
    package func cachedEmbeddingCount(model: String) throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM text_embedding WHERE model = ?", arguments: [model]) ?? 0 }
    }
}
