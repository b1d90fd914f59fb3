import CKernels
import Testing
@testable import MatchCore

/// Participants' own vectors at `embeddingWeight` 1 blend the lexical profile away: the
/// `profile` view is zero in every row, and the bfloat16 tiles leave its product out.
@Suite("All-pairs tiles: components over views that are zero everywhere")
struct ZeroViewTileTests {
    /// n rows with own vectors (some without: their profile stays), blended at `weight`.
    static func matrix(n: Int, d: Int, e: Int, weight: Float, everyRowOwn: Bool, seed: UInt64) -> CompetenceMatrix {
        var rng = SeededRandom(seed: seed)
        let rows = (0..<n).map { i -> (id: String, vectors: ParticipantVectors) in
            var v = ParticipantVectors(profile: MatcherTests.randomUnit(d, &rng), offers: MatcherTests.randomUnit(d, &rng),
                                       needs: MatcherTests.randomUnit(d, &rng), keywords: MatcherTests.randomUnit(d, &rng))
            let own: [Float]? = everyRowOwn || i % 4 != 0 ? (0..<e).map { _ in Float.random(in: -1...1, using: &rng) } : nil
            let blended = EmbeddingBlend.views(profile: v.profile, embedding: own, dimension: e, weight: weight)
            v.profile = blended.profile
            v.extra[.embedding] = blended.embedding
            return (String(format: "z%04d", i), v)
        }
        return CompetenceMatrix(dimension: d, rows: rows)
    }

    @Test func theZeroProductIsLeftOutAndTheOthersRenumbered() {
        let m = Self.matrix(n: 40, d: 24, e: 32, weight: 1, everyRowOwn: true, seed: 5)
        let weights = EmbeddingBlend.weights(ScoringWeights(similarity: 0.5, complementarity: 0.5))
        let plan = ScorePlan(weights: weights, matrix: m, pairTerms: [])
        let zero = Set([VectorView.profile])
        let (products, components) = TilePrefilter.tileProducts(plan) { zero.contains($0.rows) || zero.contains($0.columns) }
        // complementarity's two products, then the embedding's; similarity weighs 0 in the tiles.
        #expect(products == [plan.products[1], plan.products[2], plan.products[3]])
        #expect(plan.products[0].rows == .profile && plan.products[3].rows == .embedding)
        let byName = Dictionary(uniqueKeysWithValues: zip(plan.names, components))
        #expect(byName[.similarity]!.weight == 0)
        #expect(byName[.complementarity]!.first == 0 && byName[.complementarity]!.weight == 0.5)
        #expect(byName[.embedding]!.first == 2 && byName[.embedding]!.weight == 0.5)
        // Nothing zero: the plan as it is; everything zero: the plan as it is too.
        let none = TilePrefilter.tileProducts(plan) { _ in false }, all = TilePrefilter.tileProducts(plan) { _ in true }
        #expect(none.0 == plan.products && all.0 == plan.products)
        #expect(none.1.map(\.weight) == plan.components.map(\.weight) && all.1.map(\.weight) == plan.components.map(\.weight))
    }

    /// With the profile blended away, the tiles' approximate scores stay within the margin of
    /// the exact ones, and all-pairs gives the exact top k of a float64 brute force (the
    /// cosine of the own vectors, as `peers` scores them).
    @Test(arguments: [AllPairsKernel.automatic, .float32])
    func peersOnOwnVectorsIsTheExactTopK(kernel: AllPairsKernel) {
        let n = 300, e = 40
        let m = Self.matrix(n: n, d: 32, e: e, weight: 1, everyRowOwn: true, seed: 9)
        m.views.withValues(.profile) { #expect(!$0.contains { $0 != 0 }) }
        let weights = EmbeddingBlend.weights(ScoringWeights.peers)
        var matcher = Matcher(matrix: m, weights: weights)
        matcher.allPairsKernel = kernel
        let lists = matcher.allTopMatches(k: 10, tileRows: 64)
        let own = m.views.withValues(.embedding) { Array($0) }
        for i in 0..<n {
            var want = (0..<n).filter { $0 != i }.map { j in
                (row: j, score: Double(weights.similarity) * (0..<e).reduce(0.0) { $0 + Double(own[i * e + $1]) * Double(own[j * e + $1]) })
            }
            want.sort { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
            ScoreComponentTests.expectSame(lists[i], Array(want.prefix(10)), cut: want[9].score, label: "row \(i)")
        }
    }

    /// Some rows without own vectors keep their profile: nothing is left out, and the
    /// answers are those of the brute force again.
    @Test func aProfileThatIsNotZeroEverywhereStays() {
        let m = Self.matrix(n: 120, d: 16, e: 8, weight: 1, everyRowOwn: false, seed: 13)
        let weights = EmbeddingBlend.weights(ScoringWeights.peers)
        let lists = Matcher(matrix: m, weights: weights).allTopMatches(k: 5, tileRows: 32)
        let profile = m.views.withValues(.profile) { Array($0) }, own = m.views.withValues(.embedding) { Array($0) }
        func dot(_ x: [Float], _ d: Int, _ i: Int, _ j: Int) -> Double { (0..<d).reduce(0.0) { $0 + Double(x[i * d + $1]) * Double(x[j * d + $1]) } }
        for i in stride(from: 0, to: m.count, by: 3) where !m.isEmptyProfile[i] {
            var want = (0..<m.count).filter { $0 != i && !m.isEmptyProfile[$0] }.map { j in (row: j, score: dot(profile, 16, i, j) + dot(own, 8, i, j)) }
            want.sort { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
            ScoreComponentTests.expectSame(lists[i], Array(want.prefix(5)), cut: want[4].score, label: "row \(i)")
        }
    }
}
