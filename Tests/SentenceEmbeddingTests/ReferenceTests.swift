import Foundation
import Testing
@testable import SentenceEmbedding

@Suite("The encoder against the numpy and tokenizers reference", .enabled(if: modelDirectory != nil, Comment(rawValue: modelAbsent)))
struct ReferenceTests {
    let fixture: ReferenceFixture
    let encoder: SentenceEncoder

    init() throws {
        fixture = try ReferenceFixture.load()
        encoder = try SentenceEncoder(directory: try #require(modelDirectory))
    }

    @Test func theFixtureCoversTheDomainCases() {
        #expect(fixture.texts.count >= 500)
        #expect(fixture.embeddings.count == fixture.texts.count * 384)
        #expect(fixture.texts.contains(""))
        #expect(fixture.ids.contains { $0.count == 256 })
        #expect(fixture.texts.contains { $0.contains("ż") } && fixture.texts.contains { $0.contains("ø") })
    }

    @Test func tokenIdsAreThoseOfHuggingFaceTokenizers() {
        let mismatches = fixture.tokenMismatches(encoder.tokenizer)
        #expect(mismatches.isEmpty, "\(mismatches.count) texts differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    @Test func everyEmbeddingHasCosineAtLeast0_9999ToTheReference() {
        let mismatches = fixture.embeddingMismatches(encoder)
        #expect(mismatches.isEmpty, "\(mismatches.count) texts differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    @Test func theCheckFailsWhenOneLayerIsSkipped() throws {
        let faulty = try SentenceEncoder(directory: encoder.directory, debugSkipLayer: 3, debugKeepAccents: false)
        let mismatches = faulty.embeddingMismatches(in: fixture, first: 60)
        #expect(mismatches.count >= 50, "skipping layer 3 went unnoticed: only \(mismatches.count) of 60 texts differ")
    }

    @Test func theCheckFailsWhenAccentsAreKept() throws {
        let faulty = try SentenceEncoder(directory: encoder.directory, debugSkipLayer: nil, debugKeepAccents: true)
        let tokens = fixture.tokenMismatches(faulty.tokenizer)
        #expect(tokens.contains { $0.contains("Zażółć") }, "keeping accents went unnoticed in the token ids")
        let accented = fixture.texts.indices.filter { fixture.texts[$0].hasPrefix("Crème brûlée") || fixture.texts[$0].hasPrefix("Zażółć") }
        let embeddings = accented.flatMap { faulty.embeddingMismatches(in: fixture, range: $0..<$0 + 1) }
        #expect(embeddings.count == accented.count, "keeping accents went unnoticed in the embeddings: \(embeddings)")
    }

    @Test func batchingAndThreadingDoNotChangeTheEmbeddings() {
        let texts = Array(fixture.texts.prefix(40))
        let ids = texts.map(encoder.tokenIds)
        let together = encoder.embed(tokenIds: ids)
        let threaded = encoder.embed(tokenIds: ids, parallelism: .blasThreads, tokensPerBatch: 64)
        let alone = ids.flatMap { encoder.embed(tokenIds: [$0]) }
        for (a, b) in [(together, threaded), (together, alone)] {
            let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-5, "largest difference \(worst)")
        }
    }
}

extension SentenceEncoder {
    func embeddingMismatches(in fixture: ReferenceFixture, first n: Int) -> [String] {
        fixture.embeddingMismatches(self, limit: 0..<n)
    }

    func embeddingMismatches(in fixture: ReferenceFixture, range: Range<Int>) -> [String] {
        fixture.embeddingMismatches(self, limit: range)
    }
}
