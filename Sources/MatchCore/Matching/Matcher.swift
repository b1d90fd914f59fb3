internal import CKernels
import Dispatch
import LinearAlgebra

/// Ranks partners over a competence matrix with BLAS.
///
/// Scores are computed in tiles with `cblas_sgemm` and reduced at once into per-row top-k;
/// the N×N score matrix is never held. Parts of the score whose weight is zero are not
/// computed at all. Memory: O(N·d + N·k + tile·N).
public struct Matcher: Sendable {
    public let matrix: CompetenceMatrix
    public var weights: ScoringWeights
    /// Scores below this are never returned.
    public var minimumScore: Float
    /// Which products the all-pairs prefilter uses; tests pin it to check both paths.
    var allPairsKernel: AllPairsKernel = .automatic

    public init(matrix: CompetenceMatrix, weights: ScoringWeights = .brokerage, minimumScore: Float = -.infinity) {
        self.matrix = matrix
        self.weights = weights
        self.minimumScore = minimumScore
    }

    /// The parts of a score for every partner of one or more query rows (a tile).
    struct Parts {
        var similarity: [Float]
        var forward: [Float]
        var backward: [Float]
        var keywords: [Float]
    }

    func tile(_ q: ParticipantVectorsBlock, rows m: Int) -> Parts {
        let n = matrix.count, d = matrix.dimension
        let zero = [Float](repeating: 0, count: m * n)
        var parts = Parts(similarity: zero, forward: zero, backward: zero, keywords: zero)
        func product(_ a: UnsafePointer<Float>, _ b: [Float], into c: inout [Float]) {
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.multiplyTransposed(a, rows: m, pb.baseAddress!, rows: n, depth: d, into: pc.baseAddress!)
                }
            }
        }
        if weights.similarity != 0 { product(q.profile, matrix.profile, into: &parts.similarity) }
        if weights.complementarity != 0 {
            product(q.offers, matrix.needs, into: &parts.forward)
            product(q.needs, matrix.offers, into: &parts.backward)
        }
        if weights.keywords != 0 { product(q.keywords, matrix.keywords, into: &parts.keywords) }
        return parts
    }

    /// Selects the top k of one row of a tile.
    private func select(_ parts: Parts, base: Int, k: Int, excluding exclude: Int?, allow: ((Int) -> Bool)?) -> [ScoredPartner] {
        var top = TopK(k: k)
        for j in 0..<matrix.count where j != exclude && !matrix.isEmptyProfile[j] {
            let score = weights.score(similarity: parts.similarity[base + j], forward: parts.forward[base + j],
                                      backward: parts.backward[base + j], keywords: parts.keywords[base + j])
            guard score >= top.threshold, score >= minimumScore else { continue }
            if let allow, !allow(j) { continue }
            top.offer(ScoredPartner(row: j, score: score, similarity: parts.similarity[base + j],
                                    forward: parts.forward[base + j], backward: parts.backward[base + j]))
        }
        return top.items
    }

    /// The best `k` partners for an ad-hoc query (vectors not necessarily in the matrix).
    ///
    /// A single query is bound by reading the matrix, so it first scores every row from
    /// half-precision copies (half the bytes), keeps every row whose approximate score is
    /// within the proven error margin of the k-th best, and re-ranks those exactly in
    /// float32. The result is the exact float32 top k.
    /// - Parameters:
    ///   - exclude: a row never returned (the query's own row, if it has one).
    ///   - allow: an extra filter on partner rows.
    public func topMatches(for query: ParticipantVectors, k: Int, excluding exclude: Int? = nil,
                           allow: ((Int) -> Bool)? = nil) -> [ScoredPartner] {
        guard matrix.count > 0, k > 0, query.profile.contains(where: { $0 != 0 }) else { return [] }
        let approximate = approximateScores(query)
        // The k-th best approximate score among allowed rows.
        var top = TopK(k: k)
        for j in 0..<matrix.count where j != exclude && !matrix.isEmptyProfile[j] {
            let v = approximate[j]
            guard v >= top.threshold else { continue }
            if let allow, !allow(j) { continue }
            top.offer(ScoredPartner(row: j, score: v, similarity: 0, forward: 0, backward: 0))
        }
        guard !top.items.isEmpty else { return [] }
        let cut = top.items.count < k ? -Float.infinity : top.threshold - Self.halfPrecisionMargin(weights)
        var candidates: [UInt32] = []
        for j in 0..<matrix.count where approximate[j] >= cut && j != exclude && !matrix.isEmptyProfile[j] {
            if let allow, !allow(j) { continue }
            candidates.append(UInt32(j))
        }
        return exactTop(query, candidates: candidates, k: k)
    }

    /// Makes the half-precision copies that this matcher's single queries read, now (a
    /// service does this when it loads an engine, so its first query does not pay for it).
    public func prepareSingleQueries() {
        if weights.similarity != 0 { _ = matrix.halfProfile }
        if weights.complementarity != 0 { _ = (matrix.halfOffers, matrix.halfNeeds) }
        if weights.keywords != 0 { _ = matrix.halfKeywords }
    }

    /// Bound on |approximate − exact| score: each half-precision dot product of unit
    /// vectors is within 2⁻¹¹ (rounding of the stored row) plus float accumulation, taken
    /// here as 1e-3; the harmonic mean at most doubles an error.
    static func halfPrecisionMargin(_ w: ScoringWeights) -> Float {
        1e-3 * (abs(w.similarity) + 2 * abs(w.complementarity) + abs(w.keywords))  // a negative weight adds its error too
    }

    /// Approximate scores of every row from the half-precision copies, both cores busy.
    func approximateScores(_ q: ParticipantVectors) -> [Float] {
        let n = matrix.count, d = matrix.dimension, w = weights
        var s = [Float](), f = [Float](), g = [Float](), kw = [Float]()
        let workers = max(1, min(ProcessInfoCores.count, n / 4096 + 1))
        func dots(_ half: [UInt16], _ v: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: n)
            half.withUnsafeBufferPointer { h in
                v.withUnsafeBufferPointer { qv in
                    out.withUnsafeMutableBufferPointer { o in
                        let H = h.baseAddress!, Q = qv.baseAddress!, O = o.baseAddress!
                        nonisolated(unsafe) let (hp, qp, op) = (H, Q, O)
                        let chunk = (n + workers - 1) / workers
                        DispatchQueue.concurrentPerform(iterations: workers) { c in
                            let lo = c * chunk, hi = min(n, lo + chunk)
                            if lo < hi { cm_dot_half(hp + lo * d, hi - lo, d, qp, op + lo) }
                        }
                    }
                }
            }
            return out
        }
        if w.similarity != 0 { s = dots(matrix.halfProfile, q.profile) }
        if w.complementarity != 0 { f = dots(matrix.halfNeeds, q.offers); g = dots(matrix.halfOffers, q.needs) }
        if w.keywords != 0 { kw = dots(matrix.halfKeywords, q.keywords) }
        var out = [Float](repeating: 0, count: n)
        s.withUnsafeBufferPointer { S in f.withUnsafeBufferPointer { F in g.withUnsafeBufferPointer { G in kw.withUnsafeBufferPointer { K in
            out.withUnsafeMutableBufferPointer { O in
                // Empty arrays may still have a base address: pass nil for the parts not computed.
                cm_combine(1, n, w.similarity != 0 ? S.baseAddress : nil, w.complementarity != 0 ? F.baseAddress : nil,
                           w.complementarity != 0 ? G.baseAddress : nil, w.keywords != 0 ? K.baseAddress : nil,
                           w.similarity, w.complementarity, w.keywords, O.baseAddress!)
            }
        }}}}
        return out
    }

    /// Exact float32 scores of the candidate rows, and their top k.
    func exactTop(_ q: ParticipantVectors, candidates: [UInt32], k: Int) -> [ScoredPartner] {
        let c = candidates.count, d = matrix.dimension, w = weights
        func dots(_ rows: [Float], _ v: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: c)
            rows.withUnsafeBufferPointer { r in v.withUnsafeBufferPointer { qv in candidates.withUnsafeBufferPointer { idx in
                out.withUnsafeMutableBufferPointer { cm_dot_gather(r.baseAddress!, d, idx.baseAddress!, c, qv.baseAddress!, $0.baseAddress!) }
            }}}
            return out
        }
        let zero = [Float](repeating: 0, count: c)
        let s = w.similarity != 0 ? dots(matrix.profile, q.profile) : zero
        let f = w.complementarity != 0 ? dots(matrix.needs, q.offers) : zero
        let g = w.complementarity != 0 ? dots(matrix.offers, q.needs) : zero
        let kw = w.keywords != 0 ? dots(matrix.keywords, q.keywords) : zero
        var top = TopK(k: k)
        for x in 0..<c {
            let score = w.score(similarity: s[x], forward: f[x], backward: g[x], keywords: kw[x])
            guard score >= minimumScore else { continue }
            top.offer(ScoredPartner(row: Int(candidates[x]), score: score, similarity: s[x], forward: f[x], backward: g[x]))
        }
        return top.items
    }

    /// The best `k` partners of a participant in the matrix.
    public func topMatches(forRow row: Int, k: Int, allow: ((Int) -> Bool)? = nil) -> [ScoredPartner] {
        topMatches(for: matrix.vectors(row: row), k: k, excluding: row, allow: allow)
    }

}

