import Dispatch
import Foundation
internal import GRDB
import MatchCore

/// Stores participants' sparse features and keeps document frequencies current, while the
/// next participants are analysed on another thread.
///
/// Used on the database's thread, inside one write transaction:
/// 1. `forget` each participant whose stored features are about to be replaced or removed;
/// 2. `add` changed participants, a chunk at a time: they are analysed in the background
///    (text analysis, feature ids, encoding), in the order they were added;
/// 3. `writeAnalysed` writes the chunks that are ready while the caller goes on with its
///    own statements, and `finish` writes the rest and the document frequencies.
///
/// Feature ids are assigned in the order participants were added, whatever the number of
/// cores, so the same inputs give the same database. Each view's features are stored in id order.
final class FeatureWriter {
    private let db: Database
    private let analyser: FeatureAnalyser
    /// Chunks handed to the analyser and not yet written, oldest first.
    private var pending: [(participants: [Participant], indices: [Int], result: Pending<AnalysedChunk>)] = []
    /// True once a participant was added or forgotten.
    private var changed = false
    /// Document-frequency changes of forgotten features, by feature id.
    private var removed: [UInt32: Int] = [:]
    private let selectOld: GRDB.Statement
    private let newFeature: GRDB.Statement
    private let write: RawStatement

    init(_ db: Database) throws {
        self.db = db
        let space = VectorSpace(configuration: VectorSpaceConfiguration(dimension: try MatchStore.dimension(db)),
                                taxonomy: try MatchStore.taxonomy(db))
        var ids: [String: UInt32] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name FROM feature") { ids[row[1]] = UInt32(row[0] as Int64) }
        let next = UInt32((try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM feature") ?? 0) + 1)
        analyser = FeatureAnalyser(space: space, ids: ids, next: next)
        selectOld = try db.cachedStatement(sql: "SELECT profile, offers, needs, keywords FROM vector WHERE participant_id = ?")
        newFeature = try db.cachedStatement(sql: "INSERT INTO feature(id, name, documents) VALUES (?, ?, 0)")
        write = try RawStatement(db, sql: """
            INSERT INTO vector(participant_id, profile, offers, needs, keywords, embedding) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(participant_id) DO UPDATE SET profile = excluded.profile, offers = excluded.offers,
                needs = excluded.needs, keywords = excluded.keywords, embedding = excluded.embedding
            """)
    }

    /// Takes a participant's stored features out of the document frequencies (before its
    /// vector row is replaced or deleted). A participant without stored features is ignored.
    func forget(_ id: String) throws {
        guard let row = try Row.fetchOne(selectOld, arguments: [id]) else { return }
        changed = true
        for f in StoredFeatures(row: row).featureSet { removed[f, default: 0] -= 1 }
    }

    /// Hands `participants[indices]` to the background analysis; `writeAnalysed` or
    /// `finish` stores them.
    func add(_ participants: [Participant], at indices: [Int]) {
        guard !indices.isEmpty else { return }
        changed = true
        let analyser = self.analyser
        pending.append((participants, indices, analyser.queue.submit { analyser.analyse(participants, at: indices) }))
    }

    /// Writes analysed chunks, oldest first, until at most `keeping` are left waiting
    /// (waiting for the analysis of those it writes).
    func writeAnalysed(keeping: Int = 0) throws {
        while pending.count > keeping {
            let (participants, indices, result) = pending.removeFirst()
            let chunk = result.wait()
            for (id, name) in chunk.newFeatures { try newFeature.execute(arguments: [Int64(id), name]) }
            for (i, blobs) in zip(indices, chunk.blobs) {
                try write.bind(1, participants[i].id)
                try write.bind(2, blobs.0)
                try write.bind(3, blobs.1)
                try write.bind(4, blobs.2)
                try write.bind(5, blobs.3)
                try write.bind(6, participants[i].vector.map { blob($0.map(Float.init)) })
                try write.execute()
            }
        }
    }

    /// Writes what is left and brings the document frequencies up to date. Writes nothing
    /// when nothing was added or forgotten.
    func finish() throws {
        try writeAnalysed()
        guard changed else { return }
        var delta = removed
        let added = analyser.queue.submit { [analyser] in analyser.documents }.wait()
        for (i, n) in added.enumerated() where n != 0 {
            delta[UInt32(i), default: 0] += n
        }
        let adjust = try db.cachedStatement(sql: "UPDATE feature SET documents = documents + ? WHERE id = ?")
        for (fid, change) in delta.sorted(by: { $0.key < $1.key }) where change != 0 {
            try adjust.execute(arguments: [change, Int64(fid)])
        }
        try db.execute(sql: "DELETE FROM feature WHERE documents <= 0")
    }
}

/// One chunk's analysis: the four encoded views per participant, and the features it named first.
struct AnalysedChunk: Sendable {
    var blobs: [(Data, Data, Data, Data)]
    var newFeatures: [(id: UInt32, name: String)]
}
