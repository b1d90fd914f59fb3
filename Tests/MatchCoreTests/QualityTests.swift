import Testing
import _Evaluation
@testable import MatchCore

/// Match quality on a planted landscape: not a timing, a regression guard. The full-size
/// figures come from Benchmarks (quality-bench).
@Suite("Match quality against keyword search")
struct QualityTests {
    static let landscape: PlantedLandscape = {
        var settings = PlantedLandscape.Settings()
        settings.pairs = 80
        settings.distractors = 300
        return PlantedLandscape(settings)
    }()

    /// Keyword search ranks competitors (same words, same offer) first; the reciprocal
    /// score looks for the partner whose needs answer the offer.
    @Test func engineBeatsKeywordOverlap() {
        let l = Self.landscape
        let engine = l.recall(at: 10, l.engineRanking(k: 10))
        let jaccard = l.recall(at: 10, l.jaccardRanking(k: 10))
        #expect(engine >= jaccard + 0.2, "engine recall@10 \(engine) vs Jaccard \(jaccard)")
        #expect(engine >= 0.5)
    }
}
