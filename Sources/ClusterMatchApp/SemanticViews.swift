import Foundation
import JSONSupport
import Importers
import MatchCore
import MatchStore
import SentenceEmbedding

/// Whether a `ClusterMatch` may match on meaning.
package enum SemanticSwitch: Sendable, Hashable {
    /// On when the model is installed, intact and `CLUSTERMATCH_SEMANTIC` is not `off`.
    case auto
    /// Lexical only, as if no model were installed (tests that expect lexical scores).
    case off
}

/// The sentence-embedding model, loaded once per process (a CLI command or the service).
enum SemanticModel {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var loaded: EmbeddingModelLocation.Status?

    static var status: EmbeddingModelLocation.Status {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let s = EmbeddingModelLocation.load()
        loaded = s
        return s
    }
}

/// What making semantic views did.
package struct SemanticViewUpdate: Sendable, Hashable {
    /// Participants whose views were made.
    package var participants: Int
    /// Distinct texts embedded now (the others came from the cache).
    package var embeddedTexts: Int

    package init(participants: Int, embeddedTexts: Int) {
        self.participants = participants
        self.embeddedTexts = embeddedTexts
    }
}

extension ClusterMatch {
    /// The encoder when semantic matching is on for this application.
    package var semanticEncoder: SentenceEncoder? {
        semantic == .off ? nil : SemanticModel.status.encoder
    }

    /// Makes the semantic views of every participant that lacks them under the installed
    /// model (new or changed participants, or all after a model change), embedding only
    /// texts the cache does not hold.
    ///
    /// - Parameter ids: only among these participants (those just written), when given.
    /// - Parameter progress: called with (participants done, participants to do).
    /// - Returns: nil when semantic matching is off.
    @discardableResult
    package func updateSemanticViews(among ids: [String]? = nil, progress: ((Int, Int) -> Void)? = nil) throws -> SemanticViewUpdate? {
        guard let encoder = semanticEncoder else { return nil }
        let model = Self.embeddingModelKey(encoder)
        let lacking = try store.participantsLackingSemanticViews(model: model, among: ids)
        guard !lacking.isEmpty else { return SemanticViewUpdate(participants: 0, embeddedTexts: 0) }
        let taxonomy = try store.taxonomy()
        let d = encoder.dimension
        var embedded = 0
        progress?(0, lacking.count)
        for start in stride(from: 0, to: lacking.count, by: Self.semanticChunk) {
            let chunk = lacking[start..<min(lacking.count, start + Self.semanticChunk)]
            let statements = chunk.map { SemanticStatements($0.participant, taxonomy: taxonomy) }
            var texts: [String] = [], index: [String: Int] = [:]
            for s in statements { for t in s.distinctTexts where index[t] == nil { index[t] = texts.count; texts.append(t) } }
            let (vectors, fresh) = try embedTexts(texts, with: encoder)
            embedded += fresh
            func view(_ list: [String]) -> [Float] {
                SemanticStatements.mean(list.flatMap { vectors[index[$0]! * d..<(index[$0]! + 1) * d] }, count: list.count, dimension: d)
            }
            let entries = zip(chunk, statements).map { (p, s) in
                (id: p.participant.id, document: p.document,
                 views: StoredSemanticViews(offers: view(s.offers), needs: view(s.needs), profile: view(s.profile)),
                 textHashes: s.distinctTexts.map { Data(SHA256.hash(Array($0.utf8))) })
            }
            try store.storeSemanticViews(model: model, entries)
            progress?(start + chunk.count, lacking.count)
        }
        return SemanticViewUpdate(participants: lacking.count, embeddedTexts: embedded)
    }

    /// Participants embedded and stored together (a progress step).
    static let semanticChunk = 256

    /// What the vector store needs to hold the semantic views: the model, and making the
    /// views participants lack (`updateSemanticViews`); nil when semantic matching is off.
    package func semanticStoreSource() -> SemanticStoreSource? {
        guard let encoder = semanticEncoder else { return nil }
        return SemanticStoreSource(model: Self.embeddingModelKey(encoder)) { _ = try self.updateSemanticViews() }
    }

    /// The semantic views for matching, made first for participants that lack them; nil
    /// when semantic matching is off.
    func semanticViewsForMatching() throws -> [String: StoredSemanticViews]? {
        guard let encoder = semanticEncoder, try updateSemanticViews() != nil else { return nil }
        return try store.semanticViews(model: Self.embeddingModelKey(encoder))
    }

