/// One term that contributed to a pair's score.
public struct Reason: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        /// The asking participant offers it; the partner needs it.
        case youOffer = "you-offer"
        /// The partner offers it; the asking participant needs it.
        case theyOffer = "they-offer"
        /// Both profiles have it.
        case shared
    }

    public var direction: Direction
    /// What the shared feature is: a taxonomy label, a keyword, or a word.
    public var term: String
    /// The asking participant's own phrases behind it.
    public var yours: [String]
    /// The partner's own phrases behind it.
    public var theirs: [String]
    /// Share of the directional cosine that this term accounts for.
    public var contribution: Double
    /// For a reason by meaning (`SemanticExplainer`): the cosine of the two statements, rounded to 2 decimals.
    public var similarity: Double? = nil

    /// A sentence for people: `you offer "acoustic sensors", they need "sensors for hearing aids"`.
    public var summary: String {
        if let similarity { return semanticSummary(similarity) }
        let mine = Self.list(yours, fallback: term), other = Self.list(theirs, fallback: term)
        let same = Set(yours) == Set(theirs)
        let named = (yours + theirs).contains { $0.lowercased() == term.lowercased() }
        let suffix = named ? "" : " (\(term))"
        switch direction {
        case .youOffer: return same ? "you offer \(mine), which they need\(suffix)" : "you offer \(mine), they need \(other)\(suffix)"
        case .theyOffer: return same ? "they offer \(other), which you need\(suffix)" : "they offer \(other), you need \(mine)\(suffix)"
        case .shared: return same ? "both: \(mine)\(suffix)" : "both work on \(term): you \(mine), they \(other)"
        }
    }

    private static func list(_ phrases: [String], fallback: String) -> String {
        let shown = phrases.isEmpty ? [fallback] : Array(phrases.prefix(2))
        return shown.map { "\"\($0)\"" }.joined(separator: " and ")
    }
}

/// What explaining needs of one participant, computed once however many pairs it is in:
/// per view its features' TF-IDF weights sorted by name, their norm, and the phrases behind
/// each, so that explaining a pair is a merge of short sorted lists plus formatting.
public struct ExplainableTerms: Sendable {
    struct View: Sendable {
        var names: [String] = []
        var weights: [Double] = []
        var sources: [[String]] = []
        var norm: Double = 0

        init(_ bag: FeatureBag, space: VectorSpace) {
            for (name, weight) in bag.weights.sorted(by: { $0.key < $1.key }) {
                names.append(name)
                let w = weight * space.statistics.idf(name)
                weights.append(w)
                sources.append(bag.sources[name] ?? [])
                norm += w * w
            }
            norm = norm.squareRoot()
        }
    }

    let profile: View
    let offers: View
    let needs: View

    public init(_ features: ParticipantFeatures, space: VectorSpace) {
        profile = View(features.profile, space: space)
        offers = View(features.offers, space: space)
        needs = View(features.needs, space: space)
    }
}

/// Term-level explanation of a pair: which shared features produced the score.
public enum Explainer {
    /// The strongest reasons for a pair, in both directions and in shared competences.
    ///
    /// Uses the exact sparse TF-IDF weights (not the hashed dense vectors), so each
    /// reason's contribution is its share of the cosine in that direction.
    /// - Parameter limit: reasons kept per kind (offer→need, need←offer, shared).
    public static func reasons(_ a: ParticipantFeatures, _ b: ParticipantFeatures, space: VectorSpace, limit: Int = 3) -> [Reason] {
        reasons(ExplainableTerms(a, space: space), ExplainableTerms(b, space: space), space: space, limit: limit)
    }

    /// The same reasons from terms prepared once per participant (`ExplainableTerms`).
    public static func reasons(_ a: ExplainableTerms, _ b: ExplainableTerms, space: VectorSpace, limit: Int = 3) -> [Reason] {
        var result: [Reason] = []
        result += overlap(a.offers, b.needs, space: space, direction: .youOffer, limit: limit)
        result += overlap(b.offers, a.needs, space: space, direction: .theyOffer, limit: limit, swapped: true)
        // Shared competences, leaving out terms already named in a directional reason.
        let named = Set(result.map(\.term))
        result += overlap(a.profile, b.profile, space: space, direction: .shared, limit: limit + named.count)
            .filter { !named.contains($0.term) }.prefix(limit)
        // A keyword and a taxonomy label can read the same: say it once.
        var seen: Set<String> = []
        return result.filter { seen.insert($0.summary.lowercased()).inserted }
    }

