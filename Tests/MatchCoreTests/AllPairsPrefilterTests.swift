import CKernels
import Foundation
import Testing
@testable import MatchCore

@Suite("All-pairs prefilter: bfloat16 products, error bound, exact result")
struct AllPairsPrefilterTests {
    static let bf16 = cm_bf16_supported() != 0

    /// Packing rounds each value to the nearest bfloat16 (ties to even), puts it where the
    /// panel layout says, and reports a rounding-error norm that is an upper bound.
    @Test func packingRoundsToNearestEvenAndBoundsTheError() {
        var rng = SplitMix64(seed: 41)
        let n = 37, d = 11  // odd width and a partial panel
        var x = (0..<n * d).map { _ in Float.random(in: -1...1, using: &rng) * pow(2, Float.random(in: -8...2, using: &rng)) }
        x[0] = Float(bitPattern: 0x3F80_8000)  // exactly halfway, even below: stays 1.0
        x[1] = Float(bitPattern: 0x3F81_8000)  // exactly halfway, odd below: rounds up
        var panels = [UInt32](repeating: 0xFFFF_FFFF, count: cm_bf16_panel_words(n, d))
        var error = [Float](repeating: 0, count: n)
        cm_bf16_pack(x, n, d, &panels, &error)
        let d2 = (d + 1) / 2
        func unpacked(_ i: Int, _ k: Int) -> Float {
            let word = panels[(i / 16) * d2 * 16 + (k / 2) * 16 + i % 16]
            return Float(bitPattern: (k % 2 == 0 ? word & 0xFFFF : word >> 16) << 16)
        }
        #expect(unpacked(0, 0) == 1.0)
        #expect(unpacked(0, 1).bitPattern == 0x3F82_0000)
        for i in 0..<n {
            var e2 = 0.0
            for k in 0..<d {
                let v = x[i * d + k], b = unpacked(i, k)
                // No bfloat16 value lies strictly closer to v.
                let up = Float(bitPattern: b.bitPattern &+ 0x1_0000), down = Float(bitPattern: b.bitPattern &- 0x1_0000)
                #expect(abs(v - b) <= abs(v - up) && abs(v - b) <= abs(v - down), "row \(i) col \(k): \(v) → \(b)")
                e2 += Double(v - b) * Double(v - b)
            }
            #expect(Double(error[i]) >= e2.squareRoot())
            #expect(Double(error[i]) <= e2.squareRoot() * 1.001 + 1e-30)
            // The pad half of the last pair is zero.
            #expect(panels[(i / 16) * d2 * 16 + (d2 - 1) * 16 + i % 16] >> 16 == 0)
        }
    }

