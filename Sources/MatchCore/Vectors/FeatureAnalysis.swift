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
    /// Per taxonomy code: its feature and its ancestors' with their factors (nil: the code itself).
    private var codes: [String: [(id: Int32, factor: Double?)]] = [:]
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

    /// As `VectorSpace.addCode`: the code, then its parent and grandparent, scaled.
    func addCode(_ code: String, weight: Double, to bag: inout Bag) {
        let features = codes[code] ?? {
            let factors = [space.configuration.parentFactor, space.configuration.grandparentFactor]
            var list: [(id: Int32, factor: Double?)] = [(id("c:" + code), nil)]
            for (ancestor, factor) in zip(space.taxonomy.ancestors(of: code), factors) {
                list.append((id("c:" + ancestor.qualifiedCode), factor))
            }
            codes[code] = list
            return list
        }()
        for (fid, factor) in features { bag.add(fid, factor.map { weight * $0 } ?? weight) }
    }

    /// As `VectorSpace.addKeyword`: the whole phrase, then each of its terms once.
    func addKeyword(_ keyword: String, to bag: inout Bag) {
        let features = keywords[keyword] ?? {
            let words = TextAnalyzer.words(keyword)
            let phrase = words.joined(separator: " ")
            var list: [(id: Int32, weight: Double)] = []
            if !phrase.isEmpty {
                list.append((id("k:" + phrase), space.configuration.keywordWeight))
                var seen: Set<String> = []
                for term in TextAnalyzer.terms(words: words) where seen.insert(term).inserted {
                    list.append((id("t:" + term), space.configuration.keywordTermWeight))
                }
            }
            keywords[keyword] = list
            return list
        }()
        for (fid, weight) in features { bag.add(fid, weight) }
    }

    /// As `VectorSpace.addText`: each term once, weighted sublinearly in its count.
    func addText(_ text: String, weight: Double, to bag: inout Bag) {
        var terms: [Int32] = [], counts: [Int] = []
        for word in TextAnalyzer.words(text) {
            let fid = words[word] ?? {
                let fid = TextAnalyzer.term(word).map { id("t:" + $0) } ?? -1
                words[word] = fid
                return fid
            }()
            guard fid >= 0 else { continue }
            if let i = terms.firstIndex(of: fid) { counts[i] += 1 } else {
                terms.append(fid)
                counts.append(1)
            }
        }
        for (fid, n) in zip(terms, counts) { bag.add(fid, weight * (1 + log(Double(n)))) }
    }
}
