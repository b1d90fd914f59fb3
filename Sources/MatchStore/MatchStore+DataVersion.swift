internal import GRDB

extension MatchStore {
    /// SQLite's `PRAGMA data_version` on the writer connection: it changes whenever another
    /// connection (another process, such as a CLI import) commits a change.
    ///
    /// Commits made through this store's own writer do not change it: callers that cache
    /// derived state must also note their own writes.
    package func dataVersion() throws -> Int {
        try writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}
