import Dispatch
import Foundation
import GRDB
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
        for f in StoredFeatures(row: row).featureSet { removed[f, default: 0] -= 1 }
    }

    /// Hands `participants[indices]` to the background analysis; `writeAnalysed` or
    /// `finish` stores them.
    func add(_ participants: [Participant], at indices: [Int]) {
        guard !indices.isEmpty else { return }
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
                write.bind(1, participants[i].id)
                write.bind(2, blobs.0)
                write.bind(3, blobs.1)
                write.bind(4, blobs.2)
                write.bind(5, blobs.3)
                write.bind(6, participants[i].vector.map { blob($0.map(Float.init)) })
                try write.execute()
            }
        }
    }

    /// Writes what is left and brings the document frequencies up to date.
    func finish() throws {
        try writeAnalysed()
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

/// The background side of `FeatureWriter`. Its state (feature ids, document counts, one
/// `FeatureAnalysis` per core) is only touched by tasks of its serial queue, one after the other.
final class FeatureAnalyser: @unchecked Sendable {
    let queue = SerialWorker(label: "clustermatch.features")
    private var ids: [String: UInt32]
    private var next: UInt32
    /// Per core: its analysis, and the stored id of each of its local feature ids (0: not yet known).
    private let analyses: [FeatureAnalysis]
    private var storedIDs: [[UInt32]]
    /// Participants added per feature id (index), for document frequencies.
    private(set) var documents: [Int] = []

    init(space: VectorSpace, ids: [String: UInt32], next: UInt32) {
        self.ids = ids
        self.next = next
        analyses = (0..<max(1, ProcessInfoCores.count)).map { _ in FeatureAnalysis(space: space) }
        storedIDs = analyses.map { _ in [] }
    }

    /// Analyses `participants[indices]`, a block per core, then gives the features stored
    /// ids in order (participants, views, features as first added): the ids do not depend
    /// on the number of cores.
    func analyse(_ participants: [Participant], at indices: [Int]) -> AnalysedChunk {
        let n = indices.count
        let workers = max(1, min(analyses.count, n / 256))
        var blocks = [[[FeatureAnalysis.Bag]]](repeating: [], count: workers)
        blocks.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let buffer = out
            nonisolated(unsafe) let analyses = self.analyses  // one per worker, each used by that worker only
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                buffer[w] = indices[n * w / workers ..< n * (w + 1) / workers].map { analyses[w].views(of: participants[$0]) }
            }
        }
        var chunk = AnalysedChunk(blobs: [], newFeatures: [])
        chunk.blobs.reserveCapacity(n)
        var seen: [UInt32] = []  // this participant's feature ids, for document counts
        var entries: [(id: UInt32, weight: Float)] = []
        for (w, block) in blocks.enumerated() {
            for views in block {
                seen.removeAll(keepingCapacity: true)
                var blobs: [Data] = []
                for view in views {
                    entries.removeAll(keepingCapacity: true)
                    for (local, weight) in zip(view.ids, view.weights) {
                        let fid = storedID(Int(local), analysis: w)
                        entries.append((fid, Float(weight)))
                        seen.append(fid)
                    }
                    entries.sort { $0.id < $1.id }
                    blobs.append(encodeSparse(entries))
                }
                seen.sort()
                var previous: UInt32?
                for fid in seen where fid != previous {
                    previous = fid
                    if Int(fid) >= documents.count { documents += repeatElement(0, count: Int(fid) + 1 - documents.count) }
                    documents[Int(fid)] += 1
                }
                chunk.blobs.append((blobs[0], blobs[1], blobs[2], blobs[3]))
            }
        }
        chunk.newFeatures = newFeatures
        newFeatures = []
        return chunk
    }

    private var newFeatures: [(id: UInt32, name: String)] = []

    /// The stored id of analysis `w`'s local feature, given when it is new.
    private func storedID(_ local: Int, analysis w: Int) -> UInt32 {
        if local < storedIDs[w].count, storedIDs[w][local] != 0 { return storedIDs[w][local] }
        let name = analyses[w].names[local]
        let fid: UInt32
        if let known = ids[name] { fid = known } else {
            fid = next
            next += 1
            ids[name] = fid
            newFeatures.append((fid, name))
        }
        if local >= storedIDs[w].count { storedIDs[w] += repeatElement(0, count: local + 1 - storedIDs[w].count) }
        storedIDs[w][local] = fid
        return fid
    }
}

/// Runs closures one after the other on a thread of its own; each result is waited for later.
final class SerialWorker: Sendable {
    private let queue: DispatchQueue

    init(label: String) { queue = DispatchQueue(label: label) }

    func submit<T>(_ work: @escaping @Sendable () -> T) -> Pending<T> {
        let pending = Pending<T>()
        queue.async { pending.fulfil(work()) }
        return pending
    }
}

/// A result another thread will deliver.
final class Pending<T>: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var value: T?  // written once before `ready` is signalled, read after it is waited for

    func fulfil(_ value: T) {
        self.value = value
        ready.signal()
    }

    /// Waits for the result. Call once.
    func wait() -> T {
        ready.wait()
        let result = value!
        value = nil
        return result
    }
}
