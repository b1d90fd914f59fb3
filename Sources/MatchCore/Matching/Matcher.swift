internal import CKernels
import Dispatch
import LinearAlgebra

/// Ranks partners over a competence matrix with BLAS.
///
/// Scores are computed in tiles with `cblas_sgemm` and reduced at once into per-row top-k;
/// the N×N score matrix is never held. Parts of the score whose weight is zero are not
/// computed at all. Memory: O(N·d + N·k + tile·N).
public struct Matcher: Sendable {
    public internal(set) var matrix: CompetenceMatrix
    /// The weights, their measured thresholds resolved on `matrix` (`ScoringWeights.resolvingFloors`).
    public var weights: ScoringWeights { didSet { weights = weights.resolvingFloors(on: matrix) } }
    /// Scores below this are never returned.
    public var minimumScore: Float
    /// Which products the all-pairs prefilter uses; tests pin it to check both paths.
    var allPairsKernel: AllPairsKernel = .automatic
    /// Whether all-pairs over sparse lexical views leaves out the terms too weak to matter
    /// (`cm_sparse_top`); tests turn it off to compare, and so does
    /// `CLUSTERMATCH_ALLPAIRS_PRUNE=off` for benchmarks. The lists are the same either way.
    var prunesWeakTerms = AllPairsKernelInfo.prunesWeakTerms
    /// How many postings the pruned path's first pass reads (nil: its default); tests make it
    /// small so that small landscapes reach the later passes.
    var strongTermPostings: Int? = nil
    /// How many partners the pruned path gathers at a time (nil: its default); tests make it
    /// small so that small landscapes span several blocks.
    var gatheringBlock: Int? = nil

    public init(matrix: CompetenceMatrix, weights: ScoringWeights = .brokerage, minimumScore: Float = -.infinity) {
        self.matrix = matrix
        self.weights = weights.resolvingFloors(on: matrix)
        self.minimumScore = minimumScore
    }

    /// Sparse per-pair components (history, preferences …), matched to the weights' pair-term
    /// components by name; a pair term without a weight is not computed.
    public var pairTerms: [PairTerm] = []

    /// The score resolved against this matrix.
    var plan: ScorePlan { ScorePlan(weights: weights, matrix: matrix, pairTerms: pairTerms) }

    /// The plan for a query: exact sparse lexical products when both the matrix and the
    /// query have sparse views, else the dense ones (a cluster's summed vector, say).
    func plan(for query: ParticipantVectors) -> ScorePlan {
        ScorePlan(weights: weights, matrix: matrix, pairTerms: pairTerms, sparse: query.lexical != nil)
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
        topMatches(for: query, row: nil, k: k, excluding: exclude, allow: allow)
    }

    /// The single-query path; `row` is the query's own row, when it has one (pair terms
    /// need it).
    /// - Parameter stated: what an ad-hoc query states (`QuerySides`); nil: both sides, the harmonic mean.
    public func topMatches(for query: ParticipantVectors, row: Int?, k: Int, excluding exclude: Int?,
                    allow: ((Int) -> Bool)?, stated: QuerySides? = nil) -> [ScoredPartner] {
        // A query of needs alone has no profile, and is still a question: who offers them.
        guard matrix.count > 0, k > 0, query.hasCompetence || (row == nil && stated?.needs == true) else { return [] }
        let plan = self.plan(for: query)
        let approximate = approximateScores(query, row: row, plan: plan, stated: stated)
        // The k-th best approximate score among allowed rows.
        var top = TopK(k: k)
        for j in 0..<matrix.count where j != exclude && !matrix.isEmptyProfile[j] {
            let v = approximate[j]
            guard v >= top.threshold else { continue }
            if let allow, !allow(j) { continue }
            top.offer(ScoredPartner(row: j, score: v, similarity: 0, forward: 0, backward: 0))
        }
        guard !top.items.isEmpty else { return [] }
        // A true top-k partner's approximate score is at least the exact k-th best minus one
        // margin, which is at least the approximate k-th best minus another.
        let cut = top.items.count < k ? -Float.infinity : top.threshold - 2 * Self.halfPrecisionMargin(plan)
        var candidates: [UInt32] = []
        for j in 0..<matrix.count where approximate[j] >= cut && j != exclude && !matrix.isEmptyProfile[j] {
            if let allow, !allow(j) { continue }
            candidates.append(UInt32(j))
        }
        // Partners a pair term's support may lift above what the approximate scores assumed.
        if let row, plan.hasSupports {
            let listed = Set(candidates)
            for j in plan.supportedPartners(row) where j != exclude && !matrix.isEmptyProfile[j] && !listed.contains(UInt32(j)) {
                if let allow, !allow(j) { continue }
                candidates.append(UInt32(j))
            }
        }
        return exactTop(query, row: row, candidates: candidates, k: k, plan: plan, stated: stated)
    }