    private static func overlap(_ x: ExplainableTerms.View, _ y: ExplainableTerms.View, space: VectorSpace, direction: Reason.Direction,
                                limit: Int, swapped: Bool = false) -> [Reason] {
        let nx = x.norm, ny = y.norm
        guard nx > 0, ny > 0 else { return [] }
        // The shared features: a merge of the two name-sorted lists.
        var items: [(x: Int, y: Int, value: Double)] = []
        var p = 0, q = 0
        while p < x.names.count && q < y.names.count {
            if x.names[p] == y.names[q] {
                items.append((p, q, x.weights[p] * y.weights[q] / (nx * ny)))
                p += 1
                q += 1
            } else if x.names[p] < y.names[q] {
                p += 1
            } else {
                q += 1
            }
        }
        items.sort { $0.value != $1.value ? $0.value > $1.value : x.names[$0.x] < x.names[$1.x] }
        var reasons: [Reason] = []
        var shown: [(x: Set<String>, y: Set<String>)] = []
        for item in items {
            let feature = x.names[item.x]
            let sx = x.sources[item.x], sy = y.sources[item.y]
            // A word shared only through phrases already shown adds nothing for the reader.
            if FeatureKind(feature: feature) == .term && shown.contains(where: { !$0.x.isDisjoint(with: sx) && !$0.y.isDisjoint(with: sy) }) {
                continue
            }
            shown.append((Set(sx), Set(sy)))
            reasons.append(Reason(direction: direction, term: label(feature, space: space),
                                  yours: swapped ? sy : sx, theirs: swapped ? sx : sy, contribution: item.value))
            if reasons.count == limit { break }
        }
        return reasons
    }

    /// Readable name of a feature.
    static func label(_ feature: String, space: VectorSpace) -> String {
        if FeatureKind(feature: feature) == .code { return space.taxonomy.label(String(FeatureKind.value(of: feature))) }
        return String(FeatureKind.value(of: feature))
    }
}

extension Reason {
    /// The same reason as the partner reads it: who offers and who needs change places,
    /// and "yours" and "theirs" with them.
    public var swapped: Reason {
        let flipped: Direction = switch direction {
        case .youOffer: .theyOffer
        case .theyOffer: .youOffer
        case .shared: .shared
        }
        return Reason(direction: flipped, term: term, yours: theirs, theirs: yours, contribution: contribution, similarity: similarity)
    }

    /// A `summary` as the partner reads it, for texts that were stored as text (schedules):
    /// `swappedSummary(r.summary) == r.swapped.summary`. Text in another shape (an
    /// organiser's own words) is returned unchanged.
    public static func swappedSummary(_ text: String) -> String {
        if let semantic = semanticSwappedSummary(text) { return semantic }
        // Who offers and who needs change; the phrases stay where they are:
        // "you offer A, they need B S" ⇄ "they offer A, you need B S",
        // "you offer A, which they need S" ⇄ "they offer A, which you need S".
        for (from, to, need, needTo) in [("you offer \"", "they offer \"", "\", they need \"", "\", you need \""),
                                         ("they offer \"", "you offer \"", "\", you need \"", "\", they need \"")] where text.hasPrefix(from) {
            let rest = text.dropFirst(from.count)
            if let r = rest.range(of: need) { return to + rest[..<r.lowerBound] + needTo + rest[r.upperBound...] }
            let (which, whichTo) = needTo.hasPrefix("\", you") ? ("\", which they need", "\", which you need") : ("\", which you need", "\", which they need")
            if let r = rest.range(of: which) { return to + rest[..<r.lowerBound] + whichTo + rest[r.upperBound...] }
            return text
        }
        // "both work on T: you A, they B" ⇄ "both work on T: you B, they A"
        if text.hasPrefix("both work on "), let you = text.range(of: ": you \""),
           let they = text.range(of: "\", they \"", range: you.upperBound..<text.endIndex), text.hasSuffix("\"") {
            let a = text[text.index(before: you.upperBound)...they.lowerBound]
            let b = text[text.index(before: they.upperBound)...]
            return text[..<you.lowerBound] + ": you " + b + ", they " + a
        }
        return text
    }
}
