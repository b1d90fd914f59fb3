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

    public var direction: Direction { didSet { madeSummary = nil } }
    /// What the shared feature is: a taxonomy label, a keyword, or a word.
    public var term: String { didSet { madeSummary = nil } }
    /// The asking participant's own phrases behind it.
    public var yours: [String] { didSet { madeSummary = nil } }
    /// The partner's own phrases behind it.
    public var theirs: [String] { didSet { madeSummary = nil } }
    /// Share of the directional cosine that this term accounts for.
    public var contribution: Double
    /// For a reason by meaning (`SemanticExplainer`): the cosine of the two statements, rounded to 2 decimals.
    public var similarity: Double? = nil { didSet { madeSummary = nil } }
    /// `summary`, kept by `Explainer`, which makes it anyway to say each thing once, so that
    /// writing a row does not make it again. Cleared by any change that could alter it.
    var madeSummary: String? = nil

    /// Equal when every public field is (the kept summary follows from them).
    public static func == (a: Reason, b: Reason) -> Bool {
        a.direction == b.direction && a.term == b.term && a.yours == b.yours && a.theirs == b.theirs
            && a.contribution == b.contribution && a.similarity == b.similarity
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(direction)
        hasher.combine(term)
        hasher.combine(yours)
        hasher.combine(theirs)
        hasher.combine(contribution)
        hasher.combine(similarity)
    }

    /// A sentence for people: `you offer "acoustic sensors", they need "sensors for hearing aids"`.
    public var summary: String {
        if let madeSummary { return madeSummary }
        if let similarity { return semanticSummary(similarity) }
        let mine = Self.list(yours, fallback: term), other = Self.list(theirs, fallback: term)
        // The same phrases on both sides (as sets), and whether a phrase already reads as the term.
        let same = yours.allSatisfy { theirs.contains($0) } && theirs.allSatisfy { yours.contains($0) }
        let named = yours.contains { Self.equalIgnoringCase($0, term) } || theirs.contains { Self.equalIgnoringCase($0, term) }
        let suffix = named ? "" : " (\(term))"
        switch direction {
        case .youOffer: return same ? "you offer \(mine), which they need\(suffix)" : "you offer \(mine), they need \(other)\(suffix)"
        case .theyOffer: return same ? "they offer \(other), which you need\(suffix)" : "they offer \(other), you need \(mine)\(suffix)"
        case .shared: return same ? "both: \(mine)\(suffix)" : "both work on \(term): you \(mine), they \(other)"
        }
    }

    private static func list(_ phrases: [String], fallback: String) -> String {
        guard let first = phrases.first else { return "\"\(fallback)\"" }
        return phrases.count == 1 ? "\"\(first)\"" : "\"\(first)\" and \"\(phrases[1])\""
    }

    /// `a.lowercased() == b.lowercased()`, without making either string in the common
    /// cases. Lowercasing maps each scalar on its own, so equal scalars stay equal, and the
    /// strings are equal up to the first scalars that differ. When both of these are
    /// `plain` (ASCII, or punctuation such as the ellipsis that cuts phrases), their
    /// lowercase forms decide: a plain scalar is a starter without canonical decomposition,
    /// so no normalisation can make the two lowercased strings equal past it. A string
    /// that ends first is shorter however the other continues. Other differences (accented
    /// letters, which can compose) fall back to lowercasing both.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        while true {
            let x = i.next(), y = j.next()
            guard let x, let y else { return x == nil && y == nil }
            if x == y { continue }
            guard let lx = plainLowercase(x.value), let ly = plainLowercase(y.value) else { break }
            if lx != ly { return false }
        }
        return a.lowercased() == b.lowercased()
    }

    /// The lowercase of a plain scalar (ASCII, or General Punctuation U+2010–U+2027:
    /// dashes, quotes, the ellipsis; uncased starters without canonical decomposition); nil for others.
    static func plainLowercase(_ v: UInt32) -> UInt32? {
        if v < 0x80 { return lowerASCII(v) }
        return (0x2010...0x2027).contains(v) ? v : nil
    }

    private static func lowerASCII(_ v: UInt32) -> UInt32 { v >= 65 && v <= 90 ? v + 32 : v }
}

