internal import GRDB

extension Schema {
    /// Per event, a hash of each participant whose meeting outcomes an erasure deleted, so
    /// that importing the event's outcome sheet again (it still names them) does not bring
    /// them back. The event need not be stored: outcomes may be imported against a schedule
    /// file alone, so there is no reference to `event`. And a hash of every erased
    /// participant, so that a history file imported again does not bring their
    /// collaborations back; it goes when a participant of that id is added again.
    static func erasedOutcomes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE erased_outcome_participant (
                event_id TEXT NOT NULL,
                digest TEXT NOT NULL,            -- Erasure.digest of the id, never the id
                PRIMARY KEY (event_id, digest)
            ) WITHOUT ROWID;
            CREATE TABLE erased_member (
                digest TEXT PRIMARY KEY NOT NULL -- Erasure.digest of the id, never the id
            ) WITHOUT ROWID;
            """)
    }
}
