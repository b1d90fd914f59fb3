import Testing
@testable import MatchCore

@Suite("Competence vectors")
struct VectorSpaceTests {
    let space = VectorSpace(taxonomy: miniTaxonomy)

    @Test func codesAlsoCountLessForParentAndGrandparent() {
        let f = space.features(of: company("a", codes: ["t:01001001"]))
        #expect(f.profile.weights["c:t:01001001"] == 1.0)
        #expect(f.profile.weights["c:t:01001"] == 0.5)
        #expect(f.profile.weights["c:t:01"] == 0.25)
        #expect(f.profile.sources["c:t:01001"] == ["Hearing aids"])
    }

    @Test func siblingCodesAreSimilarThroughTheirParent() {
        let index = VectorIndex.build(participants: [
            company("a", codes: ["t:01001001"]), company("b", codes: ["t:01001002"]), company("c", codes: ["t:02001"]),
        ], taxonomy: miniTaxonomy, configuration: .init(dimension: 512))
        let (a, b, c) = (index.vectors[0].profile, index.vectors[1].profile, index.vectors[2].profile)
        #expect(dot(a, b) > 0.1)
        #expect(dot(a, b) > dot(a, c) + 0.1)
    }

    @Test func keywordsGivePhraseAndWordFeatures() {
        let f = space.features(of: company("a", keywords: ["Sensors for Hearing Aids"]))
        #expect(f.profile.weights["k:sensors for hearing aids"] == 1.0)
        #expect(f.profile.weights["t:sensor"] == 0.5)
        #expect(f.profile.weights["t:aid"] == 0.5)
        #expect(f.profile.weights["t:for"] == nil)  // a stop word
    }

    @Test func offersDefaultToCompetencesAndNeedsDoNot() {
        let f = space.features(of: company("a", codes: ["t:02001"]))
        #expect(f.offers.weights["c:t:02001"] == 0.8)
        #expect(f.needs.isEmpty)
    }

    @Test func vectorsAreUnitLengthOrZero() {
        let v = space.vectors(of: company("a", codes: ["t:01001001"], keywords: ["x ray"]))
        #expect(abs(dot(v.profile, v.profile) - 1) < 1e-5)
        #expect(v.needs.allSatisfy { $0 == 0 })
    }

    @Test func idfMakesRareFeaturesWeighMore() {
        let stats = CorpusStatistics(documentCount: 100, documentFrequency: ["common": 90, "rare": 2])
        #expect(stats.idf("rare") > stats.idf("common"))
        #expect(abs(stats.idf("never") - (log(101.0) + 1)) < 1e-12)
    }

