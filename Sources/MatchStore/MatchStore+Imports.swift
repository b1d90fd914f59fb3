import Foundation
internal import GRDB
import MatchCore

extension MatchStore {
    /// What `upsert` would do, without writing: each participant compared with the stored one.
    package func classify(_ participants: [Participant]) throws -> UpsertOutcome {
        try writer.read { db in
            var outcome = UpsertOutcome()
            let select = try db.cachedStatement(sql: "SELECT document FROM participant WHERE id = ?")
            for p in participants {
                let existing = try String.fetchOne(select, arguments: [p.id])
                if existing == nil { outcome.added.append(p.id) }
                else if existing == p.json.serialized() { outcome.unchanged.append(p.id) }
                else { outcome.updated.append(p.id) }
            }
            return outcome
        }
    }

    /// Replaces several taxonomies (one namespace each) and rebuilds the vectors once, all
    /// in one transaction.
    /// - Returns: per namespace, how many terms were added, changed and removed.
    package func replaceTaxonomies(_ taxonomies: [(namespace: String, terms: [TaxonomyTerm], source: String)]) throws
        -> [(added: Int, changed: Int, removed: Int)]
    {
        try writer.write { db in
            var results: [(added: Int, changed: Int, removed: Int)] = []
            for t in taxonomies {
                results.append(try Self.replaceTaxonomy(db, namespace: t.namespace, terms: t.terms, source: t.source))
            }
            try Self.rebuildVectors(db)
            return results
        }
    }

    static func replaceTaxonomy(_ db: Database, namespace: String, terms: [TaxonomyTerm], source: String) throws -> (added: Int, changed: Int, removed: Int) {
        var old: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code, label, level, parent_code FROM taxonomy_term WHERE namespace = ?", arguments: [namespace]) {
            old[row["code"]] = "\(row["label"] as String)|\(row["level"] as Int)|\(row["parent_code"] as String? ?? "")"
        }
        try db.execute(sql: "DELETE FROM taxonomy_term WHERE namespace = ?", arguments: [namespace])
        try db.execute(sql: """
            INSERT INTO taxonomy(namespace, source, imported_at) VALUES (?, ?, ?)
            ON CONFLICT(namespace) DO UPDATE SET source = excluded.source, imported_at = excluded.imported_at
            """, arguments: [namespace, source, ISO8601DateFormatter().string(from: Date())])
        let insert = try db.makeStatement(sql: "INSERT INTO taxonomy_term(namespace, code, label, level, parent_code) VALUES (?, ?, ?, ?, ?)")
        var added = 0, changed = 0
        for term in terms {
            try insert.execute(arguments: [namespace, term.code, term.label, term.level, term.parent])
            let signature = "\(term.label)|\(term.level)|\(term.parent ?? "")"
            if let previous = old[term.code] { if previous != signature { changed += 1 } } else { added += 1 }
        }
        return (added, changed, Set(old.keys).subtracting(terms.map(\.code)).count)
    }

    /// Everything stored about one participant: its document, the clusters it is a member
    /// of, the members it has (if a cluster), and its vectors. Nil when there is no such participant.
    package func storedRecord(of id: String) throws -> StoredParticipantRecord? {
        try writer.read { db in
            guard let participant = try Self.participant(db, id) else { return nil }
            let memberOf = try String.fetchAll(db, sql: "SELECT cluster_id FROM membership WHERE participant_id = ? ORDER BY cluster_id", arguments: [id])
            let members = try String.fetchAll(db, sql: "SELECT participant_id FROM membership WHERE cluster_id = ? ORDER BY participant_id", arguments: [id])
            var vectors: StoredParticipantRecord.Vectors?
            if let dense = try Self.denseVectors(db, id) {
                let embedding = try (Data.fetchOne(db, sql: "SELECT embedding FROM vector WHERE participant_id = ?", arguments: [id])).map(floats)
                vectors = .init(profile: dense.profile, offers: dense.offers, needs: dense.needs, embedding: embedding)
            }
            let schedules = try Self.scheduleRecords(db, participant: id)
            return StoredParticipantRecord(participant: participant, memberOf: memberOf, members: members, vectors: vectors, schedules: schedules,
                                           history: try Self.collaborations(db, member: id))
        }
    }

    /// What the store holds about an id that is not a participant (a history-only member, an
    /// event's guest): the name history imports gave it, the planner's records and the
    /// collaboration records that name it; nil when nothing does (outcomes: `outcomes(of:)`).
    package func storedGuestRecord(of id: String) throws -> (name: String?, schedules: [(kind: String, record: [String: String])], history: [Collaboration])? {
        try writer.read { db in
            let name = try String.fetchOne(db, sql: "SELECT name FROM history_node WHERE id = ?", arguments: [id])
            let schedules = try Self.scheduleRecords(db, participant: id)
            let history = try Self.collaborations(db, member: id)
            return name == nil && schedules.isEmpty && history.isEmpty ? nil : (name, schedules, history)
        }
    }

    /// Writes a consistent copy of the database to `path` with SQLite's online backup, from
    /// one read transaction: other processes may read and write meanwhile. The copy is a
    /// single self-contained file (rollback journal, not WAL).
    ///
    /// - Throws: `StoreError`: `.cannotCreate` for the copy, `.damaged` or `.locked` for
    ///   this database.
    package func backup(to path: String) throws {
        let destination: DatabaseQueue
        do { destination = try DatabaseQueue(path: path) } catch let error as DatabaseError {
            throw StoreError(.cannotCreate, path: path, detail: error.message ?? "SQLite result code \(error.extendedResultCode.rawValue)",
                             sqliteCode: error.extendedResultCode.rawValue)
        }
        do { try writer.base.backup(to: destination) } catch { throw StoreError.recognising(error, path: self.path) }
        try destination.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA journal_mode = DELETE")
        }
        try destination.close()
    }
}

