import MatchCore
import MatchStore

/// A loaded, ready-to-query matching state: the matrix, the vector space and the weights.
public struct MatchEngine: Sendable {
    public let matcher: Matcher
    public let space: VectorSpace

    /// Builds the matrix from a snapshot. When participants bring their own vectors, the
    /// competence part of each row is the profile vector and the user's vector side by side,
    /// weighted by `embeddingWeight` and normalised again; participants without one get
    /// zeros there. Offers and needs are padded to the same width.
    public init(snapshot: MatchingSnapshot, weights: ScoringWeights, embeddingWeight: Float = 0.5) {
        let d = snapshot.space.configuration.dimension
        let e = snapshot.rows.lazy.compactMap { $0.embedding?.count }.first ?? 0
        let rows: [(id: String, vectors: ParticipantVectors)]
        if e == 0 {
            rows = snapshot.rows.map { ($0.id, $0.vectors) }
        } else {
            let a = (1 - embeddingWeight).squareRoot(), b = embeddingWeight.squareRoot()
            let pad = [Float](repeating: 0, count: e)
            rows = snapshot.rows.map { row in
                var profile = row.vectors.profile.map { $0 * a }
                if let u = row.embedding, u.count == e {
                    let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    profile += norm > 0 ? u.map { $0 / norm * b } : pad
                } else {
                    profile += pad
                }
                let norm = profile.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm > 0 { profile = profile.map { $0 / norm } }
                return (row.id, ParticipantVectors(profile: profile, offers: row.vectors.offers + pad, needs: row.vectors.needs + pad))
            }
        }
        matcher = Matcher(matrix: CompetenceMatrix(dimension: d + e, rows: rows), weights: weights)
        space = snapshot.space
    }
}
