import MatchCore
import MatchStore

/// A loaded, ready-to-query matching state: the matrix, the vector space, the scoring
/// profile and what its rules need to know about each participant.
package struct MatchEngine: Sendable {
    package internal(set) var matcher: Matcher
    package internal(set) var space: VectorSpace
    package let profile: ScoringProfile
    /// Aligned with the matrix rows.
    package internal(set) var directory: ParticipantDirectory
    /// The database generation of the vector store this engine was loaded from; nil when it
    /// was built from the database directly (in memory, or no store could be written).
    package private(set) var stamp: StoreStamp?
    /// What explaining needs of each participant, as the vector store the engine was loaded
    /// from keeps it (nil without one); participants written in place since are forgotten
    /// there (`follow(writesTo:…)`), so their reasons are made from their texts.
    package internal(set) var explanations: StoredExplanations?
    /// The collaboration history, when the database has one (by id, not by row).
    package let network: CollaborationNetwork?
    /// The `targetedCountries` term as a vector store gave it (its rows' entries read in
    /// place; nil when no row targets a country), so that following writes patches it for
    /// the rows written instead of decoding every entry.
    private(set) var storedTargetedCountries: PairTerm?
    /// The profile asked for, when the engine ranks with its `withoutNeeds` profile's weights
    /// (no participant states a need; `profile` is then the asked one with those weights); nil
    /// when it ranks with the profile asked for.
    package internal(set) var standsInFor: ScoringProfile?

    /// Why the lists are ranked with another profile than the one asked for, for people
    /// (stderr, and `profileNote` in the service's answers); nil when they are not.
    package var profileNote: String? { Self.profileNote(standsInFor: standsInFor) }

    /// The profile whose weights rank, when they are not the profile's own (`withoutNeeds`).
    package var weightsOf: String? { standsInFor?.withoutNeeds.map(ClusterMatch.standInName) }

    static func profileNote(standsInFor asked: ScoringProfile?) -> String? {
        guard let asked, let other = asked.withoutNeeds else { return nil }
        let name = ClusterMatch.standInName(other)
        return "no participant states a need: \(asked.name) ranks with the weights of \(name) (its withoutNeeds) and keeps its own rules"
    }

    /// Builds the matrix from a snapshot.
    ///
    /// When participants bring their own vectors, they form the `embedding` view, blended
    /// with the lexical profile by the profile's `embeddingWeight` (see `EmbeddingBlend`).
    ///
    /// `semantic`: the participants' semantic views (`ClusterMatch.semanticViewsForMatching`);
    /// nil drops the semantic components, so scores are the lexical ones, unless the rows
    /// carry their semantic views already (read from a vector store that holds them).
    ///
    /// With `history`, the profile's `network` and `activity` weights score common partners
    /// and experience (`CollaborationNetwork`); without it, scores are those of the content.
    package init(snapshot: MatchingSnapshot, profile: ScoringProfile, semantic: [String: StoredSemanticViews]? = nil,
                 history: [Collaboration] = []) {
        let d = snapshot.space.configuration.dimension
        let e = snapshot.rows.lazy.compactMap { $0.embedding?.count }.first ?? 0
        let rows: [(id: String, vectors: ParticipantVectors)]
        let onMeaning = semantic != nil || snapshot.rows.first?.vectors.extra[.semanticProfile] != nil
        var weights = Self.weights(profile.weights, semantic: onMeaning)
        if e == 0 {
            rows = snapshot.rows.map { ($0.id, $0.vectors) }
        } else {
            weights = EmbeddingBlend.weights(weights)
            rows = snapshot.rows.map { row in
                var v = row.vectors
                let blended = EmbeddingBlend.views(profile: v.profile, embedding: row.embedding, dimension: e, weight: profile.embeddingWeight)
                v.profile = blended.profile
                v.extra[.embedding] = blended.embedding
                // The exact lexical profile takes the same share as the dense one (unit before).
                let share = blended.profile.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if let terms = v.lexical { v.lexical!.profile = terms.profile.scaled(by: share) }
                return (row.id, v)
            }
        }
        // EEN profiles declare their sides: an offer wants no offers, a request offers nothing.
        let declared = Set(snapshot.rows.lazy.map(\.id).filter { snapshot.directory[$0]?.een != nil })
        let matrix = CompetenceMatrix(dimension: d, rows: Self.withSemanticViews(rows, semantic), declaringSides: declared)
        let directory = ParticipantDirectory(entries: matrix.ids.map {
            snapshot.directory[$0] ?? .init(kind: .other, country: "", organisation: nil, employees: nil, clusters: [], optOut: false)
        })
        self.init(matrix: matrix, directory: directory, weights: weights, space: snapshot.space, profile: profile, history: history)
    }

    /// An engine over the views of a current vector store, read in place (memory-mapped):
    /// rows `0..<rows` (the matchable ones, or all).
    ///
    /// Ids, half-precision copies, presence of each view, the lexical index (rows and
    /// postings) and the directory are all read where they lie in the file; a single query
    /// touches the pages of the rows it scores, and the directory entries it looks at.
    /// When participants bring their own vectors, the profile and embedding views are
    /// blended per profile into two arrays of their own (`EmbeddingBlend`), and the exact
    /// lexical profiles take the same share, exactly as `init(snapshot:profile:)` does.
    ///
    /// With `semantic`, the store's semantic views join (read in place like the others) and
    /// the semantic components' noise floors come from the samples the store keeps
    /// (`NoiseFloor.Sample`), equal to measuring them again on the same rows.
    init(store: VectorStore, rows: Int, space: VectorSpace, profile: ScoringProfile, semantic: Bool, history: [Collaboration]) {
        let own = store.ownEmbeddings(rows: rows)
        var views = VectorViews(count: rows)
        for (view, d) in store.views where semantic || !VectorView.semantic.contains(view) {
            views.set(view, dimension: d, mapped: store.values(of: view, rows: rows)!, owner: store)
            // A blended profile has no stored copies.
            if own != nil && view == .profile { continue }
            if let half = store.halfValues(of: view, rows: rows) { views.setHalf(view, mapped: half, owner: store) }
            if let present = store.presence(of: view, rows: rows) { views.setPresence(view, mapped: present, owner: store) }
        }
        let dimension = space.configuration.dimension
        var weights = Self.weights(profile.weights, semantic: semantic)
        let matrix: CompetenceMatrix
        if let own {
            weights = EmbeddingBlend.weights(weights)
            let blended = Self.blend(store.values(of: .profile, rows: rows)!, dimension: dimension, own: own,
                                     terms: store.lexicalTerms(rows: rows), weight: profile.embeddingWeight)
            views.set(.profile, dimension: dimension, values: blended.profile)
            views.set(.embedding, dimension: own.dimension, values: blended.embedding)
            matrix = CompetenceMatrix(ids: store.ids(rows: rows), dimension: dimension, views: views, terms: blended.terms,
                                      isEmptyProfile: blended.isEmptyProfile, declaresSides: store.declaresSides(rows: rows))
        } else if let lexical = store.lexicalIndex(rows: rows) {
            // The dense exact views of a small vocabulary, when the store holds them.
            for view in VectorView.lexical {
                guard let exact = store.exactValues(of: view, rows: rows) else { break }
                views.set(view.exactTerms, dimension: exact.dimension, mapped: exact.values, owner: store)
                views.setHalf(view.exactTerms, mapped: exact.half, owner: store)
            }
            matrix = CompetenceMatrix(ids: store.rowIDs(rows: rows), dimension: dimension, views: views, lexical: lexical,
                                      isEmptyProfile: store.isEmptyProfile(rows: rows), declaresSides: store.declaresSides(rows: rows))
        } else {
            matrix = CompetenceMatrix(ids: store.ids(rows: rows), dimension: dimension, views: views, terms: store.lexicalTerms(rows: rows),
                                      isEmptyProfile: store.isEmptyProfile(rows: rows), declaresSides: store.declaresSides(rows: rows))
        }
        if semantic && rows == store.matchableRows { weights = weights.resolvingFloors(from: store.floorSample) }
        let targeted = store.targetedCountriesTerm(rows: rows)
        self.init(matrix: matrix, directory: store.directory(rows: rows), weights: weights,
                  space: space, profile: profile, history: history, targetedCountries: { targeted })
        storedTargetedCountries = targeted
        stamp = store.stamp
        explanations = store.explanations
    }

    /// The profile and embedding views of rows blended with their own vectors (rows
    /// without one keep their profile and get zeros), the exact lexical profiles scaled by
    /// each row's blended share, and which rows are then without competence: what
    /// `init(snapshot:profile:)` makes row by row, in two contiguous arrays.
    static func blend(_ profile: UnsafeBufferPointer<Float>, dimension d: Int, own: OwnEmbeddings, terms: [LexicalTerms]?, weight: Float)
        -> (profile: [Float], embedding: [Float], terms: [LexicalTerms]?, isEmptyProfile: [Bool]) {
        let rows = own.has.count, e = own.dimension
        var blended = [Float](profile), embedding = [Float](repeating: 0, count: rows * e)
        var terms = terms, empty = [Bool](repeating: true, count: rows)
        blended.withUnsafeMutableBufferPointer { p in
            embedding.withUnsafeMutableBufferPointer { v in
                for r in 0..<rows {
                    let pr = UnsafeMutableBufferPointer(rebasing: p[(r * d)..<(r * d + d)])
                    let vr = UnsafeMutableBufferPointer(rebasing: v[(r * e)..<(r * e + e)])
                    let u = UnsafeBufferPointer(rebasing: own.values[(r * e)..<(r * e + e)])
                    if own.has[r] && u.contains(where: { $0 != 0 }) {
                        EmbeddingBlend.blend(UnsafeBufferPointer(rebasing: profile[(r * d)..<(r * d + d)]), u, weight: weight, into: pr, vr)
                    }
                    // The exact lexical profile takes the same share as the dense one (unit before).
                    let share = pr.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    if let t = terms?[r] { terms![r].profile = t.profile.scaled(by: share) }
                    empty[r] = !(pr.contains { $0 != 0 } || vr.contains { $0 != 0 })
                }
            }
        }
        return (blended, embedding, terms, empty)
    }

    /// - Parameter targetedCountries: the `targetedCountries` pair term, made only when the
    ///   profile weighs it (by default from the directory's entries).
    private init(matrix: CompetenceMatrix, directory: ParticipantDirectory, weights: ScoringWeights, space: VectorSpace,
                 profile: ScoringProfile, history: [Collaboration], targetedCountries: (() -> PairTerm?)? = nil) {
        self.directory = directory
        var matcher = Matcher(matrix: matrix, weights: weights, minimumScore: profile.rules.minimumScore)
        let network = history.isEmpty ? nil : CollaborationNetwork(history, asOf: profile.asOf)
        matcher.pairTerms = Self.pairTerms(matrix: matrix, directory: directory, weights: weights, network: network,
                                           targetedCountries: targetedCountries)
        self.network = network
        self.matcher = matcher
        self.space = space
        self.profile = profile
    }

    /// Loads the engine for a profile: from the database's vector store (built first when
    /// missing or stale), else from the database directly. Participants that are not
    /// matchable are left out unless `includeUnmatchable`.
    ///
    /// Both ways give the same matrix, directory and answers (VectorStoreTests compares them).
    /// - Parameter rebuildingStore: false to load from the database when the store is not
    ///   current, instead of building it first.
    /// - Parameter semantic: the model of the semantic views, when matching on meaning is on
    ///   (`ClusterMatch.semanticStoreSource`): the store then holds them (format 4) and the
    ///   engine reads them when the profile weighs them; nil for lexical scores.
    /// - Parameter history: the collaboration history (`MatchStore.collaborations()`).
    package static func load(_ store: MatchStore, profile: ScoringProfile, includeUnmatchable: Bool,
                             rebuildingStore: Bool = true, semantic: SemanticStoreSource? = nil,
                             history: [Collaboration] = []) throws -> MatchEngine {
        let onMeaning = semantic != nil && profile.weights.usesSemantic
        // The store holds every participant's exact term lists too (format 2), so both ways
        // rank by the same exact lexical scores; and the semantic views (format 4).
        guard let vectors = try store.currentVectorStore(rebuilding: rebuildingStore, semantic: semantic) else {
            var views: [String: StoredSemanticViews]?
            if onMeaning, let semantic {
                try semantic.prepare()
                views = try store.semanticViews(model: semantic.model)
            }
            return MatchEngine(snapshot: try store.matchingSnapshot(includingUnmatchable: includeUnmatchable), profile: profile,
                               semantic: views, history: history)
        }
        return try load(store, from: vectors, profile: profile, includeUnmatchable: includeUnmatchable, onMeaning: onMeaning,
                        history: history)
    }

    /// Loads the engine for a profile from a vector store as it is (current or not).
    /// - Parameter space: the vector space its rows were weighted in; by default the
    ///   database's (the same while the store is current).
    static func load(_ store: MatchStore, from vectors: VectorStore, profile: ScoringProfile, includeUnmatchable: Bool,
                     onMeaning: Bool, history: [Collaboration], space: VectorSpace? = nil) throws -> MatchEngine {
        let rows = includeUnmatchable ? vectors.rows : vectors.matchableRows
        let space = try space ?? store.vectorSpace(documents: vectors.documents)
        // Rows past the matchable ones sort among them: such engines need arrays of their
        // own. Own vectors are blended in `init(store:…)`.
        if rows > vectors.matchableRows {
            var engine = MatchEngine(snapshot: vectors.snapshot(rows: rows, space: space, semantic: onMeaning), profile: profile,
                                     history: history)
            engine.stamp = vectors.stamp
            engine.explanations = vectors.explanations
            return engine
        }
        return MatchEngine(store: vectors, rows: rows, space: space, profile: profile, semantic: onMeaning, history: history)
    }
}