    /// The semantic views of a participant that is not stored (an ad-hoc query), embedded
    /// now without touching the cache; nil when the engine does not match on meaning.
    func semanticVectors(of participant: Participant, engine: MatchEngine) -> [VectorView: [Float]]? {
        guard engine.isSemantic, let encoder = semanticEncoder else { return nil }
        let s = SemanticStatements(participant, taxonomy: engine.space.taxonomy)
        let texts = s.distinctTexts
        let d = encoder.dimension
        let vectors = texts.isEmpty ? [] : encoder.embed(texts)
        let position = Dictionary(texts.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func view(_ list: [String]) -> [Float] {
            SemanticStatements.mean(list.flatMap { t in vectors[position[t]! * d..<(position[t]! + 1) * d] },
                                    count: list.count, dimension: d)
        }
        return [.semanticOffers: view(s.offers), .semanticNeeds: view(s.needs), .semanticProfile: view(s.profile)]
    }
}

extension MatchEngine {
    /// True when the matrix holds semantic views (semantic matching on, and the profile weighs them).
    package var isSemantic: Bool { matcher.matrix.views.contains(.semanticProfile) }

    /// The profile's weights as the engine uses them: without the semantic components
    /// when there are no semantic views (scores are then exactly the lexical ones).
    static func weights(_ weights: ScoringWeights, semantic: Bool) -> ScoringWeights {
        semantic ? weights : weights.withoutSemantic()
    }

    /// The rows with their semantic views as extra views (a row without views gets zero vectors).
    static func withSemanticViews(_ rows: [(id: String, vectors: ParticipantVectors)],
                                  _ semantic: [String: StoredSemanticViews]?) -> [(id: String, vectors: ParticipantVectors)] {
        guard let semantic else { return rows }
        return rows.map { row -> (id: String, vectors: ParticipantVectors) in
            guard let s = semantic[row.id] else { return row }
            var v = row.vectors
            v.extra[.semanticOffers] = s.offers
            v.extra[.semanticNeeds] = s.needs
            v.extra[.semanticProfile] = s.profile
            return (row.id, v)
        }
    }
}

extension ClusterMatch {
    /// A participant's statements with their embeddings, for reasons by meaning: from the
    /// cache, the few texts it lacks (an ad-hoc query) embedded now. Nil when the engine
    /// does not match on meaning.
    func semanticSide(of participant: Participant, engine: MatchEngine) -> SemanticExplainer.Side? {
        guard engine.isSemantic, let encoder = semanticEncoder else { return nil }
        let s = SemanticStatements(participant, taxonomy: engine.space.taxonomy)
        let texts = s.distinctTexts
        let hashes = texts.map { Data(SHA256.hash(Array($0.utf8))) }
        var known = (try? store.cachedEmbeddings(model: Self.embeddingModelKey(encoder), hashes: hashes)) ?? [:]
        let missing = zip(hashes, texts).filter { known[$0.0] == nil }
        if !missing.isEmpty {
            let fresh = encoder.embed(missing.map(\.1)), d = encoder.dimension
            for (k, m) in missing.enumerated() { known[m.0] = Array(fresh[k * d..<(k + 1) * d]) }
        }
        let byText = Dictionary(zip(texts, hashes.map { known[$0]! }), uniquingKeysWith: { a, _ in a })
        func embedded(_ list: [String]) -> SemanticExplainer.Embedded {
            SemanticExplainer.Embedded(texts: list, vectors: list.flatMap { byText[$0]! }, dimension: encoder.dimension)
        }
        return SemanticExplainer.Side(offers: embedded(s.offers), needs: embedded(s.needs), profile: embedded(s.profile))
    }

