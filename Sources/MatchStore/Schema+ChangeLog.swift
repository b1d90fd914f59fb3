internal import GRDB

extension Schema {
    /// v10: which participants changed at which generation, so that a process holding a
    /// matching engine (the service) can follow another process's writes (a CLI `import`,
    /// `participants delete`) row by row instead of reloading every participant.
    ///
    /// `participant_change` keeps one row per participant: the store generation
    /// (`store_generation`, v9) at its latest change. Triggers write it, so that no writer
    /// can forget: a participant's row, its memberships and its stored features (which a
    /// taxonomy change rewrites). Whether a trigger reads the generation before or after
    /// the change's own bump is not fixed (SQLite does not order triggers), so a reader asks
    /// for the changes at its generation or later, which at worst repeats one.
    ///
    /// `change_log` (one row) says how far back that reaches and what it cannot say:
    /// - `complete_from`: every participant changed at this generation or later has its row
    ///   (older rows are pruned: every 8,192 generations, those more than 2²⁰ behind);
    /// - `epoch`: moves on changes that are not one participant's: taxonomy terms, the vector
    ///   dimension, the collaboration history and meeting outcomes (what the network score
    ///   reads). An engine loaded in another epoch reloads.
    static func changeLog(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE participant_change (
                participant_id TEXT PRIMARY KEY NOT NULL,
                generation INTEGER NOT NULL       -- store_generation.generation at its latest change (or one before)
            ) WITHOUT ROWID;
            CREATE INDEX participant_change_by_generation ON participant_change(generation);
            CREATE TABLE change_log (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                complete_from INTEGER NOT NULL,   -- participant_change holds every change at this generation or later
                epoch INTEGER NOT NULL            -- moves on changes that are not one participant's
            );
            INSERT INTO change_log(id, complete_from, epoch) VALUES (1, (SELECT generation FROM store_generation WHERE id = 1), 1);
            """)
        let generation = "(SELECT generation FROM store_generation WHERE id = 1)"
        // A delete and a plain insert, not INSERT OR REPLACE: a trigger's conflict clause
        // yields to the firing statement's (an outer OR IGNORE would keep the old row).
        func note(_ id: String) -> String {
            """
            DELETE FROM participant_change WHERE participant_id = \(id);
            INSERT INTO participant_change(participant_id, generation) VALUES (\(id), \(generation));
            """
        }
        for (table, key) in [("participant", "id"), ("membership", "participant_id"), ("vector", "participant_id")] {
            try db.execute(sql: "CREATE TRIGGER change_log_\(table)_insert AFTER INSERT ON \(table) BEGIN \(note("NEW.\(key)")) END")
            try db.execute(sql: "CREATE TRIGGER change_log_\(table)_update AFTER UPDATE ON \(table) BEGIN \(note("NEW.\(key)")) END")
            try db.execute(sql: """
                CREATE TRIGGER change_log_\(table)_rekey AFTER UPDATE ON \(table) WHEN OLD.\(key) IS NOT NEW.\(key) BEGIN \(note("OLD.\(key)")) END
                """)
            try db.execute(sql: "CREATE TRIGGER change_log_\(table)_delete AFTER DELETE ON \(table) BEGIN \(note("OLD.\(key)")) END")
        }
        let newEpoch = "UPDATE change_log SET epoch = epoch + 1 WHERE id = 1;"
        for table in ["taxonomy", "taxonomy_term", "collaboration", "collaboration_member", "meeting_outcome"] {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(sql: "CREATE TRIGGER change_log_\(table)_\(event.lowercased()) AFTER \(event) ON \(table) BEGIN \(newEpoch) END")
            }
        }
        try db.execute(sql: "CREATE TRIGGER change_log_setting_insert AFTER INSERT ON setting WHEN NEW.key = 'vector.dimension' BEGIN \(newEpoch) END")
        try db.execute(sql: "CREATE TRIGGER change_log_setting_update AFTER UPDATE ON setting WHEN NEW.key = 'vector.dimension' OR OLD.key = 'vector.dimension' BEGIN \(newEpoch) END")
        try db.execute(sql: "CREATE TRIGGER change_log_setting_delete AFTER DELETE ON setting WHEN OLD.key = 'vector.dimension' BEGIN \(newEpoch) END")
        // Bounded: every 8,192 generations, rows more than 2²⁰ generations behind go
        // (`MatchStore.changeLogRetention`; the numbers are written out: a migration never changes).
        try db.execute(sql: """
            CREATE TRIGGER change_log_prune AFTER UPDATE OF generation ON store_generation
            WHEN NEW.generation % 8192 = 0 BEGIN
                DELETE FROM participant_change WHERE generation < NEW.generation - 1048576;
                UPDATE change_log SET complete_from = max(complete_from, NEW.generation - 1048576) WHERE id = 1;
            END
            """)
    }
}