    /// Makes the half-precision copies that this matcher's single queries read, now (a
    /// service does this when it loads an engine, so its first query does not pay for it).
    public func prepareSingleQueries() {
        for product in plan.products where !product.sparse { matrix.withHalf(product.columns) { _ in } }
    }

    /// Bound on |approximate − exact| score: each half-precision dot product of unit
    /// vectors is within 2⁻¹¹ (rounding of the stored row) plus float accumulation, taken
    /// here as 1e-3; the harmonic mean at most doubles an error, a threshold t multiplies it
    /// by 1/(1 − t) (`ScorePlan.slope`); the pair terms add what
    /// the approximate score cannot know of them. A sparse product's approximate value is
    /// its exact value (the same sums in the same order); 1e-6 covers combining in C.
    static func halfPrecisionMargin(_ plan: ScorePlan) -> Float {
        var margin: Float = 0
        // A negative weight adds its error too.
        for c in plan.components {
            let sparse = plan.products.indices.contains(Int(c.first)) && plan.products[Int(c.first)].sparse
            margin += (sparse ? 1e-6 : 1e-3) * ScorePlan.slope(c) * abs(c.weight)
        }
        return margin + plan.termsHalfRange
    }

    /// Approximate scores of every row from the half-precision copies, both cores busy.
    func approximateScores(_ q: ParticipantVectors, row: Int?, plan: ScorePlan, stated: QuerySides? = nil) -> [Float] {
        let n = matrix.count
        func dots(_ view: VectorView, _ v: [Float], _ d: Int) -> [Float] {
            var out = [Float](repeating: 0, count: n)
            matrix.withHalf(view) { h in
                v.withUnsafeBufferPointer { qv in
                    out.withUnsafeMutableBufferPointer { o in
                        nonisolated(unsafe) let (hp, qp, op) = (h.baseAddress!, qv.baseAddress!, o.baseAddress!)
                        // Another core from 4,096 rows on (each block writes its own rows).
                        _ = concurrentBlocks(n, minimumBlock: 2048) { rows in
                            if !rows.isEmpty { cm_dot_half(hp + rows.lowerBound * d, rows.count, d, qp, op + rows.lowerBound) }
                        }
                    }
                }
            }
            return out
        }
        let products = plan.products.map { p -> [Float] in
            if p.sparse { return sparseProducts(q, p) }
            let d = matrix.views.dimension(of: p.columns)
            return dots(p.columns, matrix.queryVector(q, p.rows), d)
        }
        var out = [Float](repeating: 0, count: n)
        withPointers(products) { pointers in
            out.withUnsafeMutableBufferPointer { o in
                let query = plan.forQuery(row: row, stated: stated, matrix: matrix)
                cm_combine(1, n, pointers, query.components, Int32(query.components.count), query.termsOffset, 0, 0, o.baseAddress!)
            }
        }
        return out
    }