extension MatchEngine {
    /// The sparse pair terms the weights weigh (computed only when they do), by row.
    /// - Parameter targetedCountries: makes the `targetedCountries` term (by default from the
    ///   directory's entries); asked only when the profile weighs it.
    static func pairTerms(matrix: CompetenceMatrix, directory: ParticipantDirectory, weights: ScoringWeights,
                          network: CollaborationNetwork?, targetedCountries: (() -> PairTerm?)? = nil) -> [PairTerm] {
        var terms: [PairTerm] = []
        if weights.weight(of: .targetedCountries) != 0,
           let term = targetedCountries.map({ $0() }) ?? TargetedCountries.term(directory.entries) {
            terms.append(term)
        }
        if let network {
            for term in network.terms(rows: matrix.ids) where weights.weight(of: term.name) != 0 { terms.append(term) }
        }
        return terms
    }

    /// The same engine over a subset of its participants (an event's registrations), so
    /// that all-pairs work scales with the subset, not with the whole database. Vectors,
    /// weights, rules and the vector space are those of this engine.
    package func restricted(to ids: Set<String>) -> MatchEngine {
        let matrix = matcher.matrix
        let rows = matrix.ids.indices.filter { ids.contains(matrix.id(row: $0)) }
        let sub = matrix.restricted(toRows: rows)
        var subMatcher = Matcher(matrix: sub, weights: matcher.weights, minimumScore: matcher.minimumScore)
        // Pair terms are indexed by row: read the parent's rows.
        let subRow = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        // A support in parent rows maps to the subset's rows (ascending both ways); the gate follows.
        subMatcher.pairTerms = matcher.pairTerms.map { $0.restricted(toRows: rows, subRow: subRow) }
        return MatchEngine(matcher: subMatcher, space: space, profile: profile,
                           directory: ParticipantDirectory(entries: rows.map { directory[$0] }), stamp: stamp, explanations: explanations,
                           network: network)
    }

