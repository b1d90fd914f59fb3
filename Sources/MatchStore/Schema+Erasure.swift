internal import GRDB

extension Schema {
    /// What erasing a participant leaves behind, and no more: per event, a hash of the
    /// erased id (so that an old event or schedule file cannot bring them back into a
    /// re-plan) and the meetings their partners must be told are cancelled (uid, partner,
    /// slot, table: what the partner's calendar already holds), until the next re-plan
    /// has reported them.
    static func erasures(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE erased_participant (
                event_id TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                digest TEXT NOT NULL,            -- StableHash of "erased" + id, never the id
                PRIMARY KEY (event_id, digest)
            ) WITHOUT ROWID;
            CREATE TABLE pending_cancellation (
                event_id TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                uid TEXT NOT NULL,               -- the meeting's iCalendar UID (a hash)
                partner TEXT NOT NULL,           -- who must be told
                slot TEXT NOT NULL,
                table_no INTEGER NOT NULL,
                sequence INTEGER NOT NULL,       -- the SEQUENCE the partner last received
                PRIMARY KEY (event_id, uid)
            ) WITHOUT ROWID;
            """)
    }
}
