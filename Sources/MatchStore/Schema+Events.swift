internal import GRDB

extension Schema {
    /// Events as given (the event file's JSON) and every schedule revision planned for them.
    static func events(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE event (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                document TEXT NOT NULL           -- the event file as read, canonical JSON
            ) WITHOUT ROWID;
            CREATE TABLE schedule (
                event_id TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                revision INTEGER NOT NULL,
                stamp TEXT NOT NULL,             -- when it was issued (the iCalendar DTSTAMP)
                document TEXT NOT NULL,          -- the schedule JSON, as written to files
                PRIMARY KEY (event_id, revision)
            ) WITHOUT ROWID;
            """)
    }
}
