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
    /// - Parameters:
    ///   - exclude: a row never returned (the query's own row, if it has one).
    ///   - allow: an extra filter on partner rows, asked only for candidates good enough to keep.
    public func topMatches(for query: ParticipantVectors, k: Int, excluding exclude: Int? = nil,
                           allow: ((Int) -> Bool)? = nil) -> [ScoredPartner] {
        guard matrix.count > 0, k > 0, query.profile.contains(where: { $0 != 0 }) else { return [] }
        let parts = query.withBlock { tile($0, rows: 1) }
        return select(parts, base: 0, k: k, excluding: exclude, allow: allow)
    }

    /// The best `k` partners of a participant in the matrix.
    public func topMatches(forRow row: Int, k: Int, allow: ((Int) -> Bool)? = nil) -> [ScoredPartner] {
        topMatches(for: matrix.vectors(row: row), k: k, excluding: row, allow: allow)
    }

    /// The score of one pair and its parts, as a single query would compute it.
    public func score(row i: Int, partner j: Int) -> ScoredPartner {
        let parts = matrix.vectors(row: i).withBlock { tile($0, rows: 1) }
        return ScoredPartner(row: j, score: weights.score(similarity: parts.similarity[j], forward: parts.forward[j],
                                                          backward: parts.backward[j], keywords: parts.keywords[j]),
                             similarity: parts.similarity[j], forward: parts.forward[j], backward: parts.backward[j])
    }

    /// Every participant's best `k` partners, computed tile by tile.
    /// - Parameters:
    ///   - tileRows: rows per tile; the working memory is about 4·tileRows·N floats.
    ///   - allow: an extra filter on (row, partner row) pairs.
    ///   - progress: called after each tile with the number of rows done.
    public func allTopMatches(k: Int, tileRows: Int = 256, allow: ((Int, Int) -> Bool)? = nil,
                              progress: ((Int) -> Void)? = nil) -> [[ScoredPartner]] {
        let n = matrix.count, d = matrix.dimension
        var result = [[ScoredPartner]](repeating: [], count: n)
        guard n > 0, k > 0 else { return result }
        let tileSize = max(1, min(tileRows, n))
        var start = 0
        while start < n {
            let rows = min(tileSize, n - start)
            let parts = matrix.block(from: start) { tile($0, rows: rows) }
            for r in 0..<rows where !matrix.isEmptyProfile[start + r] {
                let i = start + r
                result[i] = select(parts, base: r * n, k: k, excluding: i, allow: allow.map { f in { f(i, $0) } })
            }
            start += rows
            progress?(start)
        }
        return result
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