    /// Vectors depend on the data only, not on the order it arrived in.
    @Test func vectorsDoNotDependOnOrder() {
        var rng = SeededRandom(seed: 7)
        let words = ["acoustic", "sensor", "robot", "gripper", "vision", "food", "dairy", "wind", "battery", "audio"]
        let people = (0..<40).map { i in
            company("p\(i)", codes: [["t:01001001", "t:01001002", "t:02001"].randomElement(using: &rng)!],
                    keywords: (0..<3).map { _ in words.randomElement(using: &rng)! + " " + words.randomElement(using: &rng)! })
        }
        let config = VectorSpaceConfiguration(dimension: 64)
        let a = VectorIndex.build(participants: people, taxonomy: miniTaxonomy, configuration: config)
        let shuffled = people.shuffled(using: &rng)
        let b = VectorIndex.build(participants: shuffled, taxonomy: miniTaxonomy, configuration: config)
        let byID = Dictionary(uniqueKeysWithValues: zip(shuffled.map(\.id), b.vectors))
        for (p, v) in zip(people, a.vectors) { #expect(byID[p.id] == v) }
    }

    @Test func textIsFoldedAndPluralsReduced() {
        // Accents fold away; letters of their own (ø) stay; English plurals reduce.
        #expect(TextAnalyzer.terms("Café SENSORS, batteries and Høreapparater!") == ["cafe", "sensor", "battery", "høreapparater"])
        #expect(TextAnalyzer.normalisedPhrase("  MEMS   Microphones ") == "mems microphones")
    }
}

import Foundation

@Suite("Feature analysis for storing")
struct FeatureAnalysisTests {
    /// `FeatureAnalysis` (integer features, remembered keywords, codes and words) gives the
    /// weights of `featureWeights`, bit for bit, for every kind of field and configuration,
    /// also when one analysis has already seen other participants.
    @Test(arguments: [VectorSpaceConfiguration(dimension: 64), {
        var c = VectorSpaceConfiguration(dimension: 32)
        c.keywordTermWeight = 0
        c.offersInProfile = 0.3
        c.implicitOfferFactor = 0
        return c
    }()])
    func sameWeightsAsFeatureWeights(configuration: VectorSpaceConfiguration) {
        let space = VectorSpace(configuration: configuration, taxonomy: miniTaxonomy)
        var rng = SeededRandom(seed: 11)
        let words = ["acoustic", "sensors", "sensor", "Robot", "grippers", "vision", "the", "and", "batteries", "Høreapparater",
                     "café", "we", "offer", "x", "3D", "audio", "audio", "classes", "bus"]
        func text(_ n: Int) -> String { (0..<n).map { _ in words.randomElement(using: &rng)! }.joined(separator: [" ", ", ", "-"].randomElement(using: &rng)!) }
        func codes() -> [String] { (0..<Int.random(in: 0...2, using: &rng)).map { _ in ["t:01001001", "t:01001002", "t:02001", "t:01", "t:99"].randomElement(using: &rng)! } }
        func statements() -> [Statement] {
            (0..<Int.random(in: 0...2, using: &rng)).map { _ in
                Statement(title: Bool.random(using: &rng) ? text(3) : nil, text: Bool.random(using: &rng) ? text(12) : nil,
                          codes: codes(), keywords: (0..<Int.random(in: 0...2, using: &rng)).map { _ in text(2) })
            }
        }
        let analysis = FeatureAnalysis(space: space)
        for i in 0..<300 {
            var p = company("p\(i)", codes: codes(), keywords: (0..<Int.random(in: 0...4, using: &rng)).map { _ in text(Int.random(in: 1...3, using: &rng)) },
                            offers: statements(), needs: statements(), description: Bool.random(using: &rng) ? text(20) : nil)
            p.competences = p.competences.map { Competence(code: $0.code, weight: [1, 0.5, 2].randomElement(using: &rng)!) }
            let expected = space.featureWeights(of: p)
            let views = analysis.views(of: p)
            for (bag, view) in zip([expected.profile, expected.offers, expected.needs, expected.keywords], views) {
                var weights: [String: Double] = [:]
                for (id, weight) in zip(view.ids, view.weights) { weights[analysis.names[Int(id)]] = weight }
                #expect(weights == bag.weights, "participant \(i)")
                #expect(Set(view.ids).count == view.ids.count)
            }
        }
    }
}

@Suite("Text analysis fast path")
struct TextAnalyzerTests {
    /// The ASCII fast path gives exactly what Foundation's folding gives.
    @Test(arguments: ["MEMS Microphones, 3D-printing & IoT", "  hearing--aids: 12 dB ", "a", "", "Real-time (RT) DSP/FPGA v2.0"])
    func asciiFastPathMatchesFolding(text: String) {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        #expect(TextAnalyzer.asciiWords(text) == folded)
        #expect(TextAnalyzer.words(text) == folded)
    }

    @Test func nonASCIITakesTheFoldingPath() {
        #expect(TextAnalyzer.asciiWords("Café") == nil)
        #expect(TextAnalyzer.words("Café Ørsted") == ["cafe", "ørsted"])
    }

    /// The stemmer and the term filter work on bytes for ASCII words: they must give what
    /// the character rules give, for every ending the rules name and for other text.
    @Test func stemsAndTermsMatchTheCharacterRules() {
        func referenceStem(_ word: String) -> String {
            guard word.count > 3, word.unicodeScalars.allSatisfy({ $0.isASCII }) else { return word }
            if word.hasSuffix("ies") && word.count > 4 { return String(word.dropLast(3)) + "y" }
            if word.hasSuffix("sses") { return String(word.dropLast(2)) }
            if word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is") { return word }
            if word.hasSuffix("s") { return String(word.dropLast()) }
            return word
        }
        let words = ["ies", "pies", "flies", "batteries", "classes", "sses", "glass", "bus", "virus", "analysis", "sensors", "gas",
                     "gass", "s", "ss", "as", "is", "abcs", "x", "xy", "cafés", "høreapparaters", "naïves", "5g", "3ds", "offers",
                     "companies", "needs", "seeking", "an", "the", "thes", "tools", "toolssss", "a\r\nbs", "ørs",
                     "aps", "gmbh", "ab", "abs", "ltd", "ltds", "oy", "kg", "co", "ag", "publ", "haftungsbeschrankt", "spa", "sas",
                     "2014", "04", "١٢", "h2020", "4g", "100s"]
        // Legal forms go as whole words; their plurals, and forms that are also competences
        // (spa, sas), stay. Words of digits only (any script's) go; with a letter they stay.
        let legalForms: Set<String> = ["aps", "gmbh", "ab", "ltd", "oy", "kg", "co", "ag", "publ", "haftungsbeschrankt"]
        for word in words {
            #expect(TextAnalyzer.stem(word) == referenceStem(word), "\(word)")
            let digitsOnly = word.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("\u{0660}"..."\u{0669}").contains($0) }
            let kept = word.count > 1 && !legalForms.contains(word) && !digitsOnly
                && !(TextAnalyzer.stopWords.contains(word) || TextAnalyzer.stopWords.contains(referenceStem(word)))
            #expect(TextAnalyzer.term(word) == (kept ? referenceStem(word) : nil), "\(word)")
        }
    }
}
