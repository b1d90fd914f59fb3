import Testing
@testable import MatchCore

@Suite("Term-level explanations")
struct ExplanationTests {
    @Test func offerMeetsNeedThroughASharedWord() throws {
        let a = company("a", offers: [Statement(keywords: ["acoustic sensors"])])
        let b = company("b", needs: [Statement(keywords: ["sensors for hearing aids"])])
        let index = VectorIndex.build(participants: [a, b], taxonomy: miniTaxonomy, configuration: .init(dimension: 64))
        let fa = index.space.features(of: a), fb = index.space.features(of: b)
        let reasons = Explainer.reasons(fa, fb, space: index.space)
        let first = try #require(reasons.first)
        #expect(first.direction == .youOffer)
        #expect(first.term == "sensor")
        #expect(first.yours == ["acoustic sensors"])
        #expect(first.theirs == ["sensors for hearing aids"])
        #expect(first.summary == "you offer \"acoustic sensors\", they need \"sensors for hearing aids\" (sensor)")
        // The contribution is the exact share of the sparse cosine: only "sensor" is shared.
        let wa = index.space.weighted(fa.offers), wb = index.space.weighted(fb.needs)
        let cosine = wa.reduce(0.0) { $0 + $1.value * (wb[$1.key] ?? 0) }
            / (wa.values.reduce(0) { $0 + $1 * $1 }.squareRoot() * wb.values.reduce(0) { $0 + $1 * $1 }.squareRoot())
        #expect(abs(first.contribution - cosine) < 1e-12)
        // Seen from b, the same term is in the other direction.
        let back = Explainer.reasons(fb, fa, space: index.space)
        #expect(back.first?.direction == .theyOffer)
        #expect(back.first?.summary == "they offer \"acoustic sensors\", you need \"sensors for hearing aids\" (sensor)")
    }

    @Test func taxonomyCodesExplainWithTheirLabels() throws {
        let a = company("a", codes: ["t:01001001"])
        let b = company("b", codes: ["t:01001002"])
        let index = VectorIndex.build(participants: [a, b], taxonomy: miniTaxonomy, configuration: .init(dimension: 64))
        let reasons = Explainer.reasons(index.space.features(of: a), index.space.features(of: b), space: index.space)
        let shared = try #require(reasons.first { $0.direction == .shared })
        #expect(shared.term == "Hearing")
        #expect(shared.yours == ["Hearing aids"])
        #expect(shared.theirs == ["Audiometry"])
    }

    @Test func nothingSharedMeansNoReasons() {
        let a = company("a", keywords: ["wind"]), b = company("b", keywords: ["dairy"])
        let index = VectorIndex.build(participants: [a, b], taxonomy: Taxonomy(), configuration: .init(dimension: 64))
        #expect(Explainer.reasons(index.space.features(of: a), index.space.features(of: b), space: index.space).isEmpty)
    }
}
