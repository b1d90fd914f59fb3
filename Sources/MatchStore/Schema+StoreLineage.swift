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
    ///
    /// It also makes a write of semantic views alone (another process embedding texts, a
    /// view dropped with its text) name its participant in the change log, as v10 does for
    /// participants, memberships and stored features: v11 only moved the generation, so an
    /// engine following the log could not tell whose views changed.
    static func storeLineage(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE vector_store_built (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                generation INTEGER NOT NULL,      -- the store file's stamp
                token INTEGER NOT NULL,
                epoch INTEGER NOT NULL            -- change_log.epoch when its snapshot was read
            );
            """)
        let generation = "(SELECT generation FROM store_generation WHERE id = 1)"
        func note(_ id: String) -> String {
            """
            DELETE FROM participant_change WHERE participant_id = \(id);
            INSERT INTO participant_change(participant_id, generation) VALUES (\(id), \(generation));
            """
        }
        try db.execute(sql: "CREATE TRIGGER change_log_semantic_view_insert AFTER INSERT ON semantic_view BEGIN \(note("NEW.participant_id")) END")
        try db.execute(sql: "CREATE TRIGGER change_log_semantic_view_update AFTER UPDATE ON semantic_view BEGIN \(note("NEW.participant_id")) END")
        try db.execute(sql: "CREATE TRIGGER change_log_semantic_view_delete AFTER DELETE ON semantic_view BEGIN \(note("OLD.participant_id")) END")
    }
}