    /// The exact sparse product of a query with every row (`count`), from the postings of the
    /// partners' view: rows sharing no term get 0.
    static func scatter(_ q: SparseVector, _ postings: LexicalIndex.Compressed, terms: Int, count: Int, into out: UnsafeMutablePointer<Float>) {
        // Terms the matrix has no postings for match nobody (ids ascend: a prefix).
        var known = q.terms.count
        while known > 0 && Int(q.terms[known - 1]) >= terms { known -= 1 }
        guard known > 0 else { return }
        var mark = [UInt8](repeating: 0, count: count)
        var touched = [UInt32](repeating: 0, count: count)
        q.terms.withUnsafeBufferPointer { qt in q.weights.withUnsafeBufferPointer { qw in
            _ = cm_sparse_scatter(qt.baseAddress, qw.baseAddress, known, postings.sparse, out, &mark, &touched, 0)
        }}
    }

    /// One sparse product of a query with every row of the matrix.
    func sparseProducts(_ q: ParticipantVectors, _ p: ScorePlan.Product) -> [Float] {
        var out = [Float](repeating: 0, count: matrix.count)
        out.withUnsafeMutableBufferPointer {
            Self.scatter(q.lexical![p.rows]!, matrix.lexical!.view(p.columns)!.postings, terms: matrix.lexical!.termCount,
                         count: matrix.count, into: $0.baseAddress!)
        }
        return out
    }

