import Foundation

/// Reasons by meaning: the statement pair that carries a semantic match, with its cosine,
/// e.g. `you offer "MEMS microphones" ≈ they need "miniature acoustic sensors for hearing
/// devices" (0.71)`. They stand beside the lexical reasons (`Explainer`).
public enum SemanticExplainer {
    /// Statement texts with their unit vectors (`count × dimension`, row-major).
    public struct Embedded: Sendable {
        public var texts: [String]
        public var vectors: [Float]
        public var dimension: Int

        public init(texts: [String], vectors: [Float], dimension: Int) {
            self.texts = texts
            self.vectors = vectors
            self.dimension = dimension
        }

        func cosine(_ i: Int, _ other: Embedded, _ j: Int) -> Float {
            var s: Float = 0
            for k in 0..<dimension { s += vectors[i * dimension + k] * other.vectors[j * dimension + k] }
            return s
        }
    }

    /// A pair's statements by meaning: offers, needs and whole-profile statements, each embedded.
    public struct Side: Sendable {
        public var offers: Embedded
        public var needs: Embedded
        public var profile: Embedded

        public init(offers: Embedded, needs: Embedded, profile: Embedded) {
            self.offers = offers
            self.needs = needs
            self.profile = profile
        }
    }

    /// Statement pairs below this cosine are not worth showing (unrelated sentences of this
    /// model score about 0 to 0.2).
    public static let threshold: Float = 0.3

    /// The best statement pair in each direction (`directional`) or of the profiles (not
    /// `directional`), as reasons, best first; ties go to the earlier statements. Only pairs
    /// above `floor` (the component's noise floor, `ScoreComponent.threshold`) and at least
    /// `threshold` are shown: a pair that adds nothing to the score gives no reason.
    public static func reasons(_ a: Side, _ b: Side, directional: Bool, floor: Float = 0) -> [Reason] {
        func best(_ x: Embedded, _ y: Embedded) -> (i: Int, j: Int, value: Float)? {
            var found: (i: Int, j: Int, value: Float)?
            for i in x.texts.indices {
                for j in y.texts.indices {
                    let c = x.cosine(i, y, j)
                    if c >= threshold, c > floor, c > (found?.value ?? -2) { found = (i, j, c) }
                }
            }
            return found
        }
        var result: [Reason] = []
        func add(_ direction: Reason.Direction, _ mine: Embedded, _ theirs: Embedded) {
            let pair = direction == .theyOffer ? best(theirs, mine).map { (i: $0.j, j: $0.i, value: $0.value) } : best(mine, theirs)
            guard let pair else { return }
            let similarity = (Double(pair.value) * 100).rounded() / 100
            result.append(Reason(direction: direction, term: "meaning",
                                 yours: [SemanticStatements.quoted(mine.texts[pair.i])],
                                 theirs: [SemanticStatements.quoted(theirs.texts[pair.j])],
                                 contribution: Double(pair.value), similarity: similarity))
        }
        if directional {
            add(.youOffer, a.offers, b.needs)
            add(.theyOffer, a.needs, b.offers)
        } else {
            add(.shared, a.profile, b.profile)
        }
        return result.sorted { $0.contribution > $1.contribution }
    }
}

extension Reason {
    /// The sentence of a reason by meaning (`similarity` set).
    func semanticSummary(_ similarity: Double) -> String {
        // Statements on one line: an EEN text's blank lines would break tables.
        func line(_ s: String) -> String { s.utf8.contains { $0 < 0x20 } ? s.oneLine : s }
        let mine = "\"\(line(yours.first ?? term))\"", other = "\"\(line(theirs.first ?? term))\"", value = String(format: "%.2f", similarity)
        switch direction {
        case .youOffer: return "you offer \(mine) ≈ they need \(other) (\(value))"
        case .theyOffer: return "they offer \(other) ≈ you need \(mine) (\(value))"
        case .shared: return "both: you \(mine) ≈ they \(other) (\(value))"
        }
    }

    /// `Reason.swappedSummary` for the sentences of reasons by meaning; nil for others.
    static func semanticSwappedSummary(_ text: String) -> String? {
        for (from, to, need, needTo) in [("you offer \"", "they offer \"", "\" ≈ they need \"", "\" ≈ you need \""),
                                         ("they offer \"", "you offer \"", "\" ≈ you need \"", "\" ≈ they need \"")] where text.hasPrefix(from) {
            let rest = text.dropFirst(from.count)
            guard let r = rest.range(of: need) else { return nil }
            return to + rest[..<r.lowerBound] + needTo + rest[r.upperBound...]
        }
        if text.hasPrefix("both: you \""), let r = text.range(of: "\" ≈ they \""), let open = text.range(of: "\" (", options: .backwards) {
            let a = text[text.index(text.startIndex, offsetBy: 10)..<text.index(after: r.lowerBound)]
            let b = text[text.index(before: r.upperBound)..<text.index(after: open.lowerBound)]
            return "both: you " + b + " ≈ they " + a + text[text.index(after: open.lowerBound)...]
        }
        return nil
    }
}
