import MatchCore
import MatchStore

/// A loaded, ready-to-query matching state: the matrix, the vector space, the scoring
/// profile and what its rules need to know about each participant.
public struct MatchEngine: Sendable {
    public let matcher: Matcher
    public let space: VectorSpace
    public let profile: ScoringProfile
    /// Aligned with the matrix rows.
    public let directory: ParticipantDirectory

    /// Builds the matrix from a snapshot.
    ///
    /// When participants bring their own vectors, the competence part of each row holding
    /// one is the profile vector and the user's vector side by side, weighted by the
    /// profile's `embeddingWeight` and normalised again; rows without one keep their
    /// profile vector. Offers, needs and keywords are padded to the same width.
    public init(snapshot: MatchingSnapshot, profile: ScoringProfile) {
        let d = snapshot.space.configuration.dimension
        let e = snapshot.rows.lazy.compactMap { $0.embedding?.count }.first ?? 0
        let rows: [(id: String, vectors: ParticipantVectors)]
        if e == 0 {
            rows = snapshot.rows.map { ($0.id, $0.vectors) }
        } else {
            let w = profile.embeddingWeight
            let a = (1 - w).squareRoot(), b = w.squareRoot()
            let pad = [Float](repeating: 0, count: e)
            rows = snapshot.rows.map { row in
                var competence: [Float]
                if let u = row.embedding, u.count == e, u.contains(where: { $0 != 0 }) {
                    let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    competence = row.vectors.profile.map { $0 * a } + u.map { $0 / norm * b }
                    let total = competence.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    competence = competence.map { $0 / total }
                } else {
                    competence = row.vectors.profile + pad
                }
                return (row.id, ParticipantVectors(profile: competence, offers: row.vectors.offers + pad,
                                                   needs: row.vectors.needs + pad, keywords: row.vectors.keywords + pad))
            }
        }
        let matrix = CompetenceMatrix(dimension: d + e, rows: rows)
        matcher = Matcher(matrix: matrix, weights: profile.weights, minimumScore: profile.rules.minimumScore)
        space = snapshot.space
        self.profile = profile
        directory = ParticipantDirectory(entries: matrix.ids.map {
            snapshot.directory[$0] ?? .init(kind: .other, country: "", organisation: nil, employees: nil, clusters: [], optOut: false)
        })
    }

    /// Pads an ad-hoc query's vectors to the matrix width.
    func padded(_ v: ParticipantVectors) -> ParticipantVectors {
        let extra = matcher.matrix.dimension - v.profile.count
        guard extra > 0 else { return v }
        let pad = [Float](repeating: 0, count: extra)
        return ParticipantVectors(profile: v.profile + pad, offers: v.offers + pad, needs: v.needs + pad, keywords: v.keywords + pad)
    }
}

extension MatchEngine {
    /// The same engine over a subset of its participants (an event's registrations), so
    /// that all-pairs work scales with the subset, not with the whole database. Vectors,
    /// weights, rules and the vector space are those of this engine.
    public func restricted(to ids: Set<String>) -> MatchEngine {
        let matrix = matcher.matrix
        let rows = matrix.ids.indices.filter { ids.contains(matrix.ids[$0]) }
        let sub = CompetenceMatrix(dimension: matrix.dimension, rows: rows.map { (matrix.ids[$0], matrix.vectors(row: $0)) })
        // CompetenceMatrix sorts by id, as the parent did: the entries stay aligned.
        return MatchEngine(matcher: Matcher(matrix: sub, weights: matcher.weights, minimumScore: matcher.minimumScore),
                           space: space, profile: profile, directory: ParticipantDirectory(entries: rows.map { directory.entries[$0] }))
    }

    private init(matcher: Matcher, space: VectorSpace, profile: ScoringProfile, directory: ParticipantDirectory) {
        self.matcher = matcher
        self.space = space
        self.profile = profile
        self.directory = directory
    }
}
