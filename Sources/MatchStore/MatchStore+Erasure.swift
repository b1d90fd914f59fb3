import EventPlanner
internal import GRDB
import JSONSupport
import MatchCore

/// A meeting of an erased participant that its partner must be told is cancelled.
public struct PendingCancellation: Sendable, Hashable {
    public var uid: String
    public var partner: String
    public var slot: String
    public var table: Int
    /// The SEQUENCE the partner last received.
    public var sequence: Int
}

/// What erasures left for one event's next re-plan.
public struct EventErasures: Sendable {
    /// `MatchStore.erasureDigest` of every participant erased from the event.
    public var digests: Set<String>
    public var pending: [PendingCancellation]

    public func isErased(_ id: String) -> Bool { digests.contains(MatchStore.erasureDigest(id)) }
}

extension MatchStore {
    /// What is kept of an erased id: a hash, enough to recognise the id in an old file,
    /// not to spell it out.
    public static func erasureDigest(_ id: String) -> String { StableHash.hex128("erased\u{0}\(id)") }

    /// Erases a participant from everything the event planner stores: the stored event
    /// documents (participants, requests, locked meetings, explicit candidates) and every
    /// stored schedule revision (meetings, unplaced, cancelled, changes, participants; other
    /// text that names the id says "an erased participant" instead). Each meeting of theirs
    /// in the latest schedule, and each locked meeting, becomes a pending cancellation that
    /// the next re-plan reports to the partner. Called inside `delete(_:)`'s transaction.
    /// - Returns: whether any stored event or schedule named the participant.
    @discardableResult
    static func eraseFromSchedules(_ db: Database, participant id: String) throws -> Bool {
        var any = false
        for row in try Row.fetchAll(db, sql: "SELECT id, document FROM event ORDER BY id") {
            let event: String = row["id"]
            var named = false
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
                for l in value["locked"]?.arrayValue ?? [] {
                    guard let a = l["a"]?.stringValue, let b = l["b"]?.stringValue, a == id || b == id,
                          let slot = l["slot"]?.stringValue, let table = l["table"]?.intValue else { continue }
                    try db.execute(sql: """
                        INSERT INTO pending_cancellation(event_id, uid, partner, slot, table_no, sequence) VALUES (?, ?, ?, ?, ?, 0)
                        ON CONFLICT DO NOTHING
                        """, arguments: [event, Meeting.uid(event: event, a: a, b: b), a == id ? b : a, slot, table])
                }
                let scrubbed = scrub(value, id)
                if scrubbed != value {
                    named = true
                    try db.execute(sql: "UPDATE event SET document = ? WHERE id = ?", arguments: [scrubbed.serialized(), event])
                }
            }
            for s in try Row.fetchAll(db, sql: "SELECT revision, document FROM schedule WHERE event_id = ?", arguments: [event]) {
                let text: String = s["document"]
                guard let value = try? JSONParser.parse(Array(text.utf8)) else { continue }
                let scrubbed = scrub(value, id)
                if scrubbed != value {
                    named = true
                    try db.execute(sql: "UPDATE schedule SET document = ? WHERE event_id = ? AND revision = ?",
                                   arguments: [scrubbed.serialized(), event, s["revision"] as Int])
                }
            }
            // They may have been the partner of someone erased before.
            try db.execute(sql: "DELETE FROM pending_cancellation WHERE event_id = ? AND partner = ?", arguments: [event, id])
            if named {
                any = true
                try db.execute(sql: "INSERT INTO erased_participant(event_id, digest) VALUES (?, ?) ON CONFLICT DO NOTHING",
                               arguments: [event, erasureDigest(id)])
            }
        }
        return any
    }

    /// `value` without the participant: array elements that hold the id as a value (at any
    /// depth) are dropped, object members named by it are dropped, and text that mentions it
    /// says "an erased participant" instead.
    public static func scrub(_ value: JSONValue, _ id: String) -> JSONValue {
        func names(_ v: JSONValue) -> Bool {
            switch v {
            case .string(let s): return s == id
            case .array(let a): return a.contains(where: names)
            case .object(let o): return o.values.contains(where: names)
            default: return false
            }
        }
        switch value {
        case .string(let s):
            if s == id { return .string(erasedPlaceholder) }
            return .string(replacingMentions(of: id, in: s))
        case .array(let a):
            return .array(a.filter { !names($0) }.map { scrub($0, id) })
        case .object(let o):
            return .object(JSONObject(o.filter { $0.key != id }.map { ($0.key, scrub($0.value, id)) }))
        default:
            return value
        }
    }

    /// What stands where an erased participant's id stood.
    public static let erasedPlaceholder = "(erased participant)"

    /// `text` with each whole-word mention of `id` (not part of a longer id) replaced.
    static func replacingMentions(of id: String, in text: String) -> String {
        guard !id.isEmpty, text.contains(id) else { return text }
        func partOfID(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "-" || c == "_" }
        var out = ""
        var from = text.startIndex
        var search = text.startIndex
        while let r = text.range(of: id, range: search..<text.endIndex) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : nil
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : nil
            if !(before.map(partOfID) ?? false) && !(after.map(partOfID) ?? false) {
                out += text[from..<r.lowerBound]
                out += "an erased participant"
                from = r.upperBound
            }
            search = r.upperBound
        }
        return out + text[from...]
    }

    /// What the event planner stores about one participant, for `participants personal-data`:
    /// per stored event, their registration, requests, locked meetings and explicit
    /// candidates (kind `event.<field>`), and per schedule revision their meetings, unplaced
    /// requests, cancellations and changes (kind `schedule.<field>`).
    static func scheduleRecords(_ db: Database, participant id: String) throws -> [(kind: String, record: [String: String])] {
        func flat(_ v: JSONValue) -> String {
            switch v {
            case .string(let s): return s
            case .array(let a): return a.map(flat).joined(separator: ";")
            case .object: return v.serialized()
            default: return v.serialized()
            }
        }
        func mentions(_ v: JSONValue) -> Bool {
            guard let o = v.objectValue else { return false }
            return o.values.contains { $0.stringValue == id || ($0.objectValue != nil && mentions($0)) }
        }
        func records(_ value: JSONValue, prefix: String, base: [String: String], fields: [String]) -> [(kind: String, record: [String: String])] {
            var out: [(kind: String, record: [String: String])] = []
            for field in fields {
                for element in value[field]?.arrayValue ?? [] where mentions(element) {
                    var record = base
                    for (k, v) in element.objectValue! { record[k] = flat(v) }
                    out.append(("\(prefix).\(field)", record))
                }
            }
            return out
        }
        var out: [(kind: String, record: [String: String])] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, document FROM event ORDER BY id") {
            let event: String = row["id"]
            if let value = try? JSONParser.parse(Array((row["document"] as String).utf8)) {
                out += records(value, prefix: "event", base: ["event": event], fields: ["participants", "requests", "locked", "candidates"])
            }
            for s in try Row.fetchAll(db, sql: "SELECT revision, document FROM schedule WHERE event_id = ? ORDER BY revision", arguments: [event]) {
                guard let value = try? JSONParser.parse(Array((s["document"] as String).utf8)) else { continue }
                out += records(value, prefix: "schedule", base: ["event": event, "revision": String(s["revision"] as Int)],
                               fields: ["meetings", "unplaced", "cancelled", "changes"])
            }
            for p in try Row.fetchAll(db, sql: "SELECT uid, slot, table_no, sequence FROM pending_cancellation WHERE event_id = ? AND partner = ? ORDER BY uid", arguments: [event, id]) {
                out.append(("pendingCancellation", ["event": event, "uid": p["uid"], "slot": p["slot"],
                                                    "table": String(p["table_no"] as Int), "sequence": String(p["sequence"] as Int)]))
            }
        }
        return out
    }

    /// What erasures left for an event's next re-plan.
    public func erasures(event id: String) throws -> EventErasures {
        try writer.read { db in
            let digests = try String.fetchAll(db, sql: "SELECT digest FROM erased_participant WHERE event_id = ?", arguments: [id])
            let pending = try Row.fetchAll(db, sql: "SELECT uid, partner, slot, table_no, sequence FROM pending_cancellation WHERE event_id = ? ORDER BY uid", arguments: [id]).map {
                PendingCancellation(uid: $0["uid"], partner: $0["partner"], slot: $0["slot"], table: $0["table_no"], sequence: $0["sequence"])
            }
            return EventErasures(digests: Set(digests), pending: pending)
        }
    }
}
