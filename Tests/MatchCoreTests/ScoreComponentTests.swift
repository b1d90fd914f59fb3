import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// Named score components: extra dense views, sparse pair terms and profiles that weigh
/// components by name, each against an independent float64 reference.
@Suite("Score components")
struct ScoreComponentTests {
    /// A symmetric sparse term: a few pairs share a "history" value in 0…1, the rest 0.
    static func sparseTerm(n: Int, seed: UInt64) -> [Int: Float] {
        var rng = SeededRandom(seed: seed)
        var values: [Int: Float] = [:]
        for _ in 0..<(n * 3) {
            let i = Int.random(in: 0..<n, using: &rng), j = Int.random(in: 0..<n, using: &rng)
            guard i != j else { continue }
            let v = Float.random(in: 0...1, using: &rng)
            values[min(i, j) * n + max(i, j)] = v
        }
        return values
    }

    static func term(_ values: [Int: Float], n: Int) -> PairTerm {
        PairTerm(name: "history", range: 0...1) { i, j in values[min(i, j) * n + max(i, j)] ?? 0 }
    }

    /// Weights with a pair-term component named `history` (not in the catalogue: the
    /// matcher takes any component it is given).
    static func weights(_ base: ScoringWeights, history: Float) -> ScoringWeights {
        base.adding(ScoreComponent("history", weight: history, .pairTerm))
    }

    static func reference(_ m: CompetenceMatrix, _ w: ScoringWeights, _ values: [Int: Float], _ i: Int, _ j: Int) -> Double {
        let n = m.count
        return MatcherTests.reference(m, w, i, j) + Double(w.weight(of: "history")) * Double(values[min(i, j) * n + max(i, j)] ?? 0)
    }

