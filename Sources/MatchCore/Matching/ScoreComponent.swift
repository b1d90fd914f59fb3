/// The name of a dense view of the participants: one float32 vector per participant, all of
/// one dimension (`profile`, `offers`, `needs`, `keywords`, a user's own `embedding`, …).
public struct VectorView: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { rawValue = name }
    public var description: String { rawValue }
    public static func < (a: VectorView, b: VectorView) -> Bool { a.rawValue < b.rawValue }

    /// The whole competence profile (TF-IDF of codes, keywords and text, hashed).
    public static let profile = VectorView("profile")
    /// What a participant offers.
    public static let offers = VectorView("offers")
    /// What a participant needs.
    public static let needs = VectorView("needs")
    /// Its keywords alone.
    public static let keywords = VectorView("keywords")
    /// A vector the participant brought itself (`vector` in the participant format).
    public static let embedding = VectorView("embedding")
    /// What a participant offers, by meaning: the normalised mean of its offers' sentence
    /// embeddings (`SemanticStatements`), when semantic matching is on.
    public static let semanticOffers = VectorView("semanticOffers")
    /// What it needs, by meaning.
    public static let semanticNeeds = VectorView("semanticNeeds")
    /// Its whole profile, by meaning.
    public static let semanticProfile = VectorView("semanticProfile")
    /// The three semantic views.
    public static let semantic: [VectorView] = [.semanticOffers, .semanticNeeds, .semanticProfile]
    /// The four lexical views every participant has.
    public static let lexical: [VectorView] = [.profile, .offers, .needs, .keywords]
}

/// One named part of a pair's score, and how it is computed.
///
/// A score is `Σ weight · value` over its components, in order. Dense components are
/// products of unit vectors that the all-pairs kernels compute in tiles; a pair term is a
/// sparse per-pair value (history, preferences …) added at the exact re-score, whose range
/// widens the prefilter's margin so that the top k stays exact.
public struct ScoreComponent: Sendable, Hashable {
    /// The component's name, as scoring profiles weigh it and explanations show it.
    public struct Name: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }
        public var description: String { rawValue }
        public static func < (a: Name, b: Name) -> Bool { a.rawValue < b.rawValue }

        /// Competence similarity: the cosine of the profiles.
        public static let similarity: Name = "similarity"
        /// Reciprocal complementarity: offers against needs, in both directions.
        public static let complementarity: Name = "complementarity"
        /// Keyword overlap: the cosine of the keyword vectors.
        public static let keywords: Name = "keywords"
        /// Similarity of the participants' own vectors (blended into the competence similarity).
        public static let embedding: Name = "embedding"
        /// Reciprocal complementarity by meaning: sentence embeddings of offers against needs.
        public static let semanticComplementarity: Name = "semanticComplementarity"
        /// Competence similarity by meaning: the cosine of the profiles' sentence embeddings.
        public static let semanticSimilarity: Name = "semanticSimilarity"
        /// The components that read semantic views: dropped when semantic matching is off.
        public static let semantic: Set<Name> = [.semanticComplementarity, .semanticSimilarity]
        /// EEN profiles' targeted countries: a bonus when a profile targets the partner's
        /// country (a pair term, see `TargetedCountries`).
        public static let targetedCountries: Name = "targetedCountries"
        /// Common partners in the collaboration history (a pair term, see `CollaborationNetwork`).
        public static let network: Name = "network"
        /// How much both have collaborated (a pair term, see `CollaborationNetwork`).
        public static let activity: Name = "activity"
    }

    /// How the value of a component is read.
    public enum Contribution: Sendable, Hashable {
        /// `a[view] · b[view]`.
        case product(VectorView)
        /// The harmonic mean of `a[offers] · b[needs]` (forward) and `a[needs] · b[offers]`
        /// (backward), negative parts counted as 0: a pair that is poor in one direction is
        /// not rescued by the other.
        case reciprocal(offers: VectorView, needs: VectorView)
        /// A sparse per-pair value supplied with the matcher (`PairTerm`), symmetric in the
        /// two participants, added at the exact re-score.
        case pairTerm

        /// The views this contribution reads.
        public var views: [VectorView] {
            switch self {
            case .product(let v): return [v]
            case .reciprocal(let o, let n): return [o, n]
            case .pairTerm: return []
            }
        }
    }

    public var name: Name
    public var weight: Float
    public var contribution: Contribution
    /// A dense component's noise floor t: when above 0, each product it reads counts as
    /// max(0, x − t) / (1 − t), so that what unrelated texts share by chance adds nothing
    /// (0 for a plain product or harmonic mean, which may be negative or small but nonzero).
    public var threshold: Float
    /// When set, the threshold is measured on the population matched (`NoiseFloor`): its
    /// mean product plus this many standard deviations, at least `threshold`. A matcher
    /// resolves it when it is made (`ScoringWeights.resolvingFloors`).
    public var floorDeviations: Float?

    public init(_ name: Name, weight: Float, _ contribution: Contribution, threshold: Float = 0, floorDeviations: Float? = nil) {
        self.name = name
        self.weight = weight
        self.contribution = contribution
        self.threshold = threshold
        self.floorDeviations = floorDeviations
    }

    /// The least noise floor of the semantic components (all-MiniLM-L6-v2 cosines): about
    /// the 90th percentile of the offers · needs cosines of unrelated participants of the
    /// paraphrase landscape (participants of different domains; Benchmarks/semantic/README.md,
    /// "Noise floors"). The measured floor (`NoiseFloor`) is never below it.
    public static let semanticNoiseFloor: Float = 0.25
    /// How many standard deviations above the population's mean product the semantic
    /// components' floor lies (`NoiseFloor`), unless a profile gives a fixed threshold: low
    /// enough that 95 % of the paraphrase landscape's planted directions stay above it (they
    /// start 1.56 sd above the mean), high enough that on PlantedLandscape, whose embeddings
    /// are noise, few pairs have both directions above it.
    public static let semanticNoiseDeviations: Float = 1.6

    /// The components scoring profiles can weigh by name, with how each is computed. The
    /// first three are always part of a score (with weight 0 when a profile leaves them out).
    /// Dense components' weights are normalised to sum to 1; a pair term's weight is a bonus
    /// on top, as given, so that pairs without the term keep their scores.
    public static let catalogue: [Name: Contribution] = [
        .similarity: .product(.profile),
        .complementarity: .reciprocal(offers: .offers, needs: .needs),
        .keywords: .product(.keywords),
        .targetedCountries: .pairTerm,
        .semanticComplementarity: .reciprocal(offers: .semanticOffers, needs: .semanticNeeds),
        .semanticSimilarity: .product(.semanticProfile),
        .network: .pairTerm,
        .activity: .pairTerm,
    ]
}

