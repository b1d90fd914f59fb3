internal import GRDB
import MatchCore

/// What recording collaboration history did: records counted by outcome.
package struct HistoryOutcome: Sendable, Hashable {
    package var added = 0
    package var updated = 0
    package var unchanged = 0
    /// Records deleted because the import replaced their source's history (`replacing`).
    package var removed = 0
    /// Names of history-only members given for the first time, and names that differ from
    /// the stored one (a renamed partner).
    package var namesAdded = 0
    package var namesChanged = 0

    package init() {}
}

extension MatchStore {
    /// Records collaborations in one transaction: a record whose key is stored already is
    /// replaced (its kind, date, weight, source and members), so recording the same records
    /// again changes nothing. This is the door for every source of history: imports, and held
    /// meetings of an event (`Collaboration.pair(a, b, kind: .meeting, date:, source:)`).
    /// - Parameter names: display names of history-only nodes (organisations that are not
    ///   participants), used by explanations; a participant's own name always wins.
    package func recordCollaborations(_ records: [Collaboration], names: [String: String] = [:]) throws -> HistoryOutcome {
        try writer.write { db in try Self.recordCollaborations(db, records, names: names) }
    }

    /// Creates or updates participants and records collaborations in one transaction
    /// (a history import with `--create-participants`).
    /// - Parameter replacing: sources whose history the records are in whole: their stored
    ///   records that are not among `records` are deleted (a corrected date is a new pair
    ///   key; this is how the old one goes), in the same transaction.
    /// - Parameter projects: the projects the profiles of `participants` were built from, by
    ///   participant id, kept with them (`profileProjects`).
    /// - Parameter unlessChanged: participants to update only if their stored document is
    ///   still the one given (read before): one another process changed since is left as it is,
    ///   with its projects, and named in the result's `leftAsChanged`.
    /// - Parameter erasedSeen: the erased digests the records were filtered with
    ///   (`erasedMembers()`); if another process erased someone since, nothing is stored.
    package func importHistory(participants: [Participant], records: [Collaboration],
                               names: [String: String], replacing: Set<String> = [],
                               projects: [String: [ProfileProject]] = [:],
                               unlessChanged: [String: String] = [:],
                               erasedSeen: Set<String>? = nil) throws -> (participants: UpsertOutcome, history: HistoryOutcome, leftAsChanged: [String]) {
        try writer.write { db in
            if let seen = erasedSeen { try Self.checkNoOneErased(db, since: seen, event: nil) }
            var leftAsChanged: [String] = []
            for (id, document) in unlessChanged.sorted(by: { $0.key < $1.key }) {
                let now = try String.fetchOne(db, sql: "SELECT document FROM participant WHERE id = ?", arguments: [id])
                if now != document { leftAsChanged.append(id) }
            }
            let skipped = Set(leftAsChanged)
            let created = try Self.upsert(db, participants.filter { !skipped.contains($0.id) })
            try Self.recordProfileProjects(db, projects.filter { !skipped.contains($0.key) })
            var outcome = try Self.recordCollaborations(db, records, names: names)
            let stale = try Self.staleRecords(db, replacing: replacing, keeping: Set(records.map(\.key)))
            for key in stale {
                try db.execute(sql: "DELETE FROM collaboration_member WHERE collaboration_key = ?", arguments: [key])
                try db.execute(sql: "DELETE FROM collaboration WHERE key = ?", arguments: [key])
            }
            outcome.removed = stale.count
            return (created, outcome, leftAsChanged)
        }
    }

    /// The keys of stored records from `sources` that are not in `keeping`, in key order.
    static func staleRecords(_ db: Database, replacing sources: Set<String>, keeping: Set<String>) throws -> [String] {
        var stale: [String] = []
        for source in sources.sorted() {
            for key in try String.fetchAll(db, sql: "SELECT key FROM collaboration WHERE source = ? ORDER BY key", arguments: [source])
            where !keeping.contains(key) { stale.append(key) }
        }
        return stale.sorted()
    }

    /// How many stored records `importHistory(…, replacing:)` would delete (a dry run).
    package func staleRecordCount(replacing sources: Set<String>, keeping: Set<String>) throws -> Int {
        try writer.read { db in try Self.staleRecords(db, replacing: sources, keeping: keeping).count }
    }

