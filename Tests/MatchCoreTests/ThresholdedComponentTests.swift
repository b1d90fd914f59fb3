import CKernels
import Foundation
import JSONSupport
import Testing
@testable import MatchCore

/// Components read above a noise floor (`ScoreComponent.threshold`, the kernels' `_ABOVE`
/// kinds): every path (single queries, all-pairs on both kernels, exact scores,
/// explanations) against a float64 brute force, on data whose values crowd the threshold.
@Suite("Thresholded components: max(0, x − t)/(1 − t) on every kernel path")
struct ThresholdedComponentTests {
    /// Thresholds on the lexical components (dense here), so the brute force stays small.
    static let weights = ScoringWeights(weights: [.similarity: 0.3, .complementarity: 0.6, .keywords: 0.1],
                                        thresholds: [.similarity: 0.35, .complementarity: 0.25])

    static func above(_ x: Double, _ t: Double) -> Double { max(0, x - t) / (1 - t) }

    /// Float64 score of (i → j), written out from the definition (not from the plan).
    static func reference(_ m: CompetenceMatrix, _ w: ScoringWeights, _ i: Int, _ j: Int) -> Double {
        func t(_ name: ScoreComponent.Name) -> Double { Double(w.components.first { $0.name == name }?.threshold ?? 0) }
        let a = m.vectors(row: i), b = m.vectors(row: j)
        func dot(_ x: [Float], _ y: [Float]) -> Double { zip(x, y).reduce(0) { $0 + Double($1.0) * Double($1.1) } }
        func has(_ v: [Float], _ row: Int) -> Bool { !m.declaresSides[row] || v.contains { $0 != 0 } }
        let ts = t(.similarity), tc = t(.complementarity)
        let s = ts > 0 ? above(dot(a.profile, b.profile), ts) : dot(a.profile, b.profile)
        let f = tc > 0 ? above(dot(a.offers, b.needs), tc) : max(0, dot(a.offers, b.needs))
        let r = tc > 0 ? above(dot(a.needs, b.offers), tc) : max(0, dot(a.needs, b.offers))
        let forward = has(a.offers, i) && has(b.needs, j), backward = has(a.needs, i) && has(b.offers, j)
        let h = forward && backward ? (f + r > 0 ? 2 * f * r / (f + r) : 0) : forward ? f : backward ? r : 0
        return Double(w.similarity) * s + Double(w.complementarity) * h + Double(w.keywords) * dot(a.keywords, b.keywords)
    }

