internal import GRDB

/// A stored schedule revision.
package struct StoredSchedule: Sendable, Hashable {
    package var event: String
    package var revision: Int
    package var stamp: String
    /// The schedule JSON.
    package var document: String

    package init(event: String, revision: Int, stamp: String, document: String) {
        self.event = event
        self.revision = revision
        self.stamp = stamp
        self.document = document
    }
}

extension MatchStore {
    /// Stores (or replaces) an event and one schedule revision of it, in one transaction.
    /// `reported`: uids of pending cancellations (left by erasures) that this schedule
    /// reports, and that are therefore no longer pending. The revision stored becomes the
    /// latest: revisions after it (a re-plan of an older revision supersedes them) are dropped.
    package func save(event id: String, name: String, eventDocument: String, schedule: StoredSchedule, reported: [String] = []) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM schedule WHERE event_id = ? AND revision > ?", arguments: [id, schedule.revision])
            for uid in reported {
                try db.execute(sql: "DELETE FROM pending_cancellation WHERE event_id = ? AND uid = ?", arguments: [id, uid])
            }
            try db.execute(sql: """
                INSERT INTO event(id, name, document) VALUES (?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, document = excluded.document
                """, arguments: [id, name, eventDocument])
            try db.execute(sql: """
                INSERT INTO schedule(event_id, revision, stamp, document) VALUES (?, ?, ?, ?)
                ON CONFLICT(event_id, revision) DO UPDATE SET stamp = excluded.stamp, document = excluded.document
                """, arguments: [id, schedule.revision, schedule.stamp, schedule.document])
        }
    }

    /// The event file as stored.
    package func eventDocument(_ id: String) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT document FROM event WHERE id = ?", arguments: [id]) }
    }

    /// The latest schedule revision of an event (or a given one).
    package func schedule(event id: String, revision: Int? = nil) throws -> StoredSchedule? {
        try writer.read { db in
            let row: Row?
            if let revision {
                row = try Row.fetchOne(db, sql: "SELECT * FROM schedule WHERE event_id = ? AND revision = ?", arguments: [id, revision])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT * FROM schedule WHERE event_id = ? ORDER BY revision DESC LIMIT 1", arguments: [id])
            }
            return row.map { StoredSchedule(event: $0["event_id"], revision: $0["revision"], stamp: $0["stamp"], document: $0["document"]) }
        }
    }

    /// Ids and names of stored events.
    /// The time zone of a stored event (its file's `timezone`), nil when the event is not stored.
    package func eventTimeZone(_ id: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT json_extract(document, '$.timezone') FROM event WHERE id = ?", arguments: [id])
        }
    }

    package func events() throws -> [(id: String, name: String)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM event ORDER BY id").map { ($0["id"], $0["name"]) }
        }
    }
}
