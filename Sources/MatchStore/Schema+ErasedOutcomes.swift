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

    /// Per outcome row, a hash of each comment text an erasure rewrote (it named the erased
    /// participant), so that the sheet imported again, which still holds the original text,
    /// keeps the rewritten one. And a hash of each name an erasure took out of text, so that
    /// an old file's text that spells it (an event's name, a reason) loses it too.
    static func redactedComments(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE redacted_comment (
                event_id TEXT NOT NULL,
                uid TEXT NOT NULL,
                participant TEXT NOT NULL,       -- whose side's comment it was
                digest TEXT NOT NULL,            -- MatchStore.commentDigest of the text before the erasure
                PRIMARY KEY (event_id, uid, participant, digest)
            ) WITHOUT ROWID;
            CREATE TABLE erased_name (
                digest TEXT PRIMARY KEY NOT NULL -- Erasure.nameDigest of a name an erasure took out of text
            ) WITHOUT ROWID;
            """)
    }
}
