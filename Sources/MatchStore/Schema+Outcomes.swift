internal import GRDB

extension Schema {
    /// What happened at planned meetings (`event outcomes`): one row per meeting and side,
    /// with the meeting as planned (partner, slot, its start and date, the planner's
    /// score), so that reports and the planner's rules need no schedule file. No foreign
    /// key to `event`: an outcome may be imported for a schedule planned elsewhere.
    static func outcomes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meeting_outcome (
                event_id TEXT NOT NULL,
                uid TEXT NOT NULL,               -- the meeting's uid in the schedule
                participant TEXT NOT NULL,       -- whose side this row is
                partner TEXT NOT NULL,
                side INTEGER NOT NULL,           -- 0: the meeting's a, 1: its b
                slot TEXT NOT NULL,
                start INTEGER NOT NULL,          -- slot start, seconds since 1970 (UTC)
                date TEXT NOT NULL,              -- the slot's date in the event's zone, YYYY-MM-DD
                score REAL NOT NULL,             -- the planner's score of the meeting
                attended INTEGER,                -- 1 yes, 0 no, NULL not known (cancelled)
                rating INTEGER,                  -- 1-5
                follow_up INTEGER,               -- 1 yes, 0 no
                comment TEXT,
                PRIMARY KEY (event_id, uid, participant)
            ) WITHOUT ROWID;
            CREATE INDEX meeting_outcome_by_participant ON meeting_outcome(participant);
            """)
    }
}