/// Pointers to the first row of a block of query vectors, one per view.
struct ParticipantVectorsBlock {
    var profile: UnsafePointer<Float>
    var offers: UnsafePointer<Float>
    var needs: UnsafePointer<Float>
    var keywords: UnsafePointer<Float>
}

extension ParticipantVectors {
    func withBlock<R>(_ body: (ParticipantVectorsBlock) -> R) -> R {
        profile.withUnsafeBufferPointer { p in
            offers.withUnsafeBufferPointer { o in
                needs.withUnsafeBufferPointer { n in
                    keywords.withUnsafeBufferPointer { k in
                        body(ParticipantVectorsBlock(profile: p.baseAddress!, offers: o.baseAddress!, needs: n.baseAddress!, keywords: k.baseAddress!))
                    }
                }
            }
        }
    }
}

extension CompetenceMatrix {
    /// The rows from `start` on, as a block of query vectors.
    func block<R>(from start: Int, _ body: (ParticipantVectorsBlock) -> R) -> R {
        let offset = start * dimension
        return profile.withUnsafeBufferPointer { p in
            offers.withUnsafeBufferPointer { o in
                needs.withUnsafeBufferPointer { n in
                    keywords.withUnsafeBufferPointer { k in
                        body(ParticipantVectorsBlock(profile: p.baseAddress! + offset, offers: o.baseAddress! + offset,
                                                     needs: n.baseAddress! + offset, keywords: k.baseAddress! + offset))
                    }
                }
            }
        }
    }
}

extension Matcher {
    /// Every partner's score for one query, unsorted (index = row). For "what rank would B
    /// have?" questions; O(N) memory, so not for the all-pairs path.
    public func allScores(for query: ParticipantVectors) -> [ScoredPartner] {
        guard matrix.count > 0 else { return [] }
        let parts = query.withBlock { tile($0, rows: 1) }
        return (0..<matrix.count).map { j in
            ScoredPartner(row: j, score: weights.score(similarity: parts.similarity[j], forward: parts.forward[j],
                                                       backward: parts.backward[j], keywords: parts.keywords[j]),
                          similarity: parts.similarity[j], forward: parts.forward[j], backward: parts.backward[j])
        }
    }
}
