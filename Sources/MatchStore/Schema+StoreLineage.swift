internal import GRDB

extension Schema {
    /// v12: which vector store was last built from this database, and in which change log
    /// epoch. One row, written by the process that built the store (after its file is in
    /// place), never by a trigger.
    ///
    /// A store a few writes behind can then be used with the change log since its generation
    /// (`MatchStore.vectorStoreBehind`) instead of being rebuilt, but only when the row names
    /// that very store (generation and token): the token is random per generation, so a
    /// database restored from a backup, or a copy that went its own way, does not hold the
    /// stamp of a store built later in another line of changes, and such a store is rebuilt.
    static func storeLineage(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE vector_store_built (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                generation INTEGER NOT NULL,      -- the store file's stamp
                token INTEGER NOT NULL,
                epoch INTEGER NOT NULL            -- change_log.epoch when its snapshot was read
            );
            """)
    }
}
