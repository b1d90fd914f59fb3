internal import GRDB

/// The versioned schema. Migrations are append-only: never edit one that has shipped.
enum Schema {
    /// Every migration in order. Each feature adds its own in a file of its own
    /// (`Schema+Feature.swift`) and one line here.
    static let migrations: [(name: String, migrate: @Sendable (Database) throws -> Void)] = [
        ("v1: participants, taxonomy, vectors", v1),
        ("v2: events and schedules", events),
        ("v3: sparse features instead of stored dense vectors", features),
        ("v4: erased participants and the cancellations they leave", erasures),
        ("v5: sentence embeddings cached by model and text hash", embeddings),
        ("v6: collaboration history", history),
        ("v7: meeting outcomes", outcomes),
        ("v8: semantic views of participants, and the texts they were made from", semanticViews),
        ("v9: vector store generation", vectorStore),
        ("v10: participants changed per generation, for engines that follow other processes' writes", changeLog),
        ("v11: semantic views move the vector store generation", semanticViewsInStore),
        ("v12: the vector store last built, for stores that follow the change log", storeLineage),
        ("v13: legal forms are not text terms: participants analysed again", legalFormsAreNotTerms),
        ("v14: group records keyed by source and name", groupKeysBySource),
        ("v15: numbers are not text terms: participants analysed again", numbersAreNotTerms),
        ("v16: the dated projects CORDIS-created profiles were built from", profileProjects),
        ("v17: participants erased from events' outcomes and from the history", erasedOutcomes),
        ("v18: comments an erasure rewrote", redactedComments),
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for m in migrations { migrator.registerMigration(m.name, migrate: m.migrate) }
        return migrator
    }

    static func v1(_ db: Database) throws {
            try db.execute(sql: """
                CREATE TABLE participant (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    country TEXT NOT NULL,
                    organisation TEXT,
                    document TEXT NOT NULL           -- the canonical JSON form
                ) WITHOUT ROWID;
                CREATE TABLE membership (
                    participant_id TEXT NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    cluster_id TEXT NOT NULL,
                    PRIMARY KEY (participant_id, cluster_id)
                ) WITHOUT ROWID;
                CREATE INDEX membership_by_cluster ON membership(cluster_id);
                CREATE TABLE taxonomy (
                    namespace TEXT PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    imported_at TEXT NOT NULL
                );
                CREATE TABLE taxonomy_term (
                    namespace TEXT NOT NULL REFERENCES taxonomy(namespace) ON DELETE CASCADE,
                    code TEXT NOT NULL,
                    label TEXT NOT NULL,
                    level INTEGER NOT NULL,
                    parent_code TEXT,
                    PRIMARY KEY (namespace, code)
                ) WITHOUT ROWID;
                CREATE TABLE vector (
                    participant_id TEXT PRIMARY KEY NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                    profile BLOB NOT NULL,           -- float32 little-endian, L2-normalised
                    offers BLOB NOT NULL,
                    needs BLOB NOT NULL,
                    keywords BLOB NOT NULL,
                    embedding BLOB                   -- the user's own vector, if any
                ) WITHOUT ROWID;
                CREATE TABLE feature_frequency (
                    feature TEXT PRIMARY KEY NOT NULL,
                    documents INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}