    private init(matcher: Matcher, space: VectorSpace, profile: ScoringProfile, directory: ParticipantDirectory, stamp: StoreStamp?,
                 explanations: StoredExplanations?,
                 network: CollaborationNetwork?) {
        self.matcher = matcher
        self.space = space
        self.profile = profile
        self.directory = directory
        self.stamp = stamp
        self.explanations = explanations
        self.network = network
    }
}

extension MatchEngine {
    /// The vocabulary that reads the vector store's explanation records, when the engine
    /// keeps records its space can read (nil: reasons are made from texts). Made per call:
    /// O(features), worth it only where records spare analysing texts.
    var explanationVocabulary: ExplanationVocabulary? {
        guard let explanations else { return nil }
        let vocabulary = ExplanationVocabulary(space)
        return explanations.canRead(vocabulary) ? vocabulary : nil
    }

    /// The database generation this engine was loaded from (nil: loaded without a vector store).
    package var generation: Int64? { stamp?.generation }
}

extension ClusterMatch {
    /// Whether the database is still at the generation `engine` was loaded from (an engine
    /// loaded without a vector store cannot tell: false).
    package func isCurrent(_ engine: MatchEngine) throws -> Bool {
        guard let stamp = engine.stamp else { return false }
        return try store.storeStamp() == stamp
    }
}