    /// One query's products with `count` partners each: `fill(partner rows, dimension,
    /// query vector, out)` computes one product from the partners' view.
    /// Sparse products are computed exactly by `sparse(query terms, partners' view, out)` instead.
    func queryProducts(_ q: ParticipantVectors, plan: ScorePlan, count: Int,
                       sparse: (SparseVector, LexicalIndex.View, UnsafeMutablePointer<Float>) -> Void,
                       _ fill: (UnsafePointer<Float>, Int, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [[Float]] {
        plan.products.map { p -> [Float] in
            if p.sparse {
                var out = [Float](repeating: 0, count: count)
                if count > 0 { out.withUnsafeMutableBufferPointer { sparse(q.lexical![p.rows]!, matrix.lexical!.view(p.columns)!, $0.baseAddress!) } }
                return out
            }
            let d = matrix.views.dimension(of: p.columns)
            let v = matrix.queryVector(q, p.rows)
            var out = [Float](repeating: 0, count: count)
            matrix.views.withValues(p.columns) { rows in v.withUnsafeBufferPointer { qv in out.withUnsafeMutableBufferPointer { o in
                if count > 0 && d > 0 { fill(rows.baseAddress!, d, qv.baseAddress!, o.baseAddress!) }
            }}}
            return out
        }
    }

    /// Exact float32 scores of the candidate rows, and their top k.
    func exactTop(_ q: ParticipantVectors, row: Int?, candidates: [UInt32], k: Int, plan: ScorePlan, stated: QuerySides? = nil) -> [ScoredPartner] {
        let c = candidates.count
        let products = queryProducts(q, plan: plan, count: c, sparse: { query, view, out in
            let rows = view.rows
            query.terms.withUnsafeBufferPointer { qt in query.weights.withUnsafeBufferPointer { qw in
                for x in 0..<c {
                    let range = rows.range(Int(candidates[x]))
                    out[x] = cm_sparse_dot(qt.baseAddress, qw.baseAddress, qt.count, rows.index.baseAddress! + range.lowerBound,
                                           rows.value.baseAddress! + range.lowerBound, range.count)
                }
            }}
        }) { rows, d, query, out in
            candidates.withUnsafeBufferPointer { cm_dot_gather(rows, d, $0.baseAddress!, c, query, out) }
        }
        var top = TopK(k: k)
        let query = plan.forQuery(row: row, stated: stated, matrix: matrix)
        for x in 0..<c {
            let j = Int(candidates[x])
            var score = query.combine({ products[$0][x] }, 0, j)
            if let row, !plan.terms.isEmpty { score = score + plan.terms(row, j, content: score) }
            guard score >= minimumScore else { continue }
            top.offer(plan.partner(row: j, score: score) { products[$0][x] })
        }
        return top.items
    }

    /// The best `k` partners of a participant in the matrix.
    public func topMatches(forRow row: Int, k: Int, allow: ((Int) -> Bool)? = nil) -> [ScoredPartner] {
        topMatches(for: matrix.vectors(row: row), row: row, k: k, excluding: row, allow: allow)
    }

}

/// Calls `body` with the base addresses of the arrays (as C's `const float *const *`).
func withPointers<R>(_ arrays: [[Float]], _ body: (UnsafePointer<UnsafePointer<Float>?>) -> R) -> R {
    func nest(_ index: Int, _ acc: [UnsafePointer<Float>?]) -> R {
        if index == arrays.count {
            var list = acc + [nil]  // never empty
            return list.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
        }
        return arrays[index].withUnsafeBufferPointer { nest(index + 1, acc + [$0.baseAddress]) }
    }
    return nest(0, [])
}

extension Matcher {
    /// Every partner's score for one query, unsorted (index = row). For "what rank would B
    /// have?" questions; O(N) memory, so not for the all-pairs path.
    public func allScores(for query: ParticipantVectors) -> [ScoredPartner] {
        allScores(for: query, row: nil)
    }

    /// Whether some pair term has a weight in this matcher's score (then `allScores` with and
    /// without pair terms differ).
    public var weighsPairTerms: Bool { !plan.terms.isEmpty }

    /// Every partner's score for a row of the matrix, pair terms included unless
    /// `pairTerms` is false (the components' score alone, which gated terms read).
    public func allScores(forRow row: Int, pairTerms: Bool = true) -> [ScoredPartner] {
        allScores(for: matrix.vectors(row: row), row: pairTerms ? row : nil, sides: row)
    }

    func allScores(for query: ParticipantVectors, row: Int?) -> [ScoredPartner] {
        allScores(for: query, row: row, sides: row)
    }

    /// - Parameters: row: the row whose pair terms are added (nil: none); sides: the row
    ///   whose offer/need sides the query keeps (nil: an ad-hoc query has both).
    func allScores(for query: ParticipantVectors, row: Int?, sides: Int?) -> [ScoredPartner] {
        let n = matrix.count
        guard n > 0 else { return [] }
        let plan = self.plan(for: query)
        let products = queryProducts(query, plan: plan, count: n, sparse: { q, view, out in
            Self.scatter(q, view.postings, terms: matrix.lexical!.termCount, count: n, into: out)
        }) { rows, d, q, out in
            BLAS.multiplyTransposed(q, rows: 1, rows, rows: n, depth: d, into: out)
        }
        let query = plan.forQuery(row: sides)
        return (0..<n).map { j in
            var score = query.combine({ products[$0][j] }, 0, j)
            if let row, !plan.terms.isEmpty { score = score + plan.terms(row, j, content: score) }
            return plan.partner(row: j, score: score) { products[$0][j] }
        }
    }

    /// Each component's value and weight for a pair of rows, for explanations.
    public func scoreParts(row i: Int, partner j: Int) -> [ScorePart] {
        let plan = self.plan
        let a = matrix.vectors(row: i)
        let values = plan.products.map { p -> Float in
            if p.sparse {
                let x = a.lexical![p.rows]!, rows = matrix.lexical!.view(p.columns)!.rows, range = rows.range(j)
                return x.terms.withUnsafeBufferPointer { xt in x.weights.withUnsafeBufferPointer { xw in
                    cm_sparse_dot(xt.baseAddress, xw.baseAddress, xt.count, rows.index.baseAddress! + range.lowerBound,
                                  rows.value.baseAddress! + range.lowerBound, range.count)
                }}
            }
            let d = matrix.views.dimension(of: p.columns)
            let x = matrix.queryVector(a, p.rows)
            return matrix.views.withValues(p.columns) { b in x.withUnsafeBufferPointer { cm_dot($0.baseAddress!, b.baseAddress! + j * d, d) } }
        }
        return plan.parts({ values[$0] }, terms: i, j)
    }
}