    static func recordCollaborations(_ db: Database, _ records: [Collaboration], names: [String: String]) throws -> HistoryOutcome {
        var outcome = HistoryOutcome()
        let select = try db.cachedStatement(sql: "SELECT kind, date, weight, source FROM collaboration WHERE key = ?")
        let members = try db.cachedStatement(sql: "SELECT member FROM collaboration_member WHERE collaboration_key = ? ORDER BY member")
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO collaboration(key, kind, date, weight, source) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, date = excluded.date, weight = excluded.weight, source = excluded.source
            """)
        let clear = try db.cachedStatement(sql: "DELETE FROM collaboration_member WHERE collaboration_key = ?")
        let add = try db.cachedStatement(sql: "INSERT INTO collaboration_member(collaboration_key, member) VALUES (?, ?)")
        for r in records {
            if let row = try Row.fetchOne(select, arguments: [r.key]) {
                let stored: [String] = try String.fetchAll(members, arguments: [r.key])
                if row[0] as String == r.kind.rawValue && row[1] as String == r.date && row[2] as Double == r.weight
                    && row[3] as String == r.source && stored == r.members {
                    outcome.unchanged += 1
                    continue
                }
                outcome.updated += 1
                try clear.execute(arguments: [r.key])
            } else {
                outcome.added += 1
            }
            try upsert.execute(arguments: [r.key, r.kind.rawValue, r.date, r.weight, r.source])
            for m in r.members { try add.execute(arguments: [r.key, m]) }
        }
        let name = try db.cachedStatement(sql: "INSERT INTO history_node(id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name")
        for change in try nameChanges(db, names) {
            if change.added { outcome.namesAdded += 1 } else { outcome.namesChanged += 1 }
            try name.execute(arguments: [change.id, change.name])
        }
        return outcome
    }

    /// Every collaboration record, in key order.
    package func collaborations() throws -> [Collaboration] {
        try writer.read { db in try Self.collaborations(db) }
    }

    static func collaborations(_ db: Database) throws -> [Collaboration] {
        var members: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT collaboration_key, member FROM collaboration_member ORDER BY collaboration_key, member") {
            members[row[0] as String, default: []].append(row[1])
        }
        return try Row.fetchAll(db, sql: "SELECT key, kind, date, weight, source FROM collaboration ORDER BY key").map { row in
            let key: String = row[0]
            guard let kind = CollaborationKind(rawValue: row[1]) else {
                throw StoredRecordDamaged("stored collaboration '\(key)' has an unknown kind '\(row[1] as String)'")
            }
            return Collaboration(key: key, kind: kind, date: row[2], weight: row[3], source: row[4], members: members[key] ?? [])
        }
    }

    /// The collaboration records a node is a member of, in key order (for the personal-data export).
    static func collaborations(_ db: Database, member id: String) throws -> [Collaboration] {
        let keys = Set(try String.fetchAll(db, sql: "SELECT collaboration_key FROM collaboration_member WHERE member = ?", arguments: [id]))
        return try collaborations(db).filter { keys.contains($0.key) }
    }

    /// Erases a node from the history (`participants delete`): its memberships, its name as a
    /// history-only node, and the records that say nothing without it (`Collaboration.without`:
    /// every pair record it was in, whose key names it; a group left with one member; a
    /// meeting of three left with two). Other groups keep their members, who still worked
    /// together, each pair with the share it had. - Returns: whether anything was stored about it.
    static func eraseFromHistory(_ db: Database, participant id: String) throws -> Bool {
        let keys = Set(try String.fetchAll(db, sql: "SELECT collaboration_key FROM collaboration_member WHERE member = ?", arguments: [id]))
        for record in try collaborations(db).filter({ keys.contains($0.key) }) {
            if let left = record.without({ $0 == id }) {
                try db.execute(sql: "UPDATE collaboration SET weight = ? WHERE key = ?", arguments: [left.weight, record.key])
                try db.execute(sql: "DELETE FROM collaboration_member WHERE collaboration_key = ? AND member = ?", arguments: [record.key, id])
            } else {
                try db.execute(sql: "DELETE FROM collaboration WHERE key = ?", arguments: [record.key])
            }
        }
        try db.execute(sql: "DELETE FROM history_node WHERE id = ?", arguments: [id])
        return !keys.isEmpty || db.changesCount > 0
    }

    /// Pair records of kind `meeting` dated before `date` (`YYYY-MM-DD`), as the planner's
    /// "met before" rule reads them: `(a, b, date, source)`, in key order. Group records
    /// (more than two members) are left out: being in one meeting of many is not having met.
    package func pairMeetings(before date: String) throws -> [(a: String, b: String, date: String, source: String)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.date, c.source, min(m.member), max(m.member), count(*) FROM collaboration c
                JOIN collaboration_member m ON m.collaboration_key = c.key
                WHERE c.kind = 'meeting' AND c.date < ? GROUP BY c.key HAVING count(*) = 2 ORDER BY c.key
                """, arguments: [date]).map { row in (a: row[2], b: row[3], date: row[0], source: row[1]) }
        }
    }

    /// Whether any collaboration is recorded (cheap: matching loads the history only then).
    package func hasHistory() throws -> Bool {
        try writer.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM collaboration)") ?? false }
    }

    /// Rows of `sql` for the given ids, its `IN (?)` filled a chunk at a time: SQLite limits
    /// the number of bound values.
    static func rows(_ db: Database, for ids: Set<String>, _ sql: (_ marks: String) -> String) throws -> [Row] {
        let wanted = ids.sorted()
        var rows: [Row] = []
        for start in stride(from: 0, to: wanted.count, by: 500) {
            let chunk = Array(wanted[start..<min(start + 500, wanted.count)])
            rows += try Row.fetchAll(db, sql: sql(Array(repeating: "?", count: chunk.count).joined(separator: ",")),
                                     arguments: StatementArguments(chunk))
        }
        return rows
    }

    /// The names history imports gave the given ids (not participants' own names).
    static func historyNames(_ db: Database, of ids: Set<String>) throws -> [String: String] {
        Dictionary(try rows(db, for: ids) { "SELECT id, name FROM history_node WHERE id IN (\($0))" }.map { ($0[0], $0[1]) },
                   uniquingKeysWith: { a, _ in a })
    }

    /// Names given for history-only members that differ from the stored ones, in id order:
    /// `added` when none was stored. What recording them changes, and what a dry run reports.
    static func nameChanges(_ db: Database, _ names: [String: String]) throws -> [(id: String, name: String, added: Bool)] {
        let stored = try historyNames(db, of: Set(names.keys))
        return names.sorted { $0.key < $1.key }.compactMap { id, name in
            name.isEmpty || stored[id] == name ? nil : (id, name, stored[id] == nil)
        }
    }

    /// How many of `names` would be added or changed by recording them (a dry run's count).
    package func historyNameChanges(_ names: [String: String]) throws -> (added: Int, changed: Int) {
        let changes = try writer.read { db in try Self.nameChanges(db, names) }
        let added = changes.count { $0.added }
        return (added, changes.count - added)
    }

    /// Display names of the given history members: participants' names, else the names
    /// history imports gave; ids with neither are left out.
    package func displayNames(of ids: Set<String>) throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try writer.read { db in
            var names = try Self.historyNames(db, of: ids)
            for row in try Self.rows(db, for: ids, { "SELECT id, name FROM participant WHERE id IN (\($0))" }) { names[row[0]] = row[1] }
            return names
        }
    }

    /// Every participant's id (history imports compare members with them).
    package func participantIDs() throws -> Set<String> {
        try writer.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM participant")) }
    }

    /// Participants by the value of one of their attributes (`path`: keys into `attributes`,
    /// e.g. `["pic"]` or `["registration", "pic"]`); values that are strings or integers.
    package func participantIDs(byAttribute path: [String]) throws -> [String: [String]] {
        let jsonPath = "$.attributes" + path.map { ".\"\($0)\"" }.joined()
        return try writer.read { db in
            var ids: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, CAST(json_extract(document, ?1) AS TEXT) FROM participant
                WHERE json_type(document, ?1) IN ('text', 'integer') ORDER BY id
                """, arguments: [jsonPath]) {
                ids[row[1] as String, default: []].append(row[0])
            }
            return ids
        }
    }
}
