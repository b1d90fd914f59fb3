import Foundation

/// Settings of the competence vector space.
public struct VectorSpaceConfiguration: Sendable, Hashable {
    /// Length of the dense vectors.
    public var dimension: Int = 256
    /// How much a code also counts for its parent, and for its grandparent.
    public var parentFactor: Double = 0.5
    public var grandparentFactor: Double = 0.25
    /// Weight of a whole keyword phrase, of each of its words, of a title word, of a text word.
    public var keywordWeight: Double = 1.0
    public var keywordTermWeight: Double = 0.5
    public var titleTermWeight: Double = 0.5
    public var textTermWeight: Double = 0.25
    /// How much a participant's offers count in its general profile.
    public var offersInProfile: Double = 0.5
    /// How much competences count as offers for a participant that states no offers.
    public var implicitOfferFactor: Double = 0.8

    public init(dimension: Int = 256) { self.dimension = dimension }
}

/// How often each feature occurs across participants; gives the IDF that weights features.
public struct CorpusStatistics: Sendable, Hashable {
    public var documentCount: Int
    public var documentFrequency: [String: Int]

    public init(documentCount: Int = 0, documentFrequency: [String: Int] = [:]) {
        self.documentCount = documentCount
        self.documentFrequency = documentFrequency
    }

    /// Counts the features of every participant.
    public init<S: Sequence>(features: S) where S.Element == ParticipantFeatures {
        var df: [String: Int] = [:]
        var n = 0
        for f in features {
            n += 1
            for name in f.allFeatures { df[name, default: 0] += 1 }
        }
        self.init(documentCount: n, documentFrequency: df)
    }

    /// Landscapes smaller than this have no common features (`isCommon`): among a handful of
    /// participants a shared word is news, not filler.
    public static let commonFeatureMinimumDocuments = 20

    /// Whether more than half of the participants have the feature (in a landscape of at
    /// least `commonFeatureMinimumDocuments`): it tells no one apart, so reasons leave it out
    /// (on CORDIS, `h2020` and `eu`, in 79 % of the profiles). It still counts in scores,
    /// through its IDF, as every feature does.
    public func isCommon(_ feature: String) -> Bool {
        documentCount >= Self.commonFeatureMinimumDocuments && 2 * (documentFrequency[feature] ?? 0) > documentCount
    }

    /// Smoothed inverse document frequency: `ln((1+N)/(1+df)) + 1`.
    public func idf(_ feature: String) -> Double {
        let df = documentFrequency[feature] ?? 0
        return log(Double(1 + documentCount) / Double(1 + df)) + 1
    }
}

/// Dense float32 competence vectors of one participant, each L2-normalised (or all zero).
public struct ParticipantVectors: Sendable, Hashable {
    public var profile: [Float]
    public var offers: [Float]
    public var needs: [Float]
    public var keywords: [Float]
    /// Views beyond the lexical four, by name (a participant's own `embedding` …).
    public var extra: [VectorView: [Float]]
    /// The exact sparse lexical views, when known: the lexical parts of scores are computed
    /// on them (the dense lexical views then only pick candidates).
    public var lexical: LexicalTerms?

    public init(profile: [Float], offers: [Float], needs: [Float], keywords: [Float], extra: [VectorView: [Float]] = [:],
                lexical: LexicalTerms? = nil) {
        self.profile = profile
        self.offers = offers
        self.needs = needs
        self.keywords = keywords
        self.extra = extra
        self.lexical = lexical
    }
}

/// Builds features and dense competence vectors from participants.
///
/// Vectors are a function of the data alone: the taxonomy, the corpus statistics (which
/// change with every import, so all vectors are rebuilt together) and the configuration.
/// Sparse features are projected to `dimension` dense components by signed feature
/// hashing with three probes per feature (a sparse random projection that preserves inner
/// products in expectation), using a fixed hash so that results are the same everywhere.
public struct VectorSpace: Sendable {
    public var configuration: VectorSpaceConfiguration
    public var taxonomy: Taxonomy
    public var statistics: CorpusStatistics { didSet { vocabularyCache = VocabularyCache() } }
    var vocabularyCache = VocabularyCache()

    /// The corpus's feature names, numbered in name order (the term ids of `LexicalTerms`).
    public var vocabulary: Vocabulary {
        vocabularyCache.vocabulary { Vocabulary(names: statistics.documentFrequency.keys) }
    }

    public init(configuration: VectorSpaceConfiguration = .init(), taxonomy: Taxonomy, statistics: CorpusStatistics = .init()) {
        self.configuration = configuration
        self.taxonomy = taxonomy
        self.statistics = statistics
    }

    // MARK: Features

    /// The sparse features of a participant's three views.
    public func features(of participant: Participant) -> ParticipantFeatures {
        features(of: participant, tracksSources: true)
    }

    /// The same features' weights, without the phrases behind them (what the store keeps):
    /// the weights equal those of `features(of:)`, at a fraction of the cost.
    public func featureWeights(of participant: Participant) -> ParticipantFeatures {
        features(of: participant, tracksSources: false)
    }

