import Testing
import _Evaluation
@testable import MatchCore

/// Match quality on a planted landscape: not a timing, a regression guard. The full-size
/// figures come from Benchmarks (quality-bench).
@Suite("Match quality against keyword search")
struct QualityTests {
    @Test func engineFindsPlantedPartnersFarMoreOftenThanJaccard() {
        var settings = PlantedLandscape.Settings()
        settings.pairs = 80
        settings.distractors = 300
        let landscape = PlantedLandscape(settings)
        let engine = landscape.recall(at: 10, landscape.engineRanking(k: 10))
        let jaccard = landscape.recall(at: 10, landscape.jaccardRanking(k: 10))
        #expect(engine >= 0.8, "engine recall@10 \(engine)")
        #expect(engine >= jaccard + 0.2, "engine \(engine) vs Jaccard \(jaccard)")
    }
}
