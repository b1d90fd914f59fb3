import Foundation
internal import GRDB
import MatchCore

/// One participant's semantic views, as stored.
package struct StoredSemanticViews: Sendable {
    package var offers: [Float]
    package var needs: [Float]
    package var profile: [Float]

    package init(offers: [Float], needs: [Float], profile: [Float]) {
        self.offers = offers
        self.needs = needs
        self.profile = profile
    }
}

extension MatchStore {
    /// Participants that have no semantic views under `model` (new, changed since, or made
    /// under another model), with their stored documents, in id order; only among `ids` when given.
    package func participantsLackingSemanticViews(model: String, among ids: [String]? = nil) throws -> [(participant: Participant, document: String)] {
        try writer.read { db in
            guard let ids else {
                return try String.fetchAll(db, sql: """
                    SELECT p.document FROM participant p LEFT JOIN semantic_view s ON s.participant_id = p.id AND s.model = ?
                    WHERE s.participant_id IS NULL ORDER BY p.id
                    """, arguments: [model]).map { (try Self.decodeStored($0), $0) }
            }
            let one = try db.cachedStatement(sql: """
                SELECT p.document FROM participant p LEFT JOIN semantic_view s ON s.participant_id = p.id AND s.model = ?
                WHERE p.id = ? AND s.participant_id IS NULL
                """)
            return try Set(ids).sorted().compactMap { id in
                try String.fetchOne(one, arguments: [model, id]).map { (try Self.decodeStored($0, id: id), $0) }
            }
        }
    }

    /// How many participants there are, and how many have semantic views under `model`.
    package func semanticViewCount(model: String) throws -> (participants: Int, withViews: Int) {
        try writer.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM participant") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM semantic_view WHERE model = ?", arguments: [model]) ?? 0)
        }
    }

    /// Stores participants' semantic views under `model` with the hashes of the texts they
    /// were made from, in one transaction. A participant whose document is no longer
    /// `document` (changed meanwhile) is skipped: its views are made again later.
    package func storeSemanticViews(model: String, _ entries: [(id: String, document: String, views: StoredSemanticViews, textHashes: [Data])]) throws {
        guard !entries.isEmpty else { return }
        try writer.write { db in
            let current = try db.cachedStatement(sql: "SELECT document FROM participant WHERE id = ?")
            let view = try db.cachedStatement(sql: "INSERT OR REPLACE INTO semantic_view (participant_id, model, offers, needs, profile) VALUES (?, ?, ?, ?, ?)")
            let clear = try db.cachedStatement(sql: "DELETE FROM semantic_text WHERE participant_id = ?")
            let text = try db.cachedStatement(sql: "INSERT OR IGNORE INTO semantic_text (participant_id, text_sha256) VALUES (?, ?)")
            for e in entries {
                guard try String.fetchOne(current, arguments: [e.id]) == e.document else { continue }
                try view.execute(arguments: [e.id, model, blob(e.views.offers), blob(e.views.needs), blob(e.views.profile)])
                try clear.execute(arguments: [e.id])
                for h in e.textHashes { try text.execute(arguments: [e.id, h]) }
            }
        }
    }

    /// The semantic views under `model` of the participants `ids`, by id (participants without are absent).
    package func semanticViews(model: String, ids: [String]) throws -> [String: StoredSemanticViews] {
        try writer.read { db in
            var result: [String: StoredSemanticViews] = [:]
            let one = try db.cachedStatement(sql: "SELECT offers, needs, profile FROM semantic_view WHERE model = ? AND participant_id = ?")
            for id in ids {
                if let row = try Row.fetchOne(one, arguments: [model, id]) {
                    result[id] = StoredSemanticViews(offers: floats(row[0]), needs: floats(row[1]), profile: floats(row[2]))
                }
            }
            return result
        }
    }

    /// Every participant's semantic views with their model, when every participant has them
    /// under one model (what making them for matching on meaning leaves); else nil.
    package func completeSemanticViews() throws -> (model: String, views: [String: StoredSemanticViews])? {
        let models = try writer.read { db in
            (try String.fetchAll(db, sql: "SELECT DISTINCT model FROM semantic_view LIMIT 2"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM participant") ?? 0)
        }
        guard models.0.count == 1, let model = models.0.first else { return nil }
        let views = try semanticViews(model: model)
        return views.count == models.1 ? (model, views) : nil
    }

    /// Every participant's semantic views under `model`, by id (participants without are absent).
    package func semanticViews(model: String) throws -> [String: StoredSemanticViews] {
        try writer.read { db in
            var result: [String: StoredSemanticViews] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT participant_id, offers, needs, profile FROM semantic_view WHERE model = ?", arguments: [model])
            while let row = try rows.next() {
                result[row[0]] = StoredSemanticViews(offers: floats(row[1]), needs: floats(row[2]), profile: floats(row[3]))
            }
            return result
        }
    }
}
