import Foundation

/// The texts a participant's semantic views are embedded from: one text per statement.
///
/// Each offer and need is one statement: its title, text, keywords and the labels of its
/// taxonomy codes, joined with ". " (empty parts left out). The participant's description,
/// its keywords (as one list) and its competences' labels (as one list) are statements of
/// the whole profile. As the lexical views are built (`ViewAssembly`): the profile is the
/// description, keywords, competences and offers; a participant that lists no offers
/// offers its competences and keywords. A view's vector is the normalised mean of its
/// statements' vectors (`SemanticStatements.mean`), so that all-pairs stays one product.
public struct SemanticStatements: Sendable, Hashable {
    /// What offers are embedded from (never empty strings).
    public var offers: [String]
    public var needs: [String]
    public var profile: [String]

    /// Every distinct text of the three views, in first-seen order.
    public var distinctTexts: [String] {
        var seen = Set<String>()
        return (offers + needs + profile).filter { seen.insert($0).inserted }
    }

    public init(offers: [String], needs: [String], profile: [String]) {
        self.offers = offers
        self.needs = needs
        self.profile = profile
    }

    /// The statements of `participant`, with taxonomy codes named by their labels.
    public init(_ participant: Participant, taxonomy: Taxonomy) {
        func labels(_ codes: [String]) -> String { codes.map { taxonomy.label($0) }.joined(separator: ", ") }
        func statement(_ s: Statement) -> String? {
            Self.join([s.title, s.text, s.keywords.joined(separator: ", "), labels(s.codes)])
        }
        let offers = participant.offers.compactMap(statement)
        let needs = participant.needs.compactMap(statement)
        let competences = Self.join([labels(participant.competences.map(\.code))])
        let keywords = Self.join([participant.keywords.joined(separator: ", ")])
        let description = Self.join([participant.description])
        let own = [description, keywords, competences].compactMap { $0 }
        self.init(offers: participant.offers.isEmpty ? [competences, keywords].compactMap { $0 } : offers,
                  needs: needs, profile: own + offers)
    }

    /// The non-empty parts (trimmed), joined with ". "; nil when all are empty.
    static func join(_ parts: [String?]) -> String? {
        let kept = parts.compactMap { $0?.trimmingWhitespace }.filter { !$0.isEmpty }
        return kept.isEmpty ? nil : kept.joined(separator: ". ")
    }

    /// A statement as explanations quote it: its first part (a title before its text), at
    /// most `limit` characters, cut at a word.
    public static func quoted(_ text: String, limit: Int = 80) -> String {
        let first = text.components(separatedBy: ". ").first ?? text
        guard first.count > limit else { return first }
        let cut = first.prefix(limit)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return word + "…"
    }

    /// The normalised mean of `count` unit vectors of `dimension` laid out row after row
    /// (all zero when there are none, or when they cancel out).
    public static func mean(_ vectors: [Float], count: Int, dimension: Int) -> [Float] {
        var sum = [Double](repeating: 0, count: dimension)
        for r in 0..<count {
            for k in 0..<dimension { sum[k] += Double(vectors[r * dimension + k]) }
        }
        let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return [Float](repeating: 0, count: dimension) }
        return sum.map { Float($0 / norm) }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
