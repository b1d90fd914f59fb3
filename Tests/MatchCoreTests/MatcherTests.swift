import LinearAlgebra
import Testing
@testable import MatchCore

/// The float32 BLAS matcher against an independent float64 brute force.
@Suite("Matching against a brute-force reference")
struct MatcherTests {
    static func randomUnit(_ d: Int, _ rng: inout SeededRandom, zero: Bool = false) -> [Float] {
        if zero { return [Float](repeating: 0, count: d) }
        let v = (0..<d).map { _ in Float.random(in: -1...1, using: &rng) }
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }

    /// `count` unit vectors, each `base` plus uniform noise in ±`spread`, renormalised, as
    /// every view of rows named `prefix` + number: scores that differ below a reduced
    /// precision's resolution.
    static func nearCopies(of base: [Float], count: Int, spread: Float, prefix: String, _ rng: inout SeededRandom) -> CompetenceMatrix {
        let rows = (0..<count).map { i -> (id: String, vectors: ParticipantVectors) in
            var v = base.map { $0 + Float.random(in: -spread...spread, using: &rng) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = v.map { $0 / norm }
            return (String(format: "\(prefix)%04d", i), ParticipantVectors(profile: v, offers: v, needs: v, keywords: v))
        }
        return CompetenceMatrix(dimension: base.count, rows: rows)
    }

    static func randomMatrix(n: Int, d: Int, seed: UInt64) -> CompetenceMatrix {
        var rng = SeededRandom(seed: seed)
        let rows = (0..<n).map { i in
            (id: String(format: "p%04d", i),
             vectors: ParticipantVectors(profile: randomUnit(d, &rng, zero: i % 37 == 5),
                                         offers: randomUnit(d, &rng), needs: randomUnit(d, &rng, zero: i % 11 == 3),
                                         keywords: randomUnit(d, &rng, zero: i % 5 == 1)))
        }
        return CompetenceMatrix(dimension: d, rows: rows.shuffled(using: &rng))
    }

    /// Float64 score of (i → j), computed without BLAS. A row that declares its sides has
    /// the sides whose vectors are not zero, any other row both; a direction exists when the
    /// one side offers and the other needs, and a pair with one direction is scored on it alone.
    static func reference(_ m: CompetenceMatrix, _ w: ScoringWeights, _ i: Int, _ j: Int) -> Double {
        let a = m.vectors(row: i), b = m.vectors(row: j)
        func has(_ v: [Float], _ row: Int) -> Bool { !m.declaresSides[row] || v.contains { $0 != 0 } }
        let s: Double = dot(a.profile, b.profile)
        let f: Double = max(dot(a.offers, b.needs), 0)
        let r: Double = max(dot(a.needs, b.offers), 0)
        let forward = has(a.offers, i) && has(b.needs, j), backward = has(a.needs, i) && has(b.offers, j)
        let h: Double = forward && backward ? (f + r > 0 ? 2 * f * r / (f + r) : 0) : forward ? f : backward ? r : 0
        let k: Double = dot(a.keywords, b.keywords)
        let ws = Double(w.similarity), wc = Double(w.complementarity), wk = Double(w.keywords)
        return ws * s + wc * h + wk * k
    }

    static func referenceTop(_ m: CompetenceMatrix, _ w: ScoringWeights, _ i: Int, k: Int) -> [(row: Int, score: Double)] {
        var all: [(row: Int, score: Double)] = []
        for j in 0..<m.count where j != i && !m.isEmptyProfile[j] {
            all.append((row: j, score: reference(m, w, i, j)))
        }
        all.sort { a, b in a.score != b.score ? a.score > b.score : a.row < b.row }
        return Array(all.prefix(k))
    }

    /// Same top-k sets, except where the k-th and (k+1)-th reference scores tie within 1e-5.
    static func expectSameTop(_ got: [ScoredPartner], _ want: [(row: Int, score: Double)], m: CompetenceMatrix, w: ScoringWeights, i: Int) {
        #expect(got.count == want.count)
        for (g, r) in zip(got, want) {
            #expect(abs(Double(g.score) - reference(m, w, i, g.row)) < 1e-5)
            #expect(abs(Double(g.score) - r.score) < 1e-5)
        }
        let cut = want.last?.score ?? -.infinity
        let gotSet = Set(got.map(\.row)), wantSet = Set(want.map(\.row))
        for row in gotSet.symmetricDifference(wantSet) {
            #expect(abs(reference(m, w, i, row) - cut) < 1e-5, "row \(row) differs and is not a tie")
        }
    }

    @Test(arguments: [(ScoringWeights.brokerage, UInt64(1)), (ScoringWeights(similarity: 0.2, complementarity: 0.5, keywords: 0.3), UInt64(4)), (ScoringWeights.peers, UInt64(2)), (ScoringWeights(similarity: 0, complementarity: 1), UInt64(3))])
    func singleQueriesAgreeWithFloat64(weights: ScoringWeights, seed: UInt64) {
        let m = Self.randomMatrix(n: 300, d: 48, seed: seed)
        let matcher = Matcher(matrix: m, weights: weights)
        for i in stride(from: 0, to: m.count, by: 7) where !m.isEmptyProfile[i] {
            Self.expectSameTop(matcher.topMatches(forRow: i, k: 10), Self.referenceTop(m, weights, i, k: 10), m: m, w: weights, i: i)
        }
    }

    @Test func allPairsAgreeWithSingleQueriesAndReference() {
        let m = Self.randomMatrix(n: 203, d: 32, seed: 9)
        let matcher = Matcher(matrix: m, weights: .brokerage)
        let all = matcher.allTopMatches(k: 5, tileRows: 64)  // several tiles, last one partial
        for i in 0..<m.count {
            if m.isEmptyProfile[i] { #expect(all[i].isEmpty); continue }
            Self.expectSameTop(all[i], Self.referenceTop(m, .brokerage, i, k: 5), m: m, w: .brokerage, i: i)
            // The tiled and the single-query paths run different BLAS kernels: equal up to rounding.
            let single = matcher.topMatches(forRow: i, k: 5)
            #expect(zip(all[i], single).allSatisfy { abs($0.score - $1.score) < 1e-5 })
        }
    }

    @Test func duplicatesTieAndAreOrderedById() {
        var rng = SeededRandom(seed: 4)
        let v = ParticipantVectors(profile: Self.randomUnit(16, &rng), offers: Self.randomUnit(16, &rng), needs: Self.randomUnit(16, &rng),
                                   keywords: Self.randomUnit(16, &rng))
        let m = CompetenceMatrix(dimension: 16, rows: [("c", v), ("a", v), ("d", v), ("b", v)])
        let top = Matcher(matrix: m, weights: .brokerage).topMatches(forRow: m.row(of: "c")!, k: 10)
        #expect(top.map { m.ids[$0.row] } == ["a", "b", "d"])  // N-1 < k: all others, ties by id
        #expect(Set(top.map(\.score)).count == 1)
    }

    @Test func emptyProfilesGetNoMatchesAndNoNaN() {
        let zero = [Float](repeating: 0, count: 8)
        var rng = SeededRandom(seed: 5)
        let v = ParticipantVectors(profile: Self.randomUnit(8, &rng), offers: zero, needs: zero, keywords: zero)
        let empty = ParticipantVectors(profile: zero, offers: zero, needs: zero, keywords: zero)
        let m = CompetenceMatrix(dimension: 8, rows: [("empty", empty), ("x", v), ("y", v)])
        let matcher = Matcher(matrix: m)
        #expect(matcher.topMatches(forRow: m.row(of: "empty")!, k: 5).isEmpty)
        let forX = matcher.topMatches(forRow: m.row(of: "x")!, k: 5)
        #expect(forX.map { m.ids[$0.row] } == ["y"])
        #expect(forX.allSatisfy { !$0.score.isNaN })
    }

    /// A pair strong in one direction only cannot be rescued by it.
    @Test func harmonicMeanNeedsBothDirections() {
        #expect(ScoringWeights.harmonic(0.9, 0) == 0)
        #expect(ScoringWeights.harmonic(0.9, -0.5) == 0)
        #expect(abs(ScoringWeights.harmonic(0.5, 0.5) - 0.5) < 1e-7)
        #expect(abs(ScoringWeights.harmonic(0.8, 0.2) - 0.32) < 1e-6)
    }

    @Test func sgemmMatchesHandWorkedProduct() {
        // [1 2; 3 4] · [5 6; 7 8]ᵀ = [17 23; 39 53]
        #expect(BLAS.multiplyTransposed([1, 2, 3, 4], rows: 2, [5, 6, 7, 8], rows: 2, depth: 2) == [17, 23, 39, 53])
    }
}

import Foundation