    private func features(of participant: Participant, tracksSources: Bool) -> ParticipantFeatures {
        let v = assembleViews(of: participant, empty: FeatureBag(tracksSources: tracksSources))
        return ParticipantFeatures(profile: v.profile, offers: v.offers, needs: v.needs, keywords: v.keywords)
    }

    /// Adds a taxonomy code (`codeFeatures`); its label is the source of each feature.
    func addCode(_ code: String, weight: Double, to bag: inout FeatureBag) {
        let label = taxonomy.label(code)
        for (name, factor) in codeFeatures(code) { bag.add(name, weight * factor, source: label) }
    }

    /// Adds a keyword (`keywordFeatures`); the keyword is the source of each feature.
    func addKeyword(_ keyword: String, to bag: inout FeatureBag) {
        for (name, weight) in keywordFeatures(keyword) { bag.add(name, weight, source: keyword) }
    }

    /// Adds the words of a text. Each word remembers where it came from: the whole text when
    /// it is short (a title), else a few words around its first use, so reasons stay readable.
    func addText(_ text: String, weight: Double, to bag: inout FeatureBag) {
        let words = TextAnalyzer.words(text)
        let short = words.count <= 8
        for (term, n, i) in Self.textTerms(words, term: TextAnalyzer.term) {
            let source: String
            if !bag.tracksSources {
                source = ""
            } else if short {
                source = text
            } else {
                let lo = max(0, i - 2), hi = min(words.count, i + 3)
                source = (lo > 0 ? "…" : "") + words[lo..<hi].joined(separator: " ") + (hi < words.count ? "…" : "")
            }
            bag.add(FeatureKind.term.name(term), Self.textTermWeight(weight, count: n), source: source)
        }
    }

    // MARK: Weighting and vectors

    /// The TF-IDF weights of a bag.
    public func weighted(_ bag: FeatureBag) -> [String: Double] {
        var result: [String: Double] = [:]
        result.reserveCapacity(bag.weights.count)
        for (feature, weight) in bag.weights { result[feature] = weight * statistics.idf(feature) }
        return result
    }

    /// The dense, L2-normalised vector of a bag; all zeros when the bag is empty.
    public func dense(_ bag: FeatureBag) -> [Float] {
        // Sorted so that the floating-point sums happen in the same order on every run.
        // Weights pass through Float32, as they are stored, so that a vector built here
        // equals the one matching loads from the database.
        let terms = bag.weights.sorted(by: { $0.key < $1.key }).map { feature, weight in
            (FeatureHash.probes(feature, dimension: configuration.dimension), Double(Float(weight)) * statistics.idf(feature))
        }
        return Self.project(terms, dimension: configuration.dimension)
    }

    /// Sums each feature's weighted hash probes into a dense vector and normalises it.
    public static func project(_ terms: [(probes: [(index: Int, sign: Double)], weight: Double)], dimension: Int) -> [Float] {
        var v = [Double](repeating: 0, count: dimension)
        for (probes, weight) in terms {
            for probe in probes { v[probe.index] += probe.sign * weight }
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return [Float](repeating: 0, count: dimension) }
        return v.map { Float($0 / norm) }
    }

    /// The three dense vectors of a participant.
    public func vectors(of participant: Participant) -> ParticipantVectors {
        vectors(of: features(of: participant))
    }

    public func vectors(of features: ParticipantFeatures) -> ParticipantVectors {
        ParticipantVectors(profile: dense(features.profile), offers: dense(features.offers), needs: dense(features.needs),
                           keywords: dense(features.keywords), lexical: lexical(of: features))
    }

    /// The exact sparse lexical views: the same weights as `dense` (through Float32, as
    /// stored), unit length, in the vocabulary's term ids.
    public func lexical(of features: ParticipantFeatures) -> LexicalTerms {
        let vocabulary = self.vocabulary
        func sparse(_ bag: FeatureBag) -> SparseVector {
            vocabulary.vector(bag.weights.map { (name: $0.key, weight: Double(Float($0.value)) * statistics.idf($0.key)) })
        }
        return LexicalTerms(profile: sparse(features.profile), offers: sparse(features.offers), needs: sparse(features.needs),
                            keywords: sparse(features.keywords))
    }
}

/// A fixed (not per-process seeded) hash for feature names.
public enum FeatureHash {
    static let probeCount = 3

    static func fnv1a(_ s: String) -> UInt64 { fnv1a(bytes: s.utf8) }

    /// Where an FNV-1a (64-bit) hash starts.
    static let fnvOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a (64-bit) over `bytes`, continuing from `h`, so that one hash can run over many
    /// pieces.
    static func fnv1a(bytes: some Sequence<UInt8>, from h: UInt64 = fnvOffsetBasis) -> UInt64 {
        var h = h
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    static func splitmix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Where a feature lands in a dense vector of `dimension` components, and with which sign.
    public static func probes(_ feature: String, dimension: Int) -> [(index: Int, sign: Double)] {
        let base = fnv1a(feature)
        let scale = 1 / Double(probeCount).squareRoot()
        return (0..<probeCount).map { j in
            let h = splitmix(base &+ UInt64(j))
            return (Int(h % UInt64(dimension)), (h >> 63) == 0 ? scale : -scale)
        }
    }
}

extension VectorSpace: ViewAssembly {
    var viewConfiguration: VectorSpaceConfiguration { configuration }
}
