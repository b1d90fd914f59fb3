import ClusterMatchApp
import Foundation
import MatchStore
import SentenceEmbedding
import Testing

/// Embeddings are cached by model and text hash: an unchanged text is never embedded twice.
@Suite struct EmbeddingCacheTests {
    static let encoder = EmbeddingModelLocation.load(environment: [:]).encoder

    @Test func theCacheReturnsWhatWasStoredForThatModelOnly() throws {
        let dir = try TemporaryDirectory()
        let store = try ClusterMatch.open(path: dir.path("x.sqlite")).store
        let hash = Data(repeating: 7, count: 32)
        let vector: [Float] = [0.6, -0.8, .leastNonzeroMagnitude, 1e-30]
        try store.storeEmbeddings(model: "m1", [(hash, vector)])
        #expect(try store.cachedEmbeddings(model: "m1", hashes: [hash, Data(repeating: 8, count: 32)]) == [hash: vector])
        #expect(try store.cachedEmbeddings(model: "m2", hashes: [hash]).isEmpty)
        try store.storeEmbeddings(model: "m1", [(hash, [1, 0, 0, 0])])  // the first entry stays
        #expect(try store.cachedEmbeddings(model: "m1", hashes: [hash])[hash] == vector)
        #expect(try store.cachedEmbeddingCount(model: "m1") == 1)
    }

    @Test(.enabled(if: encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func anUnchangedTextIsNeverEmbeddedTwice() throws {
        let encoder = try #require(Self.encoder)
        let d = encoder.dimension
        let dir = try TemporaryDirectory()
        let app = try ClusterMatch.open(path: dir.path("x.sqlite"))
        let first = try app.embedTexts(["MEMS microphones", "sea trials for underwater drones", "MEMS microphones"], with: encoder)
        #expect(first.embedded == 2)
        #expect(first.vectors.count == 3 * d)
        #expect(first.vectors[0..<d] == first.vectors[2 * d..<3 * d])
        let direct = encoder.embed(["MEMS microphones", "sea trials for underwater drones"])
        #expect(zip(first.vectors[0..<2 * d], direct).allSatisfy { abs($0 - $1) < 1e-5 })

        let second = try app.embedTexts(["sea trials for underwater drones", "plant-based protein from peas"], with: encoder)
        #expect(second.embedded == 1)
        #expect(second.vectors[0..<d] == first.vectors[d..<2 * d])  // read back, bit for bit
        #expect(try app.store.cachedEmbeddingCount(model: ClusterMatch.embeddingModelKey(encoder)) == 3)

        let reopened = try ClusterMatch.open(path: dir.path("x.sqlite"))
        let third = try reopened.embedTexts(["plant-based protein from peas", "MEMS microphones"], with: encoder)
        #expect(third.embedded == 0)
        #expect(third.vectors[d..<2 * d] == first.vectors[0..<d])
    }
}