/// Everything the store holds about one participant (for `participants personal-data`).
package struct StoredParticipantRecord: Sendable {
    package struct Vectors: Sendable {
        package var profile: [Float]
        package var offers: [Float]
        package var needs: [Float]
        package var embedding: [Float]?
    }

    package var participant: Participant
    package var memberOf: [String]
    package var members: [String]
    package var vectors: Vectors?
    /// Meeting requests and schedule entries (from the event planner; empty until it is merged).
    package var schedules: [(kind: String, record: [String: String])]
    /// The collaboration records it is a member of (`history import`, held meetings).
    package var history: [Collaboration] = []
}

extension MatchStore {
    /// The matching snapshot, without the participants `unmatchableIDs` names unless
    /// `includingUnmatchable` (matching leaves them out by default).
    package func matchingSnapshot(includingUnmatchable: Bool) throws -> MatchingSnapshot {
        var snapshot = try matchingSnapshot()
        guard !includingUnmatchable else { return snapshot }
        let excluded = try unmatchableIDs()
        if !excluded.isEmpty { snapshot.rows.removeAll { excluded.contains($0.id) } }
        return snapshot
    }

    /// Ids of the participants `isMatchable` rejects (expired, limited or closed EEN profiles,
    /// `matchable: false`). Only documents that could carry such a flag are decoded.
    package func unmatchableIDs() throws -> Set<String> {
        try writer.read { db in
            let candidates = try String.fetchAll(db, sql: """
                SELECT document FROM participant
                WHERE document LIKE '%"expired":true%' OR document LIKE '%"matchable":false%'
                   OR document LIKE '%"limited":true%' OR document LIKE '%"openForEOI":false%'
                """)
            return Set(try candidates.map { try Self.decodeStored($0) }.filter { !isMatchable($0) }.map(\.id))
        }
    }

    /// What an EEN sync needs to know of each stored EEN profile: whether it is limited and
    /// when it was last modified (`lastModified`, else `updated`). One query for a whole import.
    package func eenVersions() throws -> [String: (limited: Bool, modified: String?)] {
        try writer.read { db in
            var versions: [String: (limited: Bool, modified: String?)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, json_extract(document, '$.attributes.een.limited'),
                       coalesce(json_extract(document, '$.attributes.een.lastModified'), json_extract(document, '$.attributes.een.updated')), valid
                FROM (SELECT id, iif(json_valid(document), document, '{}') AS document, json_valid(document) AS valid FROM participant)
                WHERE json_type(document, '$.attributes.een') = 'object' OR NOT valid
                """) {
                // A document damaged in place would make SQLite's JSON functions fail the whole read.
                guard (row[3] as Int?) == 1 else { throw StoredRecordDamaged("stored participant '\(row[0] as String)' is no longer valid JSON") }
                versions[row[0] as String] = ((row[1] as Int?) == 1, row[2] as String?)
            }
            return versions
        }
    }
}