/// The value of a sparse per-pair component for rows of a competence matrix.
///
/// `value(i, j)` must equal `value(j, i)` (all-pairs scores each pair once for both sides)
/// and stay inside `range`, which bounds what the prefilter cannot see.
public struct PairTerm: Sendable {
    public var name: ScoreComponent.Name
    public var range: ClosedRange<Float>
    public var value: @Sendable (Int, Int) -> Float
    /// The rows `j` (ascending) for which `value(i, j)` may differ from `range.lowerBound`,
    /// when the term is that sparse (common partners: only partners of partners). With a
    /// support, the prefilter counts the term as its lower bound for every pair, and the
    /// supported partners are scored exactly besides, so a wide range costs no margin.
    public var support: (@Sendable (Int) -> [Int])?
    /// When set, the term counts only for pairs with a component score above 0 or for which
    /// `related(i, j)` holds; elsewhere it is 0. `activity` has one (common or direct
    /// partners): how busy someone is says nothing about a stranger with whom one shares
    /// neither competences nor partners.
    public var related: (@Sendable (Int, Int) -> Bool)?

    public init(name: ScoreComponent.Name, range: ClosedRange<Float>, support: (@Sendable (Int) -> [Int])? = nil,
                related: (@Sendable (Int, Int) -> Bool)? = nil, value: @escaping @Sendable (Int, Int) -> Float) {
        self.name = name
        self.range = range
        self.support = support
        self.related = related
        self.value = value
        precondition(related == nil || range.contains(0), "a gated pair term is 0 where the gate is shut: its range must hold 0")
    }

    /// The term's value for rows (i, j) whose component score is `content`: 0 where it is
    /// gated (`related`) and the pair has neither content nor a relation. (A gated term's
    /// range holds 0, so the prefilter's bounds stay bounds.)
    public func value(_ i: Int, _ j: Int, content: Float) -> Float {
        let v = value(i, j)
        guard v != 0, let related, !(content > 0), !related(i, j) else { return v }
        return 0
    }

    /// The same term over a subset of the rows: `rows[i]` is the parent row of the subset's
    /// row i, `subRow` the inverse (rows not in the subset absent). Every field follows.
    public func restricted(toRows rows: [Int], subRow: [Int: Int]) -> PairTerm {
        let parent = self
        let support = parent.support.map { s in { @Sendable (i: Int) -> [Int] in s(rows[i]).compactMap { subRow[$0] } } }
        let related = parent.related.map { r in { @Sendable (i: Int, j: Int) -> Bool in r(rows[i], rows[j]) } }
        return PairTerm(name: name, range: range, support: support, related: related) { i, j in parent.value(rows[i], rows[j]) }
    }
}

/// One component's share of a pair's score, for explanations.
public struct ScorePart: Sendable, Hashable {
    public var name: ScoreComponent.Name
    /// The component's value (a cosine, a harmonic mean, a pair term).
    public var value: Float
    public var weight: Float
    /// weight · value.
    public var contribution: Float { weight * value }
}
