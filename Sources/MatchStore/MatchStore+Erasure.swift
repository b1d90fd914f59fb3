import EventPlanner
internal import GRDB
import JSONSupport
import MatchCore

/// A meeting of an erased participant that its partner must be told is cancelled.
package struct PendingCancellation: Sendable, Hashable {
    package var uid: String
    package var partner: String
    package var slot: String
    package var table: Int
    /// The SEQUENCE the partner last received.
    package var sequence: Int
}

/// What erasures left for one event's next re-plan.
package struct EventErasures: Sendable {
    /// `Erasure.digest` of every participant erased from the event.
    package var digests: Set<String>
    package var pending: [PendingCancellation]

    package func isErased(_ id: String) -> Bool { digests.contains(Erasure.digest(id)) }
}

extension MatchStore {
    /// Erases a participant from everything the event planner stores, as `Erasure` (the
    /// planner's personal-data policy) says: the stored event documents and every stored
    /// schedule revision, the reasons of other pairs' meetings that name them included. Each meeting of theirs in the latest schedule, and each locked
    /// meeting, becomes a pending cancellation that the next re-plan reports to the
    /// partner. Called inside `delete(_:)`'s transaction.
    /// - Returns: whether any stored event or schedule named the participant.
    @discardableResult
    static func eraseFromSchedules(_ db: Database, participant id: String, redaction: Erasure.Redaction) throws -> Bool {
        var any = false
        // Text that names them only as a common partner is rewritten, but does not make the
        // event one they were erased from (that would keep them out of it for good).
        let idOnly = Erasure.Redaction(id: id)
        for row in try Row.fetchAll(db, sql: "SELECT id, name, document FROM event ORDER BY id") {
            let event: String = row["id"]
            var named = false
            let title: String = row["name"]
            if redaction.apply(title) != title {
                try db.execute(sql: "UPDATE event SET name = ? WHERE id = ?", arguments: [redaction.apply(title), event])
            }
            // The meetings the partners hold in their calendars: the latest schedule's, and
            // the locked ones (published before any plan was stored).
            if let latest = try String.fetchOne(db, sql: "SELECT document FROM schedule WHERE event_id = ? ORDER BY revision DESC LIMIT 1", arguments: [event]),
               let schedule = try? Schedule.decode(JSONParser.parse(Array(latest.utf8))) {
                for m in schedule.meetings where m.a == id || m.b == id {
                    named = true
                    try db.execute(sql: """
                        INSERT INTO pending_cancellation(event_id, uid, partner, slot, table_no, sequence) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """, arguments: [event, m.uid, m.partner(of: id), m.slot, m.table, m.sequence])
                }
            }
            let document: String = row["document"]
            if let value = try? JSONParser.parse(Array(document.utf8)) {
                for l in Erasure.lockedMeetings(inEventDocument: value, naming: id) {
                    try db.execute(sql: """
                        INSERT INTO pending_cancellation(event_id, uid, partner, slot, table_no, sequence) VALUES (?, ?, ?, ?, ?, 0)
                        ON CONFLICT DO NOTHING
                        """, arguments: [event, Meeting.uid(event: event, a: l.a, b: l.b), l.a == id ? l.b : l.a, l.slot, l.table])
                }
                let erased = Erasure.erasing(eventDocument: value, participant: id, redaction: redaction)
                if erased != value {
                    if Erasure.erasing(eventDocument: value, participant: id, redaction: idOnly) != value { named = true }
                    try db.execute(sql: "UPDATE event SET document = ? WHERE id = ?", arguments: [erased.serialized(), event])
                }
            }
            for s in try Row.fetchAll(db, sql: "SELECT revision, document FROM schedule WHERE event_id = ?", arguments: [event]) {
                let text: String = s["document"]
                guard let schedule = try? Schedule.decode(JSONParser.parse(Array(text.utf8))) else { continue }
                let before = schedule.json, after = schedule.erasing(participant: id, redaction: redaction).json
                if after != before {
                    if schedule.erasing(participant: id, redaction: idOnly).json != before { named = true }
                    try db.execute(sql: "UPDATE schedule SET document = ? WHERE event_id = ? AND revision = ?",
                                   arguments: [after.serialized(), event, s["revision"] as Int])
                }
            }
            // They may have been the partner of someone erased before.
            try db.execute(sql: "DELETE FROM pending_cancellation WHERE event_id = ? AND partner = ?", arguments: [event, id])
            if named {
                any = true
                try db.execute(sql: "INSERT INTO erased_participant(event_id, digest) VALUES (?, ?) ON CONFLICT DO NOTHING",
                               arguments: [event, Erasure.digest(id)])
            }
        }
        return any
    }

    /// What the event planner stores about one participant, for `participants personal-data`:
    /// per stored event, the records of `Erasure.eventRecordFields` that name them (kind
    /// `event.<field>`), per schedule revision those of `Erasure.scheduleRecordFields` (kind
    /// `schedule.<field>`), and the cancellations pending for them.
    static func scheduleRecords(_ db: Database, participant id: String) throws -> [(kind: String, record: [String: String])] {
        func records(_ value: JSONValue, prefix: String, base: [String: String], fields: [String]) -> [(kind: String, record: [String: String])] {
            Erasure.records(in: value, fields: fields, naming: id).map { found in
                ("\(prefix).\(found.field)", base.merging(found.record) { $1 })
            }
        }
        var out: [(kind: String, record: [String: String])] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, document FROM event ORDER BY id") {
            let event: String = row["id"]
            if let value = try? JSONParser.parse(Array((row["document"] as String).utf8)) {
                out += records(value, prefix: "event", base: ["event": event], fields: Erasure.eventRecordFields)
            }
            for s in try Row.fetchAll(db, sql: "SELECT revision, document FROM schedule WHERE event_id = ? ORDER BY revision", arguments: [event]) {
                guard let value = try? JSONParser.parse(Array((s["document"] as String).utf8)) else { continue }
                out += records(value, prefix: "schedule", base: ["event": event, "revision": String(s["revision"] as Int)],
                               fields: Erasure.scheduleRecordFields)
            }
            for p in try Row.fetchAll(db, sql: "SELECT uid, slot, table_no, sequence FROM pending_cancellation WHERE event_id = ? AND partner = ? ORDER BY uid", arguments: [event, id]) {
                out.append(("pendingCancellation", ["event": event, "uid": p["uid"], "slot": p["slot"],
                                                    "table": String(p["table_no"] as Int), "sequence": String(p["sequence"] as Int)]))
            }
        }
        return out
    }

    /// What erasures left for an event's next re-plan.
    package func erasures(event id: String) throws -> EventErasures {
        try writer.read { db in
            let digests = try String.fetchAll(db, sql: "SELECT digest FROM erased_participant WHERE event_id = ?", arguments: [id])
            let pending = try Row.fetchAll(db, sql: "SELECT uid, partner, slot, table_no, sequence FROM pending_cancellation WHERE event_id = ? ORDER BY uid", arguments: [id]).map {
                PendingCancellation(uid: $0["uid"], partner: $0["partner"], slot: $0["slot"], table: $0["table_no"], sequence: $0["sequence"])
            }
            return EventErasures(digests: Set(digests), pending: pending)
        }
    }
}
