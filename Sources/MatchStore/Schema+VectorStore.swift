internal import GRDB

extension Schema {
    /// v9: the generation a vector store file is stamped with. One row: the database's own
    /// identity (so that a store file beside another database is recognised as foreign),
    /// a counter that every change to what the store holds moves, and a random token that
    /// moves with it (so that two copies of one database that diverge from the same
    /// generation never look current to each other's stores).
    ///
    /// Triggers keep it, so that no writer can forget: participants and their documents,
    /// memberships (clusters), stored features (which a taxonomy change rebuilds), taxonomy
    /// terms, and the vector dimension setting.
    static func vectorStore(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE store_generation (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                database_id TEXT NOT NULL,          -- random, made once per database
                generation INTEGER NOT NULL,        -- moves on every change the vector store depends on
                token INTEGER NOT NULL              -- random, renewed with every move
            );
            INSERT INTO store_generation(id, database_id, generation, token) VALUES (1, lower(hex(randomblob(16))), 1, random());
            """)
        let bump = "UPDATE store_generation SET generation = generation + 1, token = random() WHERE id = 1;"
        for table in ["participant", "membership", "vector", "taxonomy_term", "taxonomy"] {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(sql: "CREATE TRIGGER store_generation_\(table)_\(event.lowercased()) AFTER \(event) ON \(table) BEGIN \(bump) END")
            }
        }
        for event in ["INSERT", "UPDATE"] {
            try db.execute(sql: """
                CREATE TRIGGER store_generation_setting_\(event.lowercased()) AFTER \(event) ON setting
                WHEN NEW.key = 'vector.dimension' BEGIN \(bump) END
                """)
        }
        try db.execute(sql: "CREATE TRIGGER store_generation_setting_delete AFTER DELETE ON setting WHEN OLD.key = 'vector.dimension' BEGIN \(bump) END")
    }
}
