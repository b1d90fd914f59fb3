import Foundation

/// What a sparse feature is, and the one definition of how features are named: a prefix for
/// its kind, then the taxonomy code, keyword phrase or word term (`c:cm:01002`,
/// `k:sensors for hearing aids`, `t:sensor`). The names are stored (the features table) and
/// hashed into the dense vectors, so they never change.
public enum FeatureKind: String, Sendable, CaseIterable {
    /// A taxonomy code, qualified (`namespace:code`).
    case code = "c:"
    /// A whole keyword phrase, normalised.
    case keyword = "k:"
    /// One word's term (from a keyword or a text).
    case term = "t:"

    /// The feature's name for a code, phrase or term.
    public func name(_ value: String) -> String { rawValue + value }

    /// The kind of a feature, from its name.
    public init?(feature: String) {
        guard let kind = Self.allCases.first(where: { feature.hasPrefix($0.rawValue) }) else { return nil }
        self = kind
    }

    /// The code, phrase or term a feature names, without its kind.
    public static func value(of feature: String) -> Substring { feature.dropFirst(2) }
}

/// What one code, keyword or text adds to a view: the one recipe that `VectorSpace` (named
/// features with their sources) and `FeatureAnalysis` (integer ids, for storing) both
/// follow, so that their weights stay the same bit for bit.
extension VectorSpace {
    /// The features of a taxonomy code and the factor of each: the code itself (1), then
    /// its parent and grandparent (`parentFactor`, `grandparentFactor`).
    func codeFeatures(_ code: String) -> [(name: String, factor: Double)] {
        var list = [(name: FeatureKind.code.name(code), factor: 1.0)]
        for (ancestor, factor) in zip(taxonomy.ancestors(of: code), [configuration.parentFactor, configuration.grandparentFactor]) {
            list.append((FeatureKind.code.name(ancestor.qualifiedCode), factor))
        }
        return list
    }

    /// The features of a keyword with their weights: the whole phrase, then each of its
    /// terms once, in order. None for a keyword without words.
    func keywordFeatures(_ keyword: String) -> [(name: String, weight: Double)] {
        let words = TextAnalyzer.words(keyword)
        let phrase = words.joined(separator: " ")
        guard !phrase.isEmpty else { return [] }
        var list = [(name: FeatureKind.keyword.name(phrase), weight: configuration.keywordWeight)]
        var seen: Set<String> = []
        for term in TextAnalyzer.terms(words: words) where seen.insert(term).inserted {
            list.append((FeatureKind.term.name(term), configuration.keywordTermWeight))
        }
        return list
    }

    /// The terms of a text's words, each once, in order of first use, with how often it
    /// occurs and where it is first used. `term` gives a word's term (nil: it gives none,
    /// a stop word); callers that meet the same words often remember it.
    static func textTerms<Term: Equatable>(_ words: [String], term: (String) -> Term?) -> [(term: Term, count: Int, firstUse: Int)] {
        var terms: [(term: Term, count: Int, firstUse: Int)] = []
        for (i, word) in words.enumerated() {
            guard let t = term(word) else { continue }
            if let k = terms.firstIndex(where: { $0.term == t }) { terms[k].count += 1 } else { terms.append((t, 1, i)) }
        }
        return terms
    }

    /// The weight of a text's term: sublinear in its count, so that a repeated word does
    /// not dominate.
    static func textTermWeight(_ weight: Double, count: Int) -> Double { weight * (1 + log(Double(count))) }
}