    /// `semanticSide(of:engine:)` of many participants at once (match-all's reasons): the
    /// embeddings of all their statements read in one pass, without memory-mapping the
    /// database (`MatchStore.cachedEmbeddingsUnmapped`), so that the cache's pages do not
    /// stay resident for the whole job. The same sides as one by one.
    func semanticSides(of participants: [Participant?], engine: MatchEngine) -> [SemanticExplainer.Side?] {
        guard engine.isSemantic else { return [] }
        guard let encoder = semanticEncoder else { return participants.map { _ in nil } }
        let taxonomy = engine.space.taxonomy
        let statements = participants.map { $0.map { SemanticStatements($0, taxonomy: taxonomy) } }
        var hashOf: [String: Data] = [:]
        for s in statements { for t in s?.distinctTexts ?? [] where hashOf[t] == nil { hashOf[t] = Data(SHA256.hash(Array(t.utf8))) } }
        var known = (try? store.cachedEmbeddingsUnmapped(model: Self.embeddingModelKey(encoder), hashes: hashOf.values)) ?? [:]
        // Texts the cache lacks (none for stored participants, whose views were made from it): embedded now.
        let missing = hashOf.filter { known[$0.value] == nil }.sorted { $0.key < $1.key }
        if !missing.isEmpty {
            let fresh = encoder.embed(missing.map(\.key)), d = encoder.dimension
            for (k, m) in missing.enumerated() { known[m.value] = Array(fresh[k * d..<(k + 1) * d]) }
        }
        func embedded(_ list: [String]) -> SemanticExplainer.Embedded {
            // A list of one statement shares its vector's storage with every other such list.
            let vectors = list.count == 1 ? known[hashOf[list[0]]!]! : list.flatMap { known[hashOf[$0]!]! }
            return SemanticExplainer.Embedded(texts: list, vectors: vectors, dimension: encoder.dimension)
        }
        return statements.map { s in
            s.map { SemanticExplainer.Side(offers: embedded($0.offers), needs: embedded($0.needs), profile: embedded($0.profile)) }
        }
    }

    /// Reasons by meaning for a pair, under the engine's weights: the statement pairs of
    /// each direction when it weighs semantic complementarity, else (or when no direction
    /// has one) the closest statements of the profiles.
    func semanticReasons(_ a: SemanticExplainer.Side?, _ b: SemanticExplainer.Side?, engine: MatchEngine) -> [Reason] {
        guard let a, let b else { return [] }
        let weights = engine.matcher.weights
        func floor(_ name: ScoreComponent.Name) -> Float { weights.components.first { $0.name == name }?.threshold ?? 0 }
        var reasons = weights.weight(of: .semanticComplementarity) > 0
            ? SemanticExplainer.reasons(a, b, directional: true, floor: floor(.semanticComplementarity)) : []
        // No offer meets a need (one side lists none): the profiles' closest statements, when they count.
        if reasons.isEmpty && weights.weight(of: .semanticSimilarity) > 0 {
            reasons = SemanticExplainer.reasons(a, b, directional: false, floor: floor(.semanticSimilarity))
        }
        return reasons
    }
}

extension ClusterMatch {
    /// After an import: the semantic views of new and changed participants (only texts
    /// never embedded before are embedded), reported as the phase "embedding statements".
    func embedImported(progress: (@Sendable (ImportProgress) -> Void)?) throws {
        try updateSemanticViews { done, total in
            progress?(ImportProgress(phase: "embedding statements", done: done, total: total))
        }
    }
}

extension ClusterMatch {
    /// `vectors --embed`: the semantic views of every participant that lacks them.
    /// - Throws: `AppError` (not found, exit 66) saying why semantic matching is off and how to turn it on.
    package func embedAll(progress: ((Int, Int) -> Void)? = nil) throws -> SemanticViewUpdate {
        if let made = try updateSemanticViews(progress: progress) { return made }
        let info = semantic == .off ? SemanticMatchingInfo(isOn: false, reason: "switched off for this run", turnOn: nil) : SemanticMatchingInfo.current()
        throw AppError(.notFound, "semantic matching is off: \(info.reason ?? "unknown reason"). Turn it on: \(info.turnOn ?? EmbeddingModelLocation.installCommand)")
    }
}

extension PairExplanation {
    /// `[{"name", "value", "weight"}]`, four decimals.
    var componentsJSON: JSONValue { ScorePart.json(components) }

    /// `semanticComplementarity 0.7100 × 0.4737, …`: each component's value times its weight.
    package var componentsText: String { ScorePart.text(components) }
}

extension ScorePart {
    /// `[{"name", "value", "weight"}]`, four decimals.
    static func json(_ parts: [ScorePart]) -> JSONValue {
        .array(parts.map { .object(JSONObject([("name", .string($0.name.rawValue)), ("value", Format.json($0.value)), ("weight", Format.json($0.weight))])) })
    }

    /// `semanticComplementarity 0.7100 × 0.4737, …`: each component's value times its weight.
    package static func text(_ parts: [ScorePart]) -> String {
        // A component the profile weighs 0 adds nothing; listing it (`keywords 0 × 0`) only puzzles.
        parts.filter { $0.weight != 0 }.map { "\($0.name) \(Format.score($0.value)) × \(Format.score($0.weight))" }.joined(separator: ", ")
    }
}
