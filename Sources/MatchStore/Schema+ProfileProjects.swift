internal import GRDB

extension Schema {
    /// v16: the projects a CORDIS-created participant's profile was built from, with their
    /// dates, so that the profile can be built again as of an earlier date (`profiles tune`).
    /// Rows go with their participant (an erasure takes them).
    static func profileProjects(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE profile_project (
                participant_id TEXT NOT NULL REFERENCES participant(id) ON DELETE CASCADE,
                key TEXT NOT NULL,               -- the history record's key (cordis:ID)
                date TEXT NOT NULL,              -- YYYY-MM-DD, the project's start
                topic TEXT NOT NULL,             -- the call topic code, or ''
                title TEXT,                      -- the topic's title, if known
                programmes TEXT NOT NULL,        -- JSON array of programme parts, sorted
                PRIMARY KEY (participant_id, key)
            ) WITHOUT ROWID;
            """)
    }
}
