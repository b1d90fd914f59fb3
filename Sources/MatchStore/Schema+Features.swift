internal import GRDB

extension Schema {
    /// v3: the database keeps each participant's sparse features (term weights before IDF)
    /// instead of dense vectors. Dense vectors are projected when matching loads, with the
    /// IDF of that moment, so an import only has to analyse what it changes.
    static func features(_ db: Database) throws {
        try db.execute(sql: """
            DROP TABLE vector;
            DROP TABLE feature_frequency;
            CREATE TABLE feature (
                id INTEGER PRIMARY KEY NOT NULL,
                name TEXT NOT NULL UNIQUE,
                documents INTEGER NOT NULL          -- participants whose features include it
            );
            CREATE TABLE vector (
                participant_id TEXT PRIMARY KEY NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                profile BLOB NOT NULL,              -- (feature id UInt32, weight Float32) pairs, little-endian
                offers BLOB NOT NULL,
                needs BLOB NOT NULL,
                keywords BLOB NOT NULL,
                embedding BLOB                      -- the user's own vector (Float32), if any
            ) WITHOUT ROWID;
            """)
        try MatchStore.rebuildVectors(db)
    }
}
