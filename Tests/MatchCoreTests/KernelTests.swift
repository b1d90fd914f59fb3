import CKernels
import Testing
@testable import MatchCore

@Suite("Numeric kernels and the parallel all-pairs path")
struct KernelTests {
    /// The C conversion against Swift's own Float16 (round to nearest even), edge cases included.
    @Test func halfConversionMatchesSwiftFloat16() {
        var rng = SplitMix64(seed: 21)
        var values: [Float] = [0, -0, 1, -1, 65504, 65520, 1e-8, 6.1e-5, 5.96e-8, 2.98e-8, .infinity, -.infinity, 0.1, 1 / 3]
        for _ in 0..<5000 { values.append(Float.random(in: -2...2, using: &rng) * pow(10, Float.random(in: -6...4, using: &rng))) }
        var half = [UInt16](repeating: 0, count: values.count)
        cm_to_half(values, &half, values.count)
        for (v, h) in zip(values, half) { #expect(h == Float16(v).bitPattern, "value \(v)") }
    }

    @Test func halfDotProductsAreCloseToFloat32() {
        var rng = SplitMix64(seed: 22)
        let n = 50, d = 72  // not a multiple of 16: the tail loop runs too
        let rows = (0..<n * d).map { _ in Float.random(in: -0.2...0.2, using: &rng) }
        let q = (0..<d).map { _ in Float.random(in: -0.2...0.2, using: &rng) }
        var half = [UInt16](repeating: 0, count: rows.count)
        cm_to_half(rows, &half, rows.count)
        var out = [Float](repeating: 0, count: n)
        cm_dot_half(half, n, d, q, &out)
        for i in 0..<n {
            let exact = (0..<d).reduce(0.0) { $0 + Double(rows[i * d + $1]) * Double(q[$1]) }
            #expect(abs(Double(out[i]) - exact) < 1e-3)
        }
    }

    @Test(arguments: [1, 2, 3])
    func allPairsDoesNotDependOnWorkersOrTiles(workers: Int) {
        let m = MatcherTests.randomMatrix(n: 157, d: 24, seed: 31)
        let matcher = Matcher(matrix: m, weights: ScoringWeights(similarity: 0.3, complementarity: 0.6, keywords: 0.1))
        let reference = matcher.allTopMatches(k: 7, tileRows: 157, workers: 1)
        #expect(matcher.allTopMatches(k: 7, tileRows: 40, workers: workers) == matcher.allTopMatches(k: 7, tileRows: 40, workers: 1))
        let tiled = matcher.allTopMatches(k: 7, tileRows: 33, workers: workers)
        for (a, b) in zip(tiled, reference) {
            #expect(a.map(\.row) == b.map(\.row) || zip(a, b).allSatisfy { abs($0.score - $1.score) < 1e-5 })
        }
    }

    /// A filter that is not symmetric (B opted out, A did not) is asked for each direction.
    @Test func allPairsAsksTheFilterPerDirection() {
        let m = MatcherTests.randomMatrix(n: 60, d: 16, seed: 32)
        let hidden = 10
        let lists = Matcher(matrix: m, weights: .peers).allTopMatches(k: 59, tileRows: 16, allow: { _, j in j != hidden })
        for (i, list) in lists.enumerated() where i != hidden { #expect(!list.contains { $0.row == hidden }) }
        #expect(!lists[hidden].isEmpty || m.isEmptyProfile[hidden])
    }

    /// Many near-equal scores: the half-precision prefilter must still return the exact top k.
    @Test func prefilterIsExactOnNearDuplicates() {
        var rng = SplitMix64(seed: 33)
        let d = 32
        let base = MatcherTests.randomUnit(d, &rng)
        // Tiny perturbations of one vector: scores differ below half precision's resolution.
        let m = MatcherTests.nearCopies(of: base, count: 2000, spread: 1e-3, prefix: "r", &rng)
        for weights in [ScoringWeights.peers, .brokerage] {
            let matcher = Matcher(matrix: m, weights: weights)
            for i in [0, 500, 1999] {
                let got = matcher.topMatches(forRow: i, k: 10)
                let want = MatcherTests.referenceTop(m, weights, i, k: 10)
                MatcherTests.expectSameTop(got, want, m: m, w: weights, i: i)
            }
        }
    }
}

import Foundation
