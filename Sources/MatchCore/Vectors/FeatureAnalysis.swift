import Foundation

/// The features `VectorSpace.featureWeights(of:)` gives, computed for storing many
/// participants: features are named by small integers while a participant is analysed, and
/// what a keyword, a taxonomy code or a word gives is worked out once and remembered.
///
/// The weights are the same, bit for bit: every feature receives the same additions in the
/// same order as in `VectorSpace`. Features are listed in the order they were first added
/// (not in dictionary order), so the result does not depend on hashing either.
///
/// One instance per thread: it remembers what it has seen.
package final class FeatureAnalysis: ViewAssembly {
    package let space: VectorSpace
    /// Feature names by local id.
    package private(set) var names: [String] = []
    private var idOf: [String: Int32] = [:]
    /// Per keyword: the features it adds and their weights, in order.
    private var keywords: [String: [(id: Int32, weight: Double)]] = [:]
    /// Per taxonomy code: its feature and its ancestors' with their factors.
    private var codes: [String: [(id: Int32, factor: Double)]] = [:]
    /// Per word of a text: its term's feature, or -1 when the word gives none (stop word).
    private var words: [String: Int32] = [:]

    package init(space: VectorSpace) { self.space = space }

    var viewConfiguration: VectorSpaceConfiguration { space.configuration }

    /// The four views of a participant (profile, offers, needs, keywords), each as feature
    /// ids with raw weights, in first-added order.
    package func views(of participant: Participant) -> [Bag] {
        let v = assembleViews(of: participant, empty: Bag())
        return [v.profile, v.offers, v.needs, v.keywords]
    }

    /// Feature ids with raw weights; adding to a feature already there adds to its weight.
    /// Small (tens of features), so a linear search beats hashing.
    package struct Bag {
        package var ids: [Int32] = []
        package var weights: [Double] = []

        mutating func add(_ id: Int32, _ weight: Double) {
            guard weight > 0 else { return }
            accumulate(id, weight)
        }

        mutating func merge(_ other: Bag, scale: Double) {
            guard scale > 0 else { return }
            for k in other.ids.indices { accumulate(other.ids[k], other.weights[k] * scale) }
        }

        private mutating func accumulate(_ id: Int32, _ weight: Double) {
            if let i = ids.firstIndex(of: id) { weights[i] += weight } else {
                ids.append(id)
                weights.append(weight)
            }
        }
    }

    private func id(_ name: String) -> Int32 {
        if let known = idOf[name] { return known }
        let new = Int32(names.count)
        names.append(name)
        idOf[name] = new
        return new
    }

    /// `VectorSpace.codeFeatures`, remembered per code.
    func addCode(_ code: String, weight: Double, to bag: inout Bag) {
        let features = codes[code] ?? {
            let list = space.codeFeatures(code).map { (id: id($0.name), factor: $0.factor) }
            codes[code] = list
            return list
        }()
        for (fid, factor) in features { bag.add(fid, weight * factor) }
    }

    /// `VectorSpace.keywordFeatures`, remembered per keyword.
    func addKeyword(_ keyword: String, to bag: inout Bag) {
        let features = keywords[keyword] ?? {
            let list = space.keywordFeatures(keyword).map { (id: id($0.name), weight: $0.weight) }
            keywords[keyword] = list
            return list
        }()
        for (fid, weight) in features { bag.add(fid, weight) }
    }

    /// `VectorSpace.textTerms`, with each word's term remembered.
    func addText(_ text: String, weight: Double, to bag: inout Bag) {
        let terms = VectorSpace.textTerms(TextAnalyzer.words(text)) { (word: String) -> Int32? in
            let fid = words[word] ?? {
                let fid = TextAnalyzer.term(word).map { id(FeatureKind.term.name($0)) } ?? -1
                words[word] = fid
                return fid
            }()
            return fid >= 0 ? fid : nil
        }
        for (fid, n, _) in terms { bag.add(fid, VectorSpace.textTermWeight(weight, count: n)) }
    }
}
