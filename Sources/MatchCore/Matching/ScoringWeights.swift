/// How a pair score is blended from its named components.
///
/// `score = Σ weight · value` over the components, in order. Today's components:
/// `similarity·cos(profileA, profileB) + complementarity·H(s(A→B), s(B→A))
///  + keywords·cos(keywordsA, keywordsB)`, where `s(A→B)` is the cosine of A's offers and
/// B's needs, and `H` is the harmonic mean of the two directions (negative values count as
/// 0): a pair that is poor in one direction cannot be rescued by the other. Participants'
/// own vectors add an `embedding` component (see `EmbeddingBlend`), pair terms add sparse
/// components. The weights a profile gives are normalised to sum to 1.
public struct ScoringWeights: Sendable, Hashable {
    /// The components, in the order their terms are added (the lexical three first).
    public private(set) var components: [ScoreComponent]
    /// The weights as given, before normalising (to drop components and normalise again).
    public private(set) var given: [ScoreComponent.Name: Float] = [:]

    public init(similarity: Float, complementarity: Float, keywords: Float = 0) {
        self.init(weights: [.similarity: similarity, .complementarity: complementarity, .keywords: keywords])
    }

    /// Thresholds given by name (`ScoreComponent.threshold`), over the defaults.
    public private(set) var givenThresholds: [ScoreComponent.Name: Float] = [:]

    /// Weights by component name, normalised to sum to 1. Every name must be in
    /// `ScoreComponent.catalogue` (scoring profiles check that first); the lexical three
    /// are always present, in a fixed order, the others follow by name. `thresholds` sets
    /// dense components' noise floors (each in 0 ..< 1); the semantic components default to a
    /// floor measured on the population matched (`NoiseFloor`, at least
    /// `ScoreComponent.semanticNoiseFloor`), the others to 0 (none).
    public init(weights: [ScoreComponent.Name: Float], thresholds: [ScoreComponent.Name: Float] = [:]) {
        let order: [ScoreComponent.Name] = [.similarity, .complementarity, .keywords]
        let names = order + weights.keys.filter { !order.contains($0) }.sorted()
        func isBonus(_ name: ScoreComponent.Name) -> Bool { ScoreComponent.catalogue[name] == .pairTerm }
        // Summed in that fixed order, so the normalised weights round the same every time.
        // Pair terms are bonuses on top, not normalised.
        let total = names.reduce(Float(0)) { $0 + (isBonus($1) ? 0 : weights[$1] ?? 0) }
        precondition(total > 0, "scoring weights must not all be zero")
        given = weights
        givenThresholds = thresholds
        components = names.map { name in
            guard let contribution = ScoreComponent.catalogue[name] else { preconditionFailure("unknown score component '\(name)'") }
            let weight = weights[name] ?? 0
            // Semantic components without a given threshold measure theirs on the population.
            let adaptive = thresholds[name] == nil && ScoreComponent.Name.semantic.contains(name)
            let threshold = thresholds[name] ?? (adaptive ? ScoreComponent.semanticNoiseFloor : 0)
            precondition(threshold >= 0 && threshold < 1, "a threshold is in 0 ..< 1")
            return ScoreComponent(name, weight: isBonus(name) ? weight : weight / total, contribution, threshold: threshold,
                                  floorDeviations: adaptive ? ScoreComponent.semanticNoiseDeviations : nil)
        }
    }

    /// These weights with every measured threshold (`ScoreComponent.floorDeviations`) measured
    /// on `matrix` (`NoiseFloor`); components of weight 0 or without the views keep theirs.
    public func resolvingFloors(on matrix: CompetenceMatrix) -> ScoringWeights {
        var copy = self
        for c in copy.components.indices {
            guard let z = copy.components[c].floorDeviations else { continue }
            let k = copy.components[c]
            if k.weight != 0 && k.contribution.views.allSatisfy(matrix.views.contains) {
                copy.components[c].threshold = NoiseFloor.measure(matrix, k.contribution, z: z, minimum: k.threshold)
            }
            copy.components[c].floorDeviations = nil
        }
        return copy
    }

    /// These weights with the measured thresholds whose samples `sample` knows (a vector
    /// store keeps them, `NoiseFloor.Sample`) resolved from them, exactly as
    /// `resolvingFloors(on:)` would measure them on the same rows; the others stay to be measured.
    public func resolvingFloors(from sample: (VectorView, VectorView) -> NoiseFloor.Sample?) -> ScoringWeights {
        var copy = self
        for c in copy.components.indices {
            guard let z = copy.components[c].floorDeviations else { continue }
            let k = copy.components[c]
            guard k.weight != 0, let (a, b) = NoiseFloor.views(k.contribution), let s = sample(a, b) else { continue }
            copy.components[c].threshold = NoiseFloor.floor(s, z: z, minimum: k.threshold)
            copy.components[c].floorDeviations = nil
        }
        return copy
    }

    /// These weights with component `name`'s threshold measured on the population matched,
    /// `deviations` standard deviations above its mean product (at least its threshold).
    public func measuringFloor(of name: ScoreComponent.Name, deviations: Float) -> ScoringWeights {
        var copy = self
        for c in copy.components.indices where copy.components[c].name == name { copy.components[c].floorDeviations = deviations }
        return copy
    }

    /// The weight of a component (0 when the score has none of that name).
    public func weight(of name: ScoreComponent.Name) -> Float {
        components.first { $0.name == name }?.weight ?? 0
    }

    public var similarity: Float { weight(of: .similarity) }
    public var complementarity: Float { weight(of: .complementarity) }
    public var keywords: Float { weight(of: .keywords) }

    /// Whether some semantic component has a weight above 0.
    public var usesSemantic: Bool {
        components.contains { ScoreComponent.Name.semantic.contains($0.name) && $0.weight > 0 }
    }

    /// These weights without the semantic components, normalised as if they had never been
    /// given (so a profile scores exactly as it did before semantic components existed).
    /// Weights that were only semantic fall to their lexical counterparts.
    public func withoutSemantic() -> ScoringWeights {
        var lexical = given.filter { !ScoreComponent.Name.semantic.contains($0.key) }
        if !lexical.contains(where: { $0.value > 0 && ScoreComponent.catalogue[$0.key] != .pairTerm }) {
            lexical[.similarity, default: 0] += given[.semanticSimilarity] ?? 0
            lexical[.complementarity, default: 0] += given[.semanticComplementarity] ?? 0
        }
        return ScoringWeights(weights: lexical, thresholds: givenThresholds.filter { !ScoreComponent.Name.semantic.contains($0.key) })
    }

    /// These weights with one more component, its weight as given (not normalised again).
    public func adding(_ component: ScoreComponent) -> ScoringWeights {
        var copy = self
        copy.components.append(component)
        return copy
    }

    /// The default for B2B brokerage: complementarity first. Shared competence counts
    /// little, because it is what competitors have in common: on the planted-partner
    /// benchmark, similarity 0.3 found 37 % of partners in the top 10, similarity 0.1 58 %.
    public static let brokerage = ScoringWeights(similarity: 0.1, complementarity: 0.9)
    /// Only competence similarity.
    public static let peers = ScoringWeights(similarity: 1, complementarity: 0)

    /// The reciprocal complementarity of two directional scores.
    @inline(__always)
    public static func harmonic(_ forward: Float, _ backward: Float) -> Float {
        let f = max(forward, 0), b = max(backward, 0)
        let sum = f + b
        return sum > 0 ? 2 * f * b / sum : 0
    }
}