    /// Every approximate score is within the stated margin of the exact float32 score,
    /// and the margin is tight enough to be useful (unit vectors: below 0.02).
    @Test(arguments: [ScoringWeights.peers, .brokerage, ScoringWeights(similarity: 0.2, complementarity: 0.5, keywords: 0.3)])
    func approximateScoresStayWithinTheMargin(weights: ScoringWeights) {
        let m = MatcherTests.randomMatrix(n: 150, d: 40, seed: 42)
        let matcher = Matcher(matrix: m, weights: weights)
        let prefilter = TilePrefilter(matrix: m, weights: weights, bfloat16: Self.bf16)
        #expect(prefilter.margin > 0 && prefilter.margin < 0.02)
        let n = m.count
        let empty = m.isEmptyProfile.map { UInt8($0 ? 1 : 0) }
        empty.withUnsafeBufferPointer { e in
            // Pools that keep everything: k = n, no floor.
            let pools = cm_pools_create(n, UInt32(n), .infinity, -.infinity, e.baseAddress!, nil)!
            defer { cm_pools_free(pools) }
            let buffers = TileBuffers(tile: 64)
            for i0 in stride(from: 0, to: n, by: 64) {
                for j0 in stride(from: i0, to: n, by: 64) {
                    prefilter.select(rows: i0, min(n, i0 + 64), columns: j0, min(n, j0 + 64), into: pools,
                                     buffers: buffers, allow: nil, context: nil)
                }
            }
            var partners = [UInt32](repeating: 0, count: n), scores = [Float](repeating: 0, count: n)
            var worst: Float = 0
            for i in 0..<n where !m.isEmptyProfile[i] {
                let count = cm_pools_candidates([pools], 1, i, &partners, &scores, n)
                let expected = (0..<n).filter { $0 != i && !m.isEmptyProfile[$0] }.count
                #expect(count == expected, "row \(i) saw \(count) partners")
                for x in 0..<count {
                    let exact = matcher.score(row: i, partner: Int(partners[x])).score
                    worst = max(worst, abs(scores[x] - exact))
                    #expect(abs(scores[x] - exact) <= prefilter.margin, "row \(i) partner \(partners[x])")
                }
            }
            if Self.bf16 { #expect(worst > 0) }  // the bfloat16 path is really approximate
        }
    }

    /// Structured data (near-duplicates, topic clusters, empty rows, a minimum score, a
    /// filter) through both kernels: the float64 reference's top k, ties aside.
    @Test(arguments: [AllPairsKernel.automatic, .float32])
    func bothKernelsGiveTheExactTopK(kernel: AllPairsKernel) {
        var rng = SeededRandom(seed: 43)
        let d = 48
        let centres = (0..<6).map { _ in MatcherTests.randomUnit(d, &rng) }
        func near(_ c: [Float], _ noise: Float) -> [Float] {
            let v = c.map { $0 + Float.random(in: -noise...noise, using: &rng) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return v.map { $0 / norm }
        }
        let rows = (0..<400).map { i -> (id: String, vectors: ParticipantVectors) in
            let noise: Float = i % 3 == 0 ? 1e-3 : 0.3  // a third are near-duplicates of their centre
            let v = i % 50 == 7 ? [Float](repeating: 0, count: d) : near(centres[i % 6], noise)
            return (String(format: "s%04d", i), ParticipantVectors(profile: v, offers: near(centres[(i + 1) % 6], noise),
                                                                    needs: near(centres[(i + 2) % 6], noise), keywords: v))
        }
        let m = CompetenceMatrix(dimension: d, rows: rows)
        for weights in [ScoringWeights.peers, .brokerage] {
            var matcher = Matcher(matrix: m, weights: weights, minimumScore: 0.05)
            matcher.allPairsKernel = kernel
            let hidden = 11
            let lists = matcher.allTopMatches(k: 12, tileRows: 100, allow: { _, j in j != hidden })
            for i in stride(from: 0, to: m.count, by: 4) {
                if m.isEmptyProfile[i] { #expect(lists[i].isEmpty); continue }
                #expect(!lists[i].contains { $0.row == hidden })
                let want = MatcherTests.referenceTop(m, weights, i, k: 13).filter { $0.row != hidden && $0.score >= 0.05 }.prefix(12)
                MatcherTests.expectSameTop(lists[i], Array(want), m: m, w: weights, i: i)
            }
        }
    }

    /// Many scores closer together than bfloat16 can tell apart: only the margin and the
    /// exact re-score keep the result exact (a margin ten times too small fails here).
    @Test func nearTiesBelowBFloat16ResolutionStayExact() {
        var rng = SeededRandom(seed: 44)
        let d = 32
        var base = MatcherTests.randomUnit(d, &rng)
        base = base.map { $0 + 0.1 }
        let m = MatcherTests.nearCopies(of: base, count: 600, spread: 2e-3, prefix: "t", &rng)
        for weights in [ScoringWeights.peers, .brokerage] {
            let lists = Matcher(matrix: m, weights: weights).allTopMatches(k: 10, tileRows: 128)
            for i in stride(from: 0, to: m.count, by: 10) {
                MatcherTests.expectSameTop(lists[i], MatcherTests.referenceTop(m, weights, i, k: 10), m: m, w: weights, i: i)
            }
        }
    }

    /// Negative weights are allowed by `ScoringWeights`: their error counts too.
    @Test(arguments: [AllPairsKernel.automatic, .float32])
    func negativeWeightsStayExact(kernel: AllPairsKernel) {
        let m = MatcherTests.randomMatrix(n: 300, d: 32, seed: 45)
        let weights = ScoringWeights(similarity: 2, complementarity: -0.5, keywords: -0.5)
        var matcher = Matcher(matrix: m, weights: weights)
        matcher.allPairsKernel = kernel
        let lists = matcher.allTopMatches(k: 8, tileRows: 64)
        for i in stride(from: 0, to: m.count, by: 3) where !m.isEmptyProfile[i] {
            MatcherTests.expectSameTop(lists[i], MatcherTests.referenceTop(m, weights, i, k: 8), m: m, w: weights, i: i)
        }
    }

    /// Identical profiles tie everywhere: each row's list is the k smallest other rows, and
    /// the pools keep no more than their buffer (the exact compaction), not every tie.
    @Test(arguments: [AllPairsKernel.automatic, .float32])
    func identicalProfilesKeepPoolsSmallAndTieByRow(kernel: AllPairsKernel) {
        var rng = SeededRandom(seed: 46)
        let v = MatcherTests.randomUnit(24, &rng)
        let rows = (0..<500).map { (id: String(format: "d%04d", $0), vectors: ParticipantVectors(profile: v, offers: v, needs: v, keywords: v)) }
        let m = CompetenceMatrix(dimension: 24, rows: rows)
        for weights in [ScoringWeights.peers, .brokerage] {
            var matcher = Matcher(matrix: m, weights: weights)
            matcher.allPairsKernel = kernel
            let lists = matcher.allTopMatches(k: 5, tileRows: 64, workers: 2)
            for i in [0, 3, 250, 499] {
                #expect(lists[i].map(\.row) == Array((0..<500).filter { $0 != i }.prefix(5)), "row \(i)")
            }
        }
        // The pools themselves: every pair offered, at most 8k + 48 kept per row.
        let prefilter = TilePrefilter(matrix: m, weights: .peers, bfloat16: kernel == .automatic && Self.bf16)
        let empty = [UInt8](repeating: 0, count: m.count)
        Matcher(matrix: m, weights: .peers).withExactJob(margin: prefilter.margin) { job in
            empty.withUnsafeBufferPointer { e in
                let pools = cm_pools_create(m.count, 5, 2 * prefilter.margin, -.infinity, e.baseAddress!, job)!
                defer { cm_pools_free(pools) }
                let buffers = TileBuffers(tile: 64)
                for i0 in stride(from: 0, to: m.count, by: 64) {
                    for j0 in stride(from: i0, to: m.count, by: 64) {
                        prefilter.select(rows: i0, min(m.count, i0 + 64), columns: j0, min(m.count, j0 + 64), into: pools,
                                         buffers: buffers, allow: nil, context: nil)
                    }
                }
                var partners = [UInt32](repeating: 0, count: m.count), scores = [Float](repeating: 0, count: m.count)
                for i in [0, 100, 499] {
                    let count = cm_pools_candidates([pools], 1, i, &partners, &scores, m.count)
                    #expect(count >= 5 && count <= 8 * 5 + 48, "row \(i) kept \(count)")
                }
            }
        }
    }
}
