/// The corpus's feature names by name, for numbering a participant's features once
/// (`ExplainableTerms`): a hash lookup instead of the vocabulary's binary search. Made once
/// per job that explains many pairs (`match-all`); building it costs a pass over the names.
public final class ExplanationVocabulary: Sendable {
    /// Names in ascending order; a name's position is its id.
    let vocabulary: Vocabulary
    private let ids: [String: UInt32]
    /// Each name's IDF (`CorpusStatistics.idf`), by id.
    let idf: [Double]
    /// Each name's readable label (`Explainer.label`), by id, made once rather than per reason.
    let labels: [String]
    /// Each label's number (equal labels, as `String` compares them, share one), by id: a
    /// directional reason's term is left out of the shared ones by comparing these.
    let labelIDs: [UInt32]
    /// Whether a name is a single word's term (`FeatureKind.term`), by id.
    let isTerm: [Bool]
    /// Whether more than half of the participants have it (`CorpusStatistics.isCommon`), by id.
    let isCommon: [Bool]
    /// The names' count and a checksum of them in order: terms numbered by one vocabulary
    /// (a vector store's `explain` records) are read by another only when these agree.
    public let fingerprint: (count: Int, checksum: UInt64)

    /// The vocabulary of a vector space (the corpus's features, numbered in name order).
    public init(_ space: VectorSpace) {
        vocabulary = space.vocabulary
        var ids: [String: UInt32] = [:]
        ids.reserveCapacity(vocabulary.names.count)
        for (i, name) in vocabulary.names.enumerated() { ids[name] = UInt32(i) }
        self.ids = ids
        idf = vocabulary.names.map(space.statistics.idf)
        labels = vocabulary.names.map { Explainer.label($0, space: space) }
        var numbers: [String: UInt32] = [:]
        labelIDs = labels.map { label in
            if let n = numbers[label] { return n }
            let n = UInt32(numbers.count)
            numbers[label] = n
            return n
        }
        isTerm = vocabulary.names.map { FeatureKind(feature: $0) == .term }
        isCommon = vocabulary.names.map(space.statistics.isCommon)
        var checksum = FeatureHash.fnvOffsetBasis  // FNV-1a over the names' bytes, each ended by a zero
        for name in vocabulary.names {
            checksum = FeatureHash.fnv1a(bytes: name.utf8, from: checksum)
            checksum = FeatureHash.fnv1a(bytes: CollectionOfOne(0), from: checksum)
        }
        fingerprint = (vocabulary.names.count, checksum)
    }

    /// The id of a name among the sorted names; nil when the corpus lacks it.
    func id(of name: String) -> UInt32? { ids[name] }
}

/// What explaining needs of one participant, computed once however many pairs it is in:
/// per view its features' TF-IDF weights in name order, their norm, and the phrases behind
/// each, so that explaining a pair is a merge of short sorted lists plus formatting.
///
/// Compact: with an `ExplanationVocabulary`, a feature is its id in the corpus vocabulary
/// (name order, so the merge compares integers), and a phrase is a position in the
/// participant's own phrase list (each phrase once, so phrases compare as integers too).
/// A feature the vocabulary lacks (an ad-hoc query's word) keeps the view on names.
///
/// A class (as its views): a row's reasons read two participants' terms, and a value of
/// this size would be copied (a dozen arrays retained and released) for every row.
public final class ExplainableTerms: Sendable {
    /// One view's features, ascending by name.
    final class View: Sendable {
        /// Vocabulary ids (ascending = name order); empty when `names` is set.
        let ids: [UInt32]
        /// The names, kept only when some feature has no vocabulary id.
        let names: [String]?
        /// TF-IDF weights: `raw` times the feature's IDF.
        let weights: [Double]
        /// The features' weights in the participant's texts, before IDF (`FeatureBag.weights`).
        let raw: [Double]
        /// Feature i's phrases are `phrases[phraseStart[i]..<phraseStart[i + 1]]` (positions in `ExplainableTerms.phrases`).
        let phraseStart: [UInt32]
        let phrases: [UInt32]
        let norm: Double
        /// With ids: whether one of feature i's phrases reads as its label (ignoring case),
        /// which decides whether a reason names the term after its phrases.
        let named: [Bool]
        let vocabulary: Vocabulary?

        var count: Int { weights.count }
        /// Whether features compare by id (else by name).
        var byID: Bool { names == nil }

        func name(_ i: Int) -> String { names?[i] ?? vocabulary!.names[Int(ids[i])] }
        func phraseRange(_ i: Int) -> Range<Int> { Int(phraseStart[i])..<Int(phraseStart[i + 1]) }