    static func referenceTop(_ m: CompetenceMatrix, _ w: ScoringWeights, _ values: [Int: Float], _ i: Int, k: Int) -> [(row: Int, score: Double)] {
        var all: [(row: Int, score: Double)] = []
        for j in 0..<m.count where j != i && !m.isEmptyProfile[j] { all.append((j, reference(m, w, values, i, j))) }
        all.sort { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
        return Array(all.prefix(k))
    }

    static func expectSame(_ got: [ScoredPartner], _ want: [(row: Int, score: Double)], cut: Double, label: String) {
        #expect(got.count == want.count, "\(label)")
        for (g, r) in zip(got, want) { #expect(abs(Double(g.score) - r.score) < 1e-5, "\(label)") }
        let gotSet = Set(got.map(\.row)), wantSet = Set(want.map(\.row))
        #expect(gotSet.symmetricDifference(wantSet).count <= 2 || abs((want.last?.score ?? 0) - cut) < 1e-5, "\(label)")
        if gotSet != wantSet {
            // Only near-ties at the cut may differ.
            for (g, r) in zip(got, want) where g.row != r.row { #expect(abs(Double(g.score) - r.score) < 1e-5, "\(label)") }
        }
    }

    /// A heavy term (weight 4) that says where it can be non-zero (`PairTerm.support`): the
    /// prefilter assumes its lower bound, the supported partners are scored besides, and
    /// the lists stay the exact top k on both kernels and the single query.
    @Test(arguments: [AllPairsKernel.automatic, .float32])
    func supportedPairTermsKeepTheTopKExact(kernel: AllPairsKernel) {
        let m = MatcherTests.randomMatrix(n: 300, d: 24, seed: 73)
        let n = m.count
        let values = Self.sparseTerm(n: n, seed: 74)
        var partners = [[Int]](repeating: [], count: n)
        for key in values.keys { partners[key / n].append(key % n); partners[key % n].append(key / n) }
        let support = partners.map { Array(Set($0)).sorted() }
        let w = Self.weights(.brokerage, history: 4)
        var matcher = Matcher(matrix: m, weights: w)
        var term = Self.term(values, n: n)
        term.support = { support[$0] }
        matcher.pairTerms = [term]
        matcher.allPairsKernel = kernel
        let lists = matcher.allTopMatches(k: 8, tileRows: 64, workers: 2)
        for i in 0..<n where !m.isEmptyProfile[i] {
            let want = Self.referenceTop(m, w, values, i, k: 8)
            Self.expectSame(lists[i], want, cut: want.last?.score ?? 0, label: "all-pairs row \(i)")
            if i % 9 == 0 {
                Self.expectSame(matcher.topMatches(forRow: i, k: 8), want, cut: want.last?.score ?? 0, label: "single row \(i)")
            }
        }
    }

    /// A sparse term large enough to reorder lists: all-pairs (both kernels) and single
    /// queries still return the exact top k of the float64 reference with the term.
    @Test(arguments: [AllPairsKernel.automatic, .float32])
    func pairTermsKeepTheTopKExact(kernel: AllPairsKernel) {
        let m = MatcherTests.randomMatrix(n: 300, d: 24, seed: 71)
        let values = Self.sparseTerm(n: m.count, seed: 72)
        for base in [ScoringWeights.brokerage, .peers] {
            let w = Self.weights(base, history: 0.6)
            var matcher = Matcher(matrix: m, weights: w)
            matcher.pairTerms = [Self.term(values, n: m.count)]
            matcher.allPairsKernel = kernel
            let lists = matcher.allTopMatches(k: 8, tileRows: 64, workers: 2)
            var reordered = 0
            for i in 0..<m.count where !m.isEmptyProfile[i] {
                let want = Self.referenceTop(m, w, values, i, k: 8)
                let withoutTerm = MatcherTests.referenceTop(m, base, i, k: 8)
                if Set(want.map(\.row)) != Set(withoutTerm.map(\.row)) { reordered += 1 }
                Self.expectSame(lists[i], want, cut: want.last?.score ?? 0, label: "all-pairs row \(i)")
                if i % 9 == 0 {
                    Self.expectSame(matcher.topMatches(forRow: i, k: 8), want, cut: want.last?.score ?? 0, label: "single row \(i)")
                }
            }
            // The term must matter, or this test shows nothing.
            #expect(reordered > 50, "the pair term changed only \(reordered) lists")
        }
    }

    /// A pair term never reaches an ad-hoc query (it has no row), and the exact score of
    /// one pair adds it once, whichever side asks.
    /// A gated term (`related`) counts only with content above 0 or a relation, and a term
    /// restricted to a subset of the rows keeps its gate and support (the event path).
    @Test func aGatedTermCountsOnlyWithContentOrARelationAlsoOnASubset() {
        let term = PairTerm(name: .activity, range: 0...1, support: { _ in [0, 1, 2, 3] }, related: { i, j in i + j == 3 }) { _, _ in 0.5 }
        #expect(term.value(1, 2, content: 0) == 0.5)    // related
        #expect(term.value(0, 1, content: 0.2) == 0.5)  // content
        #expect(term.value(0, 1, content: 0) == 0)      // neither
        #expect(term.value(0, 1, content: -0.1) == 0)
        // The subset of parent rows 1, 2, 3: its rows 0 and 1 are parents 1 and 2 (related).
        let sub = term.restricted(toRows: [1, 2, 3], subRow: [1: 0, 2: 1, 3: 2])
        #expect(sub.value(0, 1, content: 0) == 0.5)
        #expect(sub.value(1, 2, content: 0) == 0)       // parents 2 and 3: not related
        #expect(sub.support?(0) == [0, 1, 2])           // parent 0 is not in the subset
    }

    @Test func pairScoreIsSymmetricAndAddsTheTermOnce() {
        let m = MatcherTests.randomMatrix(n: 60, d: 16, seed: 73)
        let values = Self.sparseTerm(n: m.count, seed: 74)
        let w = Self.weights(.brokerage, history: 0.5)
        var matcher = Matcher(matrix: m, weights: w)
        matcher.pairTerms = [Self.term(values, n: m.count)]
        for (i, j) in [(1, 2), (3, 40), (59, 0)] + values.keys.prefix(5).map({ ($0 / m.count, $0 % m.count) }) {
            let a = matcher.score(row: i, partner: j), b = matcher.score(row: j, partner: i)
            #expect(a.score == b.score)
            #expect(abs(Double(a.score) - Self.reference(m, w, values, i, j)) < 1e-5)
            let parts = matcher.scoreParts(row: i, partner: j)
            #expect(parts.map(\.name) == [.similarity, .complementarity, .keywords, "history"])
            #expect(abs(parts.reduce(0) { $0 + $1.contribution } - a.score) < 1e-5)
            #expect(parts.last!.value == (values[min(i, j) * m.count + max(i, j)] ?? 0))
        }
    }

    /// The participants' own vectors as a view of their own: the `similarity` and
    /// `embedding` components together give the cosine of the blended competence vectors,
    /// built here independently as one concatenated vector in float64.
    @Test func embeddingViewEqualsTheBlendedCompetence() {
        var rng = SeededRandom(seed: 75)
        let d = 16, e = 6, n = 90
        var rows: [(id: String, vectors: ParticipantVectors)] = []
        var competence: [String: [Double]] = [:]
        for weight in [Float(0.5), 1.0, 0.2] {
            rows = []
            competence = [:]
            for i in 0..<n {
                let id = String(format: "u%03d", i)
                let p = MatcherTests.randomUnit(d, &rng, zero: i % 13 == 4)
                let u: [Float]? = i % 3 == 0 ? nil : (0..<e).map { _ in Float.random(in: -2...2, using: &rng) }
                var v = ParticipantVectors(profile: p, offers: MatcherTests.randomUnit(d, &rng), needs: MatcherTests.randomUnit(d, &rng),
                                           keywords: MatcherTests.randomUnit(d, &rng))
                let blended = EmbeddingBlend.views(profile: p, embedding: u, dimension: e, weight: weight)
                v.profile = blended.profile
                v.extra[.embedding] = blended.embedding
                rows.append((id, v))
                // Reference: today's definition, one vector (√(1−w)·p, √w·û) normalised; p alone without û.
                if let u {
                    let un = u.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                    let c = p.map { Double($0) * Double(1 - weight).squareRoot() } + u.map { Double($0) / un * Double(weight).squareRoot() }
                    let cn = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    competence[id] = c.map { $0 / cn }
                } else {
                    competence[id] = p.map(Double.init) + [Double](repeating: 0, count: e)
                }
            }
            let m = CompetenceMatrix(dimension: d, rows: rows.shuffled(using: &rng))
            #expect(m.views.dimension(of: .embedding) == e)
            let w = EmbeddingBlend.weights(ScoringWeights(similarity: 0.4, complementarity: 0.6))
            let matcher = Matcher(matrix: m, weights: w)
            let lists = matcher.allTopMatches(k: 5, tileRows: 32)
            for i in stride(from: 0, to: n, by: 7) where !m.isEmptyProfile[i] {
                let a = competence[m.ids[i]]!, va = m.vectors(row: i)
                func expected(_ j: Int) -> Double {
                    let b = competence[m.ids[j]]!, vb = m.vectors(row: j)
                    let s = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
                    let f = max(0, zip(va.offers, vb.needs).reduce(0.0) { $0 + Double($1.0) * Double($1.1) })
                    let g = max(0, zip(va.needs, vb.offers).reduce(0.0) { $0 + Double($1.0) * Double($1.1) })
                    return 0.4 * s + 0.6 * (f + g > 0 ? 2 * f * g / (f + g) : 0)
                }
                var want = (0..<n).filter { $0 != i && !m.isEmptyProfile[$0] }.map { (row: $0, score: expected($0)) }
                want.sort { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
                Self.expectSame(lists[i], Array(want.prefix(5)), cut: want[4].score, label: "w \(weight) row \(i)")
                for partner in lists[i] {
                    let b = competence[m.ids[partner.row]]!
                    #expect(abs(Double(partner.similarity) - zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }) < 1e-5)
                }
            }
        }
    }

    /// Profiles weigh components by name; an unknown name is an error that names it.
    @Test func profilesWeighComponentsByName() throws {
        let good = try ScoringProfile.parse(try JSONParser.parse(Array(#"{"name": "x", "weights": {"keywords": 1, "complementarity": 3}}"#.utf8)), source: "x.json")
        #expect(good.weights.components.map(\.name) == [.similarity, .complementarity, .keywords])
        #expect(good.weights.complementarity == 0.75 && good.weights.keywords == 0.25 && good.weights.similarity == 0)
        #expect(throws: ScoringProfileError.self) {
            try ScoringProfile.parse(try JSONParser.parse(Array(#"{"name": "x", "weights": {"similarty": 1}}"#.utf8)), source: "x.json")
        }
        do {
            _ = try ScoringProfile.parse(try JSONParser.parse(Array(#"{"name": "x", "weights": {"similarty": 1}}"#.utf8)), source: "x.json")
        } catch let error as ScoringProfileError {
            #expect(error.description == "x.json: field 'weights.similarty' is not a score component; use activity, complementarity, keywords, network, semanticComplementarity, semanticSimilarity, similarity, targetedCountries")
        }
    }

    /// A field the profile does not know, or one in the wrong place, is an error naming it:
    /// before, `"newOnly": true` beside `rules` or a misspelt `"asof"` did nothing, silently.
    @Test func unknownAndMisplacedFieldsAreNamed() throws {
        func problem(_ text: String) -> String? {
            do { _ = try ScoringProfile.parse(try JSONParser.parse(Array(text.utf8)), source: "p.json"); return nil }
            catch let error as ScoringProfileError { return error.description }
            catch { return "\(error)" }
        }
        #expect(problem(#"{"name": "x", "weights": {"similarity": 1}, "newOnly": true}"#)
                == #"p.json: field 'newOnly' is a rule: put it in "rules" (rules.newOnly)"#)
        #expect(problem(#"{"name": "x", "weights": {"similarity": 1}, "asof": "2020-01-01"}"#)
                == "p.json: field 'asof' is not a profile field; use name, description, weights, thresholds, embeddingWeight, rules, asOf, withoutNeeds")
        #expect(problem(#"{"name": "x", "weights": {"similarity": 1}, "rules": {"asOf": "2020-01-01"}}"#)
                == #"p.json: field 'rules.asOf' is a profile field, not a rule: put it beside "rules""#)
        #expect(problem(#"{"name": "x", "weights": {"similarity": 1}, "rules": {"newonly": true}}"#)
                == "p.json: field 'rules.newonly' is not a rule; use kinds, excludeSameOrganisation, excludeSameCluster, requireDifferentCountry, eenPartnership, newOnly, minimumScore")
        // Every field in its place reads.
        #expect(problem(#"{"name": "x", "description": "d", "weights": {"similarity": 1}, "thresholds": {"similarity": 0.1}, "embeddingWeight": 0.5, "asOf": "2020-01-01", "withoutNeeds": "peers", "rules": {"kinds": null, "excludeSameOrganisation": true, "excludeSameCluster": false, "requireDifferentCountry": false, "eenPartnership": false, "newOnly": true, "minimumScore": 0}}"#) == nil)
    }
}

/// One-sided profiles (an EEN offer has only offers, a request only needs): for rows that
/// declare their sides, a pair is scored on the direction that exists; other rows keep the
/// harmonic mean of both directions.
@Suite("One-sided complementarity")
struct OneSidedTests {
    /// Hand-worked: an offer meets the request for it on that one direction; two offers of
    /// the same thing get no complementarity at all.
    @Test func anOfferMeetsARequestOnTheOneDirection() {
        let zero = [Float](repeating: 0, count: 4)
        let thing: [Float] = [1, 0, 0, 0], other: [Float] = [0.6, 0.8, 0, 0]
        let rows: [(id: String, vectors: ParticipantVectors)] = [
            ("offer", ParticipantVectors(profile: thing, offers: thing, needs: zero, keywords: zero)),
            ("request", ParticipantVectors(profile: other, offers: zero, needs: other, keywords: zero)),
            ("rival", ParticipantVectors(profile: thing, offers: thing, needs: zero, keywords: zero)),
        ]
        let m = CompetenceMatrix(dimension: 4, rows: rows, declaringSides: ["offer", "request", "rival"])
        let matcher = Matcher(matrix: m, weights: ScoringWeights(similarity: 0, complementarity: 1))
        let offer = m.row(of: "offer")!, request = m.row(of: "request")!, rival = m.row(of: "rival")!
        #expect(abs(matcher.score(row: offer, partner: request).score - 0.6) < 1e-6)
        #expect(abs(matcher.score(row: request, partner: offer).score - 0.6) < 1e-6)
        #expect(matcher.score(row: offer, partner: rival).score == 0)
        #expect(matcher.topMatches(forRow: offer, k: 2).map(\.row) == [request, rival])
        // Rows by id: offer, request, rival. The request's tie (offer and rival) goes to the smaller id.
        #expect(matcher.allTopMatches(k: 1).map { $0.map(\.row) } == [[request], [offer], [request]])
        // An ad-hoc query declares no sides (it has both), but the request offers nothing:
        // only the forward direction exists.
        let query = ParticipantVectors(profile: thing, offers: thing, needs: zero, keywords: zero)
        #expect(abs((matcher.topMatches(for: query, k: 1).first?.score ?? 0) - 0.6) < 1e-6)
        // The same rows not declaring their sides: the harmonic mean, as for any member.
        let undeclared = Matcher(matrix: CompetenceMatrix(dimension: 4, rows: rows), weights: matcher.weights)
        #expect(undeclared.score(row: offer, partner: request).score == 0)
    }

    /// Offers-only, needs-only and two-sided rows mixed: all-pairs (both kernels) and single
    /// queries give the float64 reference's top k.
    @Test(arguments: [AllPairsKernel.automatic, .float32])
    func mixedSidesAgreeWithTheReference(kernel: AllPairsKernel) {
        var rng = SeededRandom(seed: 77)
        let d = 20
        let rows = (0..<240).map { i -> (id: String, vectors: ParticipantVectors) in
            let side = i % 3  // 0: both, 1: offers only, 2: needs only
            return (String(format: "s%03d", i),
                    ParticipantVectors(profile: MatcherTests.randomUnit(d, &rng), offers: MatcherTests.randomUnit(d, &rng, zero: side == 2),
                                       needs: MatcherTests.randomUnit(d, &rng, zero: side == 1), keywords: MatcherTests.randomUnit(d, &rng)))
        }
        // Every other row declares its sides (EEN-like); the rest count as having both.
        let m = CompetenceMatrix(dimension: d, rows: rows, declaringSides: Set(rows.map(\.id).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)))
        for w in [ScoringWeights.brokerage, ScoringWeights(similarity: 0.2, complementarity: 0.5, keywords: 0.3)] {
            var matcher = Matcher(matrix: m, weights: w)
            matcher.allPairsKernel = kernel
            let lists = matcher.allTopMatches(k: 6, tileRows: 48, workers: 2)
            for i in 0..<m.count {
                let want = MatcherTests.referenceTop(m, w, i, k: 6)
                MatcherTests.expectSameTop(lists[i], want, m: m, w: w, i: i)
                if i % 7 == 0 { MatcherTests.expectSameTop(matcher.topMatches(forRow: i, k: 6), want, m: m, w: w, i: i) }
            }
        }
    }
}
