import MatchCore
import MatchStore

/// A loaded, ready-to-query matching state: the matrix, the vector space, the scoring
/// profile and what its rules need to know about each participant.
package struct MatchEngine: Sendable {
    package let matcher: Matcher
    package let space: VectorSpace
    package let profile: ScoringProfile
    /// Aligned with the matrix rows.
    package let directory: ParticipantDirectory
    /// The collaboration history, when the database has one (by id, not by row).
    package let network: CollaborationNetwork?

    /// Builds the matrix from a snapshot.
    ///
    /// When participants bring their own vectors, they form the `embedding` view, blended
    /// with the lexical profile by the profile's `embeddingWeight` (see `EmbeddingBlend`).
    /// With `history`, the profile's `network` and `activity` weights score common partners
    /// and experience (`CollaborationNetwork`); without it, scores are those of the content.
    package init(snapshot: MatchingSnapshot, profile: ScoringProfile, history: [Collaboration] = []) {
        let d = snapshot.space.configuration.dimension
        let e = snapshot.rows.lazy.compactMap { $0.embedding?.count }.first ?? 0
        let rows: [(id: String, vectors: ParticipantVectors)]
        var weights = profile.weights
        if e == 0 {
            rows = snapshot.rows.map { ($0.id, $0.vectors) }
        } else {
            weights = EmbeddingBlend.weights(weights)
            rows = snapshot.rows.map { row in
                var v = row.vectors
                let blended = EmbeddingBlend.views(profile: v.profile, embedding: row.embedding, dimension: e, weight: profile.embeddingWeight)
                v.profile = blended.profile
                v.extra[.embedding] = blended.embedding
                return (row.id, v)
            }
        }
        // EEN profiles declare their sides: an offer wants no offers, a request offers nothing.
        let declared = Set(snapshot.rows.lazy.map(\.id).filter { snapshot.directory[$0]?.een != nil })
        let matrix = CompetenceMatrix(dimension: d, rows: rows, declaringSides: declared)
        directory = ParticipantDirectory(entries: matrix.ids.map {
            snapshot.directory[$0] ?? .init(kind: .other, country: "", organisation: nil, employees: nil, clusters: [], optOut: false)
        })
        var matcher = Matcher(matrix: matrix, weights: weights, minimumScore: profile.rules.minimumScore)
        // Sparse pair terms the profile weighs (computed only when it does).
        if weights.weight(of: .targetedCountries) != 0, let term = TargetedCountries.term(directory.entries) {
            matcher.pairTerms.append(term)
        }
        let network = history.isEmpty ? nil : CollaborationNetwork(history, asOf: profile.asOf)
        if let network {
            for term in network.terms(rows: matrix.ids) where weights.weight(of: term.name) != 0 { matcher.pairTerms.append(term) }
        }
        self.network = network
        self.matcher = matcher
        space = snapshot.space
        self.profile = profile
    }
}

extension MatchEngine {
    /// The same engine over a subset of its participants (an event's registrations), so
    /// that all-pairs work scales with the subset, not with the whole database. Vectors,
    /// weights, rules and the vector space are those of this engine.
    package func restricted(to ids: Set<String>) -> MatchEngine {
        let matrix = matcher.matrix
        let rows = matrix.ids.indices.filter { ids.contains(matrix.ids[$0]) }
        let sub = matrix.restricted(toRows: rows)
        var subMatcher = Matcher(matrix: sub, weights: matcher.weights, minimumScore: matcher.minimumScore)
        // Pair terms are indexed by row: read the parent's rows.
        subMatcher.pairTerms = matcher.pairTerms.map { term in
            PairTerm(name: term.name, range: term.range) { i, j in term.value(rows[i], rows[j]) }
        }
        return MatchEngine(matcher: subMatcher, space: space, profile: profile,
                           directory: ParticipantDirectory(entries: rows.map { directory.entries[$0] }), network: network)
    }

    private init(matcher: Matcher, space: VectorSpace, profile: ScoringProfile, directory: ParticipantDirectory,
                 network: CollaborationNetwork?) {
        self.matcher = matcher
        self.space = space
        self.profile = profile
        self.directory = directory
        self.network = network
    }
}