        /// A view numbered by `vocabulary`, from its parts (`ExplainableTerms.init(record:vocabulary:)`):
        /// the weights and norm are computed as `init(_:space:vocabulary:phraseIDs:phraseList:)` computes them.
        init(ids: [UInt32], raw: [Double], phraseStart: [UInt32], phrases: [UInt32], named: [Bool], vocabulary: ExplanationVocabulary) {
            self.vocabulary = vocabulary.vocabulary
            self.ids = ids
            names = nil
            self.raw = raw
            var weights: [Double] = [], norm: Double = 0
            weights.reserveCapacity(ids.count)
            for (id, r) in zip(ids, raw) {
                let w = r * vocabulary.idf[Int(id)]
                weights.append(w)
                norm += w * w
            }
            self.weights = weights
            self.norm = norm.squareRoot()
            self.phraseStart = phraseStart
            self.phrases = phrases
            self.named = named
        }

        init(_ bag: FeatureBag, space: VectorSpace, vocabulary: ExplanationVocabulary?, phraseIDs: inout [String: UInt32], phraseList: inout [String]) {
            self.vocabulary = vocabulary?.vocabulary
            var ids: [UInt32] = [], names: [String]?, weights: [Double] = [], raw: [Double] = []
            var phraseStart: [UInt32] = [0], phrases: [UInt32] = [], norm: Double = 0, named: [Bool] = []
            var entries: [(id: UInt32, name: String, weight: Double)] = []
            entries.reserveCapacity(bag.weights.count)
            var allKnown = vocabulary != nil
            for (name, weight) in bag.weights {
                let id = allKnown ? vocabulary!.id(of: name) : nil
                if id == nil { allKnown = false }
                entries.append((id ?? 0, name, weight))
            }
            if allKnown {
                entries.sort { $0.id < $1.id }
                ids = entries.map(\.id)
            } else {
                entries.sort { $0.name < $1.name }
                names = entries.map(\.name)
            }
            weights.reserveCapacity(entries.count)
            raw.reserveCapacity(entries.count)
            phraseStart.reserveCapacity(entries.count + 1)
            for e in entries {
                raw.append(e.weight)
                let w = e.weight * (allKnown ? vocabulary!.idf[Int(e.id)] : space.statistics.idf(e.name))
                weights.append(w)
                norm += w * w
                for source in bag.sources[e.name] ?? [] {
                    if let p = phraseIDs[source] {
                        phrases.append(p)
                    } else {
                        let p = UInt32(phraseList.count)
                        phraseIDs[source] = p
                        // A reason quotes it on one line: an EEN text's blank lines would break tables.
                        phraseList.append(source.utf8.contains { $0 < 0x20 } ? source.oneLine : source)
                        phrases.append(p)
                    }
                }
                phraseStart.append(UInt32(phrases.count))
                if allKnown {
                    let label = vocabulary!.labels[Int(e.id)]
                    named.append(phrases[Int(phraseStart[phraseStart.count - 2])...].contains { Reason.equalIgnoringCase(phraseList[Int($0)], label) })
                }
            }
            self.ids = ids
            self.names = names
            self.weights = weights
            self.raw = raw
            self.phraseStart = phraseStart
            self.phrases = phrases
            self.norm = norm.squareRoot()
            self.named = named
        }
    }

    let profile: View
    let offers: View
    let needs: View
    /// The participant's phrases behind its features, each once.
    let phrases: [String]

    /// Whether a reason by terms can name this participant: every one needs a feature of
    /// weight on both sides, in profile, offers or needs (`Explainer.reasons`' view pairs).
    /// A participant without (one that brings only its own vector) gives no pair a reason.
    public var canExplain: Bool { profile.norm > 0 || offers.norm > 0 || needs.norm > 0 }

    /// Terms on names (no vocabulary): for explaining a few pairs, where numbering the
    /// vocabulary would cost more than it saves.
    public convenience init(_ features: ParticipantFeatures, space: VectorSpace) {
        self.init(features, space: space, vocabulary: nil)
    }

    init(profile: View, offers: View, needs: View, phrases: [String]) {
        self.profile = profile
        self.offers = offers
        self.needs = needs
        self.phrases = phrases
    }

    /// Terms numbered by `vocabulary` (made once for many participants of the same space).
    public init(_ features: ParticipantFeatures, space: VectorSpace, vocabulary: ExplanationVocabulary?) {
        var ids: [String: UInt32] = [:], list: [String] = []
        profile = View(features.profile, space: space, vocabulary: vocabulary, phraseIDs: &ids, phraseList: &list)
        offers = View(features.offers, space: space, vocabulary: vocabulary, phraseIDs: &ids, phraseList: &list)
        needs = View(features.needs, space: space, vocabulary: vocabulary, phraseIDs: &ids, phraseList: &list)
        phrases = list
    }

    /// The phrases of feature i of a view, as text.
    func phraseTexts(_ view: View, _ i: Int) -> [String] {
        view.phrases[view.phraseRange(i)].map { phrases[Int($0)] }
    }
}
