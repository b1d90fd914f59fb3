import Foundation
import MatchCore

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
    /// Features named for the first time in the chunk being analysed.
    private var newFeatures: [(id: UInt32, name: String)] = []

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
        let blocks = participants.withUnsafeBufferPointer { input in  // reading from the captured array copied each participant
            nonisolated(unsafe) let people = input  // read only, while this call lasts
            nonisolated(unsafe) let analyses = self.analyses  // one per worker, each used by that worker only
            return concurrentBlocks(n, minimumBlock: 256, maxWorkers: analyses.count) { w, block in
                indices[block].map { (i: Int) -> [FeatureAnalysis.Bag] in analyses[w].views(of: people[i]) }
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
