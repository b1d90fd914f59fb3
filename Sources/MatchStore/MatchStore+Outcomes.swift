import EventPlanner
internal import GRDB

/// What importing outcomes changed.
package struct OutcomeImportCounts: Sendable, Hashable {
    /// Rows (meeting sides) not stored before.
    package var added: Int
    /// Rows stored before with other values.
    package var changed: Int
    /// Rows stored before with the same values.
    package var unchanged: Int
}

extension MatchStore {
    /// Stores meeting outcomes in one transaction: each (event, meeting, side) row is
    /// added or replaced, so importing the same file again changes nothing.
    /// - Parameter names: the schedule's names of the meetings' participants. Those who are
    ///   not participants of the database (guests of the event) are kept as history names,
    ///   so that the report and the history notes name them, as they name participants. A
    ///   name a history import gave is kept: history files are the authority on names.
    /// - Parameter erasedSeen: the erased digests the outcomes were filtered with
    ///   (`erasedFromOutcomes(event:)` and `erasedMembers()`); if another process erased
    ///   someone since, nothing is stored (`StoreError.Code.changedMeanwhile`).
    package func save(outcomes: [MeetingOutcome], names: [String: String] = [:], erasedSeen: Set<String>? = nil) throws -> OutcomeImportCounts {
        try writer.write { db in
            if let seen = erasedSeen, let event = outcomes.first?.event {
                try Self.checkNoOneErased(db, since: seen, event: event)
            }
            let participants = try Self.rows(db, for: Set(names.keys)) { "SELECT id FROM participant WHERE id IN (\($0))" }
            let guests = Set(names.keys).subtracting(participants.map { $0[0] as String })
            let name = try db.cachedStatement(sql: "INSERT INTO history_node(id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING")
            for (id, n) in names.sorted(by: { $0.key < $1.key }) where guests.contains(id) && !n.isEmpty { try name.execute(arguments: [id, n]) }
            var counts = OutcomeImportCounts(added: 0, changed: 0, unchanged: 0)
            let redacted = try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM redacted_comment WHERE event_id = ? AND uid = ? AND participant = ? AND digest = ?)")
            for o in outcomes {
                for (i, given) in o.sides.enumerated() {
                    let old = try Row.fetchOne(db, sql: """
                        SELECT partner, side, slot, start, date, score, attended, rating, follow_up, comment
                        FROM meeting_outcome WHERE event_id = ? AND uid = ? AND participant = ?
                        """, arguments: [o.event, o.uid, given.participant])
                    var side = given
                    // A comment an erasure rewrote comes back from the sheet as first written:
                    // the rewritten text stays.
                    if let old, let text = side.comment,
                       try Bool.fetchOne(redacted, arguments: [o.event, o.uid, side.participant, Self.commentDigest(text)]) == true {
                        side.comment = old["comment"]
                    }
                    let args: StatementArguments = [o.event, o.uid, side.participant, i == 0 ? o.b : o.a, i, o.slot, o.start, o.date, o.score,
                                                    side.attended, side.rating, side.followUp, side.comment]
                    if let old {
                        if Self.sameRow(old, o, side: side, index: i) { counts.unchanged += 1; continue }
                        counts.changed += 1
                    } else {
                        counts.added += 1
                    }
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO meeting_outcome(event_id, uid, participant, partner, side, slot, start, date, score,
                                                               attended, rating, follow_up, comment)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: args)
                }
            }
            return counts
        }
    }

    /// Stored outcomes of one event (nil: of every event), in time, then uid order.
    package func outcomes(event: String? = nil) throws -> [MeetingOutcome] {
        try writer.read { db in
            let rows = event == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM meeting_outcome ORDER BY start, event_id, uid, side")
                : try Row.fetchAll(db, sql: "SELECT * FROM meeting_outcome WHERE event_id = ? ORDER BY start, uid, side", arguments: [event])
            return Self.meetings(rows)
        }
    }

    /// The outcomes of one participant's meetings, both sides (its personal data).
    package func outcomes(of id: String) throws -> [MeetingOutcome] {
        try writer.read { db in
            Self.meetings(try Row.fetchAll(db, sql: """
                SELECT * FROM meeting_outcome WHERE event_id || char(0) || uid IN
                    (SELECT event_id || char(0) || uid FROM meeting_outcome WHERE participant = ?1 OR partner = ?1)
                ORDER BY start, event_id, uid, side
                """, arguments: [id]))
        }
    }

    /// Outcomes of events other than `event` whose meetings were before `start` (seconds
    /// since 1970): what the planner's rules read.
    package func outcomes(before start: Int64, excluding event: String) throws -> [MeetingOutcome] {
        try writer.read { db in
            Self.meetings(try Row.fetchAll(db, sql: """
                SELECT * FROM meeting_outcome WHERE event_id <> ? AND start < ? ORDER BY start, event_id, uid, side
                """, arguments: [event, start]))
        }
    }

    /// Erases a participant's meeting outcomes: both rows of each of their meetings (the
    /// partner's row names them, and its comment may), and remembers per event a hash of
    /// the id, so that the event's sheet imported again leaves them out
    /// (`erasedFromOutcomes(event:)`). Called inside `delete(_:)`'s transaction.
    /// - Returns: whether any outcome named the participant.
    static func eraseOutcomes(_ db: Database, participant id: String, redaction: Erasure.Redaction) throws -> Bool {
        let events = try String.fetchAll(db, sql: "SELECT DISTINCT event_id FROM meeting_outcome WHERE participant = ? OR partner = ?",
                                         arguments: [id, id])
        for event in events {
            try db.execute(sql: "INSERT INTO erased_outcome_participant(event_id, digest) VALUES (?, ?) ON CONFLICT DO NOTHING",
                           arguments: [event, Erasure.digest(id)])
        }
        try db.execute(sql: "DELETE FROM meeting_outcome WHERE participant = ? OR partner = ?", arguments: [id, id])
        let deleted = db.changesCount > 0
        // Others' comments may name them ("Mette of Acme recommended them").
        for word in [id] + redaction.names {
            for row in try Row.fetchAll(db, sql: "SELECT event_id, uid, participant, comment FROM meeting_outcome WHERE instr(lower(comment), lower(?)) > 0",
                                        arguments: [word]) {
                let comment: String = row["comment"], redacted = redaction.apply(comment)
                if redacted != comment {
                    let key: [String] = [row["event_id"], row["uid"], row["participant"]]
                    try db.execute(sql: "UPDATE meeting_outcome SET comment = ? WHERE event_id = ? AND uid = ? AND participant = ?",
                                   arguments: StatementArguments([redacted] + key))
                    try db.execute(sql: "INSERT INTO redacted_comment(event_id, uid, participant, digest) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                   arguments: StatementArguments(key + [Self.commentDigest(comment)]))
                }
            }
        }
        return deleted
    }

    /// What `redacted_comment` keeps of a comment an erasure rewrote.
    static func commentDigest(_ text: String) -> String { StableHash.hex128("comment\u{0}\(text)") }

    /// Comments on meetings of others that mention a participant (its id or a name of
    /// `Erasure.Redaction`), in event and uid order: what a data subject's access request
    /// lists, and what `delete(_:)` rewrites.
    package func comments(mentioning id: String) throws -> [(event: String, uid: String, comment: String)] {
        try writer.read { db in
            let redaction = try Self.redaction(db, participant: id)
            var found: [String: (event: String, uid: String, comment: String)] = [:]
            for word in [id] + redaction.names {
                for row in try Row.fetchAll(db, sql: """
                    SELECT event_id, uid, participant, comment FROM meeting_outcome
                    WHERE instr(lower(comment), lower(?)) > 0 AND participant <> ? AND partner <> ?
                    """, arguments: [word, id, id]) {
                    let comment: String = row["comment"]
                    guard redaction.apply(comment) != comment else { continue }
                    let key = "\(row["event_id"] as String)\u{0}\(row["uid"] as String)\u{0}\(row["participant"] as String)"
                    found[key] = (row["event_id"], row["uid"], comment)
                }
            }
            return found.sorted { $0.key < $1.key }.map(\.value)
        }
    }

    /// Throws `changedMeanwhile` when the erased digests (of the database, and of `event`
    /// when given) are no longer a subset of `seen`: a write filtered before another process
    /// erased someone would bring them back.
    static func checkNoOneErased(_ db: Database, since seen: Set<String>, event: String?) throws {
        let now = try erasedMembers(db).union(event.map { try erased(db, fromEvent: $0) } ?? [])
        if !now.isSubset(of: seen) {
            throw StoreError(.changedMeanwhile, path: "", detail: "a participant was erased (participants delete) by another process while this import read its files; nothing was stored: run the import again")
        }
    }

    /// `Erasure.digest` of every participant erased from the database and not added again:
    /// what a history import leaves out.
    package func erasedMembers() throws -> Set<String> {
        try writer.read { db in try Self.erasedMembers(db) }
    }

    static func erasedMembers(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT digest FROM erased_member"))
    }

    /// `Erasure.digest` of everyone erased from an event: from its stored outcomes, or from
    /// its stored event and schedules.
    package func erasedFromOutcomes(event: String) throws -> Set<String> {
        try writer.read { db in try Self.erased(db, fromEvent: event) }
    }

    /// How many participants an erasure took out of the event's recorded outcomes (their
    /// meetings' rows deleted): what the outcome report says is left out.
    package func erasedFromRecordedOutcomes(event: String) throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM erased_outcome_participant WHERE event_id = ?", arguments: [event]) ?? 0
        }
    }

    static func erased(_ db: Database, fromEvent event: String) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: """
            SELECT digest FROM erased_outcome_participant WHERE event_id = ?
            UNION SELECT digest FROM erased_participant WHERE event_id = ?
            """, arguments: [event, event]))
    }

    /// Ids of events with stored outcomes.
    package func eventsWithOutcomes() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT event_id FROM meeting_outcome ORDER BY event_id") }
    }

    /// Whether a stored row already says what this side of the outcome says.
    static func sameRow(_ row: Row, _ o: MeetingOutcome, side: OutcomeSide, index i: Int) -> Bool {
        let partner: String = row["partner"], slot: String = row["slot"], date: String = row["date"]
        let position: Int = row["side"], start: Int64 = row["start"], score: Double = row["score"]
        let attended: Bool? = row["attended"], rating: Int? = row["rating"], followUp: Bool? = row["follow_up"]
        let comment: String? = row["comment"]
        guard partner == (i == 0 ? o.b : o.a), position == i, slot == o.slot, start == o.start, date == o.date, score == o.score else { return false }
        return attended == side.attended && rating == side.rating && followUp == side.followUp && comment == side.comment
    }

    /// Rows (two per meeting, ordered by side) back into meetings.
    static func meetings(_ rows: [Row]) -> [MeetingOutcome] {
        var out: [MeetingOutcome] = []
        var index: [String: Int] = [:]
        for r in rows {
            let event: String = r["event_id"], uid: String = r["uid"], side: Int = r["side"]
            let participant: String = r["participant"], partner: String = r["partner"]
            let s = OutcomeSide(participant: participant, attended: r["attended"], rating: r["rating"], followUp: r["follow_up"], comment: r["comment"])
            let key = event + "\u{1}" + uid
            if let i = index[key] {
                if side == 0 { out[i].sides.insert(s, at: 0) } else { out[i].sides.append(s) }
                continue
            }
            index[key] = out.count
            out.append(MeetingOutcome(event: event, uid: uid, a: side == 0 ? participant : partner, b: side == 0 ? partner : participant,
                                      slot: r["slot"], start: r["start"], date: r["date"], score: r["score"], sides: [s]))
        }
        return out
    }
}
