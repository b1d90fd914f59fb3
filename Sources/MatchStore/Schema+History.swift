internal import GRDB

extension Schema {
    /// Collaboration history: records (a project with its members, a pair that met or
    /// partnered), keyed so that importing the same record again replaces it, and the names
    /// of history-only nodes (organisations known only from the history) for explanations.
    /// Members are not foreign keys: history may name organisations that are not participants.
    static func history(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE collaboration (
                key TEXT PRIMARY KEY NOT NULL,   -- group name, or pair|a|b|kind|date|source
                kind TEXT NOT NULL,              -- project, meeting, partnership, membership
                date TEXT NOT NULL,              -- YYYY-MM-DD
                weight REAL NOT NULL,
                source TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE collaboration_member (
                collaboration_key TEXT NOT NULL REFERENCES collaboration(key) ON DELETE CASCADE,
                member TEXT NOT NULL,
                PRIMARY KEY (collaboration_key, member)
            ) WITHOUT ROWID;
            CREATE INDEX collaboration_member_by_member ON collaboration_member(member);
            CREATE TABLE history_node (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL
            ) WITHOUT ROWID;
            """)
    }
}