    static func referenceTop(_ m: CompetenceMatrix, _ w: ScoringWeights, _ i: Int, k: Int) -> [(row: Int, score: Double)] {
        var all = (0..<m.count).filter { $0 != i && !m.isEmptyProfile[$0] }.map { (row: $0, score: reference(m, w, i, $0)) }
        all.sort { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
        return Array(all.prefix(k))
    }

    static func expectSameTop(_ got: [ScoredPartner], _ want: [(row: Int, score: Double)], m: CompetenceMatrix, w: ScoringWeights, i: Int) {
        #expect(got.count == want.count, "row \(i)")
        for (g, r) in zip(got, want) {
            #expect(abs(Double(g.score) - reference(m, w, i, g.row)) < 1e-5, "row \(i) partner \(g.row)")
            #expect(abs(Double(g.score) - r.score) < 1e-5, "row \(i)")
        }
        let cut = want.last?.score ?? -.infinity
        for row in Set(got.map(\.row)).symmetricDifference(Set(want.map(\.row))) {
            #expect(abs(reference(m, w, i, row) - cut) < 1e-5, "row \(i): partner \(row) differs and is not a tie")
        }
    }

    /// Unit vectors a·c + √(1 − a²)·u with a shared centre c and random unit u: pairwise
    /// cosines a² + (1 − a²)·u·u′ spread around a² = the threshold, on both sides of it.
    static func crowdingMatrix(n: Int, d: Int, threshold: Float, seed: UInt64, sides: Bool = false) -> CompetenceMatrix {
        var rng = SeededRandom(seed: seed)
        let a = threshold.squareRoot(), b = (1 - threshold).squareRoot()
        let centre = MatcherTests.randomUnit(d, &rng), other = MatcherTests.randomUnit(d, &rng)
        func near(_ c: [Float]) -> [Float] {
            let u = MatcherTests.randomUnit(d, &rng)
            let v = zip(c, u).map { a * $0 + b * $1 }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
        let zero = [Float](repeating: 0, count: d)
        let rows = (0..<n).map { i in
            (id: String(format: "c%04d", i),
             vectors: ParticipantVectors(profile: near(centre), offers: near(other),
                                         needs: sides && i % 7 == 3 ? zero : near(other),
                                         keywords: MatcherTests.randomUnit(d, &rng)))
        }
        return CompetenceMatrix(dimension: d, rows: rows)
    }

    /// The C value of each kind against the definition, right at, just below and just above t.
    @Test func componentValuesFollowTheDefinitionAroundTheThreshold() {
        let t: Float = 0.3
        for kind in [CM_PRODUCT_ABOVE, CM_RECIPROCAL_ABOVE] {
            var k = cm_component(kind: Int32(kind), first: 0, weight: 1, threshold: t, scale: 1 / (1 - t), rowOffers: nil,
                                 rowNeeds: nil, offers: nil, needs: nil, offersMask: nil, needsMask: nil)
            for x in [t.nextDown, t, t.nextUp, t + 1e-4, t - 1e-4, -0.5, 0, 0.31, 0.9, 1] {
                for y in [t.nextDown, t.nextUp, 0.5, -1, 1] {
                    let f = Self.above(Double(x), Double(t)), g = Self.above(Double(y), Double(t))
                    let want = kind == CM_PRODUCT_ABOVE ? f : (f + g > 0 ? 2 * f * g / (f + g) : 0)
                    let got = cm_component_value(&k, x, y, 0, 0)
                    #expect(abs(Double(got) - want) <= 1e-6 * max(1, want), "kind \(kind) x \(x) y \(y): \(got) vs \(want)")
                    if x <= t { #expect(kind == CM_PRODUCT_ABOVE ? got == 0 : got == 0) }
                }
            }
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func singleQueriesAgreeWithTheBruteForce(seed: UInt64) {
        let m = Self.crowdingMatrix(n: 300, d: 48, threshold: 0.3, seed: seed, sides: seed == 2)
        let matcher = Matcher(matrix: m, weights: Self.weights)
        for i in stride(from: 0, to: m.count, by: 7) {
            Self.expectSameTop(matcher.topMatches(forRow: i, k: 10), Self.referenceTop(m, Self.weights, i, k: 10), m: m, w: Self.weights, i: i)
            // The exact score of a pair and its explanation's parts.
            let j = (i + 1) % m.count
            #expect(abs(Double(matcher.score(row: i, partner: j).score) - Self.reference(m, Self.weights, i, j)) < 1e-5)
        }
    }

    @Test(arguments: [AllPairsKernel.automatic, .float32])
    func allPairsAgreeWithTheBruteForce(kernel: AllPairsKernel) {
        for (seed, sides) in [(UInt64(3), false), (4, true)] {
            let m = Self.crowdingMatrix(n: 400, d: 40, threshold: 0.3, seed: seed, sides: sides)
            var matcher = Matcher(matrix: m, weights: Self.weights)
            matcher.allPairsKernel = kernel
            let lists = matcher.allTopMatches(k: 10, tileRows: 64, workers: 2)
            for i in stride(from: 0, to: m.count, by: 5) {
                Self.expectSameTop(lists[i], Self.referenceTop(m, Self.weights, i, k: 10), m: m, w: Self.weights, i: i)
            }
        }
    }

    /// The values really do crowd the threshold (else the tests above prove little).
    @Test func theDataCrowdsTheThreshold() {
        let m = Self.crowdingMatrix(n: 200, d: 40, threshold: 0.3, seed: 3)
        var below = 0, over = 0
        for i in 0..<50 { for j in 50..<100 {
            let c = zip(m.vectors(row: i).offers, m.vectors(row: j).needs).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            if c < 0.3 && c > 0.2 { below += 1 } else if c >= 0.3 && c < 0.4 { over += 1 }
        } }
        #expect(below > 500 && over > 500, "below \(below), above \(over)")
    }

    /// A threshold t multiplies what the prefilter cannot see by 1/(1 − t): the observed
    /// error of the bfloat16 scores stays within the margin, and exceeds the margin an
    /// unscaled bound would have given (so this fails when the margin is not scaled).
    @Test(.enabled(if: cm_bf16_supported() != 0, "the CPU has no AVX-512 BF16"))
    func theMarginScalesWithTheThreshold() {
        var rng = SeededRandom(seed: 47)
        let t: Float = 0.9
        // Near copies: cosines about 0.95, above the threshold, where the slope is 10.
        let m = MatcherTests.nearCopies(of: MatcherTests.randomUnit(40, &rng), count: 200, spread: 0.05, prefix: "n", &rng)
        let weights = ScoringWeights(weights: [.similarity: 1], thresholds: [.similarity: t])
        let plain = TilePrefilter(matrix: m, weights: ScoringWeights(weights: [.similarity: 1]), bfloat16: true)
        let prefilter = TilePrefilter(matrix: m, weights: weights, bfloat16: true)
        #expect(abs(prefilter.margin - 1e-6 - (plain.margin - 1e-6) / (1 - t)) < 1e-6 + 1e-3 * prefilter.margin)
        let matcher = Matcher(matrix: m, weights: weights)
        let n = m.count
        let empty = [UInt8](repeating: 0, count: n)
        var worst: Float = 0
        empty.withUnsafeBufferPointer { e in
            let pools = cm_pools_create(n, UInt32(n), .infinity, -.infinity, e.baseAddress!, nil)!
            defer { cm_pools_free(pools) }
            for i0 in stride(from: 0, to: n, by: 64) {
                for j0 in stride(from: i0, to: n, by: 64) {
                    prefilter.select(rows: i0, min(n, i0 + 64), columns: j0, min(n, j0 + 64), into: pools, buffers: nil, allow: nil, context: nil)
                }
            }
            var partners = [UInt32](repeating: 0, count: n), scores = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let count = cm_pools_candidates([pools], 1, i, &partners, &scores, n)
                #expect(count == n - 1)
                for x in 0..<count { worst = max(worst, abs(scores[x] - matcher.score(row: i, partner: Int(partners[x])).score)) }
            }
        }
        #expect(worst <= prefilter.margin, "worst error \(worst), margin \(prefilter.margin)")
        #expect(worst > plain.margin, "worst error \(worst) fits the unscaled margin \(plain.margin): the test shows nothing")
        // And the top k stays exact.
        let lists = matcher.allTopMatches(k: 10, tileRows: 64)
        for i in stride(from: 0, to: n, by: 9) {
            Self.expectSameTop(lists[i], Self.referenceTop(m, weights, i, k: 10), m: m, w: weights, i: i)
        }
    }

    /// Profiles: `thresholds` is read, checked, and reaches the components; the semantic
    /// components default to the measured noise floor.
    @Test func profilesReadThresholds() throws {
        let p = try ScoringProfile.parse(["name": "x", "weights": ["complementarity": 1, "semanticSimilarity": 1],
                                          "thresholds": ["semanticSimilarity": 0]], source: "x.json")
        #expect(p.weights.components.first { $0.name == .semanticSimilarity }?.threshold == 0)
        let q = try ScoringProfile.parse(["name": "x", "weights": ["complementarity": 1, "semanticComplementarity": 1]], source: "x.json")
        #expect(q.weights.components.first { $0.name == .semanticComplementarity }?.threshold == ScoreComponent.semanticNoiseFloor)
        #expect(q.weights.components.first { $0.name == .complementarity }?.threshold == 0)
        let bad: [(JSONValue, String)] = [(["network": 0.2], "thresholds.network"), (["similarity": 1], "thresholds.similarity"),
                                          (["similarity": -0.1], "thresholds.similarity"), ([1], "thresholds")]
        for (thresholds, field) in bad {
            do {
                _ = try ScoringProfile.parse(["name": "x", "weights": ["similarity": 1], "thresholds": thresholds], source: "x.json")
                Issue.record("accepted \(thresholds)")
            } catch { #expect(error.field == field) }
        }
    }

    /// The measured floor: the population's mean product plus z standard deviations
    /// (float64 over every pair, not sampled), within sampling error; clamped; inherited.
    @Test func theMeasuredFloorFollowsThePopulation() {
        let m = Self.crowdingMatrix(n: 300, d: 40, threshold: 0.3, seed: 5)
        var values: [Double] = []
        for i in 0..<m.count { for j in 0..<m.count where i != j {
            values.append(zip(m.vectors(row: i).offers, m.vectors(row: j).needs).reduce(0) { $0 + Double($1.0) * Double($1.1) })
        } }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        let floor = NoiseFloor.measure(m, .reciprocal(offers: .offers, needs: .needs), z: 1.5, minimum: 0)
        #expect(abs(Double(floor) - (mean + 1.5 * sd)) < 0.01, "floor \(floor), population \(mean) + 1.5 × \(sd)")
        #expect(NoiseFloor.measure(m, .reciprocal(offers: .offers, needs: .needs), z: 1.5, minimum: 0.9) == 0.9)
        // Too few rows to tell noise from signal: the minimum.
        #expect(NoiseFloor.measure(m.restricted(toRows: Array(0..<49)), .reciprocal(offers: .offers, needs: .needs), z: 1.5, minimum: 0.2) == 0.2)
        // Identical rows: every product 1, the floor at its cap.
        var rng = SeededRandom(seed: 6)
        let v = MatcherTests.randomUnit(16, &rng)
        let same = CompetenceMatrix(dimension: 16, rows: (0..<100).map { (id: "s\($0)", vectors: ParticipantVectors(profile: v, offers: v, needs: v, keywords: v)) })
        #expect(abs(NoiseFloor.measure(same, .product(.profile), z: 1.5, minimum: 0) - 0.95) < 1e-6)
        // A matcher resolves it once; a matcher on some of the rows keeps the resolved value.
        let lexical = ScoringWeights(weights: [.similarity: 0.2, .complementarity: 0.8])
        #expect(lexical.components.allSatisfy { $0.floorDeviations == nil })  // lexical: no floor unless given
        let matcher = Matcher(matrix: m, weights: lexical.measuringFloor(of: .complementarity, deviations: 1.5))
        let resolved = matcher.weights.components.first { $0.name == .complementarity }!
        #expect(resolved.floorDeviations == nil && abs(resolved.threshold - floor) < 1e-6)
        let sub = Matcher(matrix: m.restricted(toRows: Array(0..<40)), weights: matcher.weights)
        #expect(sub.weights.components.first { $0.name == .complementarity }!.threshold == resolved.threshold)
    }
}
