/// Ranks partners over a competence matrix with BLAS.
///
/// Scores are computed in tiles with `cblas_sgemm` and reduced at once into per-row top-k;
/// the N×N score matrix is never held. Memory: O(N·d + N·k + tile·N).
public struct Matcher: Sendable {
    public let matrix: CompetenceMatrix
    public var weights: ScoringWeights

    public init(matrix: CompetenceMatrix, weights: ScoringWeights = .brokerage) {
        self.matrix = matrix
        self.weights = weights
    }

    /// The best `k` partners for an ad-hoc query (vectors not necessarily in the matrix).
    /// - Parameters:
    ///   - exclude: a row never returned (the query's own row, if it has one).
    ///   - allow: an extra filter on partner rows.
    public func topMatches(for query: ParticipantVectors, k: Int, excluding exclude: Int? = nil,
                           allow: ((Int) -> Bool)? = nil) -> [ScoredPartner] {
        let n = matrix.count, d = matrix.dimension
        guard n > 0, k > 0, query.profile.contains(where: { $0 != 0 }) else { return [] }
        // Stack the three query vectors against the three matrices: one sgemm each.
        let sims = BLAS.multiplyTransposed(query.profile, rows: 1, matrix.profile, rows: n, depth: d)
        let forward = BLAS.multiplyTransposed(query.offers, rows: 1, matrix.needs, rows: n, depth: d)
        let backward = BLAS.multiplyTransposed(query.needs, rows: 1, matrix.offers, rows: n, depth: d)
        var top = TopK(k: k)
        for j in 0..<n where j != exclude && !matrix.isEmptyProfile[j] {
            let score = weights.score(similarity: sims[j], forward: forward[j], backward: backward[j])
            guard score >= top.threshold else { continue }
            if let allow, !allow(j) { continue }
            top.offer(ScoredPartner(row: j, score: score, similarity: sims[j], forward: forward[j], backward: backward[j]))
        }
        return top.items
    }

    /// The best `k` partners of a participant in the matrix.
    public func topMatches(forRow row: Int, k: Int, allow: ((Int) -> Bool)? = nil) -> [ScoredPartner] {
        topMatches(for: matrix.vectors(row: row), k: k, excluding: row, allow: allow)
    }

    /// Every participant's best `k` partners, computed tile by tile.
    /// - Parameters:
    ///   - tileRows: rows per tile; the working memory is 3·tileRows·N floats.
    ///   - allow: an extra filter on (row, partner row) pairs.
    ///   - progress: called after each tile with the number of rows done.
    public func allTopMatches(k: Int, tileRows: Int = 256, allow: ((Int, Int) -> Bool)? = nil,
                              progress: ((Int) -> Void)? = nil) -> [[ScoredPartner]] {
        let n = matrix.count, d = matrix.dimension
        var result = [[ScoredPartner]](repeating: [], count: n)
        guard n > 0, k > 0 else { return result }
        let tile = max(1, min(tileRows, n))
        var sims = [Float](repeating: 0, count: tile * n)
        var forward = sims, backward = sims
        var start = 0
        while start < n {
            let rows = min(tile, n - start)
            matrix.profile.withUnsafeBufferPointer { p in
                matrix.offers.withUnsafeBufferPointer { o in
                    matrix.needs.withUnsafeBufferPointer { nd in
                        sims.withUnsafeMutableBufferPointer { s in
                            BLAS.multiplyTransposed(p.baseAddress! + start * d, rows: rows, p.baseAddress!, rows: n, depth: d, into: s.baseAddress!)
                        }
                        forward.withUnsafeMutableBufferPointer { f in
                            BLAS.multiplyTransposed(o.baseAddress! + start * d, rows: rows, nd.baseAddress!, rows: n, depth: d, into: f.baseAddress!)
                        }
                        backward.withUnsafeMutableBufferPointer { b in
                            BLAS.multiplyTransposed(nd.baseAddress! + start * d, rows: rows, o.baseAddress!, rows: n, depth: d, into: b.baseAddress!)
                        }
                    }
                }
            }
            for r in 0..<rows {
                let i = start + r
                if matrix.isEmptyProfile[i] { continue }
                var top = TopK(k: k)
                let base = r * n
                for j in 0..<n where j != i && !matrix.isEmptyProfile[j] {
                    let score = weights.score(similarity: sims[base + j], forward: forward[base + j], backward: backward[base + j])
                    guard score >= top.threshold else { continue }
                    if let allow, !allow(i, j) { continue }
                    top.offer(ScoredPartner(row: j, score: score, similarity: sims[base + j],
                                            forward: forward[base + j], backward: backward[base + j]))
                }
                result[i] = top.items
            }
            start += rows
            progress?(start)
        }
        return result
    }
}