/// Term-level explanation of a pair: which shared features produced the score.
public enum Explainer {
    /// The strongest reasons for a pair, in both directions and in shared competences.
    /// Features more than half of the participants have (`CorpusStatistics.isCommon`) are
    /// left out: "both work on h2020" tells no one apart.
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
        result += overlap(a, a.offers, b, b.needs, space: space, direction: .youOffer, limit: limit)
        result += overlap(b, b.offers, a, a.needs, space: space, direction: .theyOffer, limit: limit, swapped: true)
        // Shared competences, leaving out terms already named in a directional reason.
        var named: [String] = []
        for r in result where !named.contains(r.term) { named.append(r.term) }
        result += overlap(a, a.profile, b, b.profile, space: space, direction: .shared, limit: limit + named.count)
            .filter { !named.contains($0.term) }.prefix(limit)
        // A keyword and a taxonomy label can read the same: say it once.
        var kept: [Reason] = []
        for var r in result {
            let summary = r.summary
            if kept.contains(where: { Reason.equalIgnoringCase($0.summary, summary) }) { continue }
            r.madeSummary = summary
            kept.append(r)
        }
        return kept
    }

    /// The reasons of one view pair: the shared features (a merge of the two name-ordered
    /// lists, on ids when both have them), strongest first, ties by name.
    private static func overlap(_ a: ExplainableTerms, _ x: ExplainableTerms.View, _ b: ExplainableTerms, _ y: ExplainableTerms.View,
                                space: VectorSpace, direction: Reason.Direction, limit: Int, swapped: Bool = false) -> [Reason] {
        let nx = x.norm, ny = y.norm
        guard nx > 0, ny > 0 else { return [] }
        var items: [(x: Int, y: Int, value: Double)] = []
        var p = 0, q = 0
        let byID = x.byID && y.byID
        func add() {
            items.append((p, q, x.weights[p] * y.weights[q] / (nx * ny)))
            p += 1
            q += 1
        }
        if byID {
            while p < x.count && q < y.count {
                let s = x.ids[p], t = y.ids[q]
                if s == t { add() } else if s < t { p += 1 } else { q += 1 }
            }
        } else {
            while p < x.count && q < y.count {
                let s = x.name(p), t = y.name(q)
                if s == t { add() } else if s < t { p += 1 } else { q += 1 }
            }
        }
        items.sort { i, j in
            if i.value != j.value { return i.value > j.value }
            return byID ? x.ids[i.x] < x.ids[j.x] : x.name(i.x) < x.name(j.x)
        }
        var reasons: [Reason] = []
        // The phrases of the reasons given so far (positions in each participant's list).
        var shown: [(x: Range<Int>, y: Range<Int>)] = []
        func meets(_ r: Range<Int>, _ s: Range<Int>, _ v: ExplainableTerms.View) -> Bool {
            r.contains { i in s.contains { v.phrases[$0] == v.phrases[i] } }
        }
        for item in items {
            let feature = x.name(item.x)
            if space.statistics.isCommon(feature) { continue }  // more than half have it: it tells no one apart
            let sx = x.phraseRange(item.x), sy = y.phraseRange(item.y)
            // A word shared only through phrases already shown adds nothing for the reader.
            if FeatureKind(feature: feature) == .term && shown.contains(where: { meets($0.x, sx, x) && meets($0.y, sy, y) }) {
                continue
            }
            shown.append((sx, sy))
            let px = a.phraseTexts(x, item.x), py = b.phraseTexts(y, item.y)
            reasons.append(Reason(direction: direction, term: label(feature, space: space),
                                  yours: swapped ? py : px, theirs: swapped ? px : py, contribution: item.value))
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
        // "active in the history: you worked with N partners, they with M partners (…)" ⇄ M and N
        let active = "active in the history: you worked with ", they = ", they with ", tail = " (activity"
        if text.hasPrefix(active), let t = text.range(of: they), let end = text.range(of: tail, range: t.upperBound..<text.endIndex) {
            let mine = text[text.index(text.startIndex, offsetBy: active.count)..<t.lowerBound]
            return active + text[t.upperBound..<end.lowerBound] + they + mine + text[end.lowerBound...]
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
