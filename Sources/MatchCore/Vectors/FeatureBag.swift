/// Sparse, named features of one view of a participant (profile, offers or needs), with the
/// phrases that produced each feature, so that a score can be explained term by term.
///
/// Feature names: `c:<namespace:code>` for a taxonomy code (or an ancestor of one),
/// `k:<phrase>` for a whole keyword, `t:<term>` for a single word.
public struct FeatureBag: Sendable, Hashable {
    /// Raw weights before IDF.
    public private(set) var weights: [String: Double] = [:]
    /// For each feature, the participant's own phrases that produced it, in first-seen order.
    public private(set) var sources: [String: [String]] = [:]
    /// False: only `weights` are kept (for storing vectors, which never need the sources).
    /// The weights are the same either way.
    public private(set) var tracksSources = true

    public init() {}

    /// A bag that keeps weights only, without the phrases behind them.
    public init(tracksSources: Bool) { self.tracksSources = tracksSources }

    public var isEmpty: Bool { weights.isEmpty }

    /// Adds weight to a feature, remembering which phrase it came from.
    public mutating func add(_ feature: String, _ weight: Double, source: String) {
        guard weight > 0 else { return }
        weights[feature, default: 0] += weight
        guard tracksSources else { return }
        var list = sources[feature, default: []]
        if !list.contains(source) && list.count < 4 { list.append(source) }
        sources[feature] = list
    }

    /// Adds every feature of another bag, scaled.
    public mutating func merge(_ other: FeatureBag, scale: Double) {
        guard scale > 0 else { return }
        weights.reserveCapacity(weights.count + other.weights.count)
        guard tracksSources else {
            for (feature, weight) in other.weights { weights[feature, default: 0] += weight * scale }
            return
        }
        for (feature, weight) in other.weights {
            weights[feature, default: 0] += weight * scale
            var list = sources[feature, default: []]
            for source in other.sources[feature] ?? [] where !list.contains(source) && list.count < 4 {
                list.append(source)
            }
            sources[feature] = list
        }
    }
}

/// The three views of a participant that matching compares.
public struct ParticipantFeatures: Sendable, Hashable {
    /// Everything the participant is and does: competences, keywords, description, offers.
    public var profile: FeatureBag
    /// What it brings to a partner (its explicit offers, or its competences when it states none).
    public var offers: FeatureBag
    /// What it seeks from a partner (its explicit needs only).
    public var needs: FeatureBag
    /// Only the keyword phrases and their words, for the keyword-overlap part of a score.
    public var keywords: FeatureBag

    /// Every feature name in any view, for document frequencies.
    public var allFeatures: Set<String> {
        Set(profile.weights.keys).union(offers.weights.keys).union(needs.weights.keys)
    }
}
