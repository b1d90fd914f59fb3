/// One scored partner.
public struct ScoredPartner: Sendable, Hashable {
    /// Row of the partner in the competence matrix.
    public var row: Int
    public var score: Float
    /// Competence cosine similarity.
    public var similarity: Float
    /// s(query → partner): the query's offers against the partner's needs.
    public var forward: Float
    /// s(partner → query): the partner's offers against the query's needs.
    public var backward: Float

    /// Ranking order: higher score first, then lower row (= smaller id).
    @inline(__always)
    public func ranksBefore(_ other: ScoredPartner) -> Bool {
        score != other.score ? score > other.score : row < other.row
    }
}

/// Keeps the best `k` partners seen so far. A threshold check rejects most candidates
/// before any insertion work; the kept list is small, so insertion is a short shift.
package struct TopK: Sendable {
    package let k: Int
    package private(set) var items: [ScoredPartner] = []

    package init(k: Int) {
        self.k = max(0, k)
        items.reserveCapacity(self.k + 1)
    }

    /// The score a candidate must reach to be considered once the list is full.
    @inline(__always)
    package var threshold: Float { items.count < k ? -.infinity : items[items.count - 1].score }

    @inline(__always)
    package mutating func offer(_ candidate: ScoredPartner) {
        guard k > 0 else { return }
        if items.count == k {
            guard candidate.ranksBefore(items[k - 1]) else { return }
            items.removeLast()
        }
        var i = items.count
        items.append(candidate)
        while i > 0 && candidate.ranksBefore(items[i - 1]) {
            items[i] = items[i - 1]
            i -= 1
        }
        items[i] = candidate
    }
}
