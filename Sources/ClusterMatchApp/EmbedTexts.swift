import Foundation
import SentenceEmbedding
import Importers

/// Sentence embeddings of texts (all-MiniLM-L6-v2, computed in the process).
package struct TextEmbeddings: Sendable {
    /// Components per text (384).
    package var dimension: Int
    /// `count × dimension` float32 values, row-major, each row of unit length.
    package var vectors: [Float]
    /// Tokens the encoder read, `[CLS]` and `[SEP]` included.
    package var tokens: Int
    /// Wall time of tokenising and encoding, model loading excluded.
    package var seconds: Double
}

extension ClusterMatch {
    /// Embeds `texts` with the installed sentence-embedding model.
    ///
    /// - Parameters:
    ///   - parallelism: `batchesOnCores` (default) or `blasThreads`, to compare.
    ///   - tokensPerBatch: rows of one batch's products (to measure the trade-off).
    /// - Throws: `AppError` (not found, exit 66) saying why semantic matching is off and how to turn it on.
    package static func embedTexts(_ texts: [String], parallelism: SentenceEncoder.Parallelism = .batchesOnCores,
                                  tokensPerBatch: Int = SentenceEncoder.defaultTokensPerBatch) throws -> TextEmbeddings {
        let encoder: SentenceEncoder
        switch EmbeddingModelLocation.load() {
        case .on(let e): encoder = e
        case .off(let reason, let turnOn):
            throw AppError(.notFound, "semantic matching is off: \(reason). Turn it on: \(turnOn)")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let ids = texts.map(encoder.tokenIds)
        let vectors = encoder.embed(tokenIds: ids, parallelism: parallelism, tokensPerBatch: tokensPerBatch)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TextEmbeddings(dimension: encoder.dimension, vectors: vectors, tokens: ids.reduce(0) { $0 + $1.count }, seconds: seconds)
    }
}

extension ClusterMatch {
    /// The key cached embeddings of `encoder` are stored under: the model's name and a
    /// SHA-256 of its fingerprint, so that another model or setting never reuses them.
    package static func embeddingModelKey(_ encoder: SentenceEncoder) -> String {
        EmbeddingModelLocation.modelName + ":" + SHA256.hash(encoder.fingerprint).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// Embeds texts, reusing cached: each distinct text not yet in the store's cache for this
    /// model is embedded once (one batched call) and stored; the others are read back.
    ///
    /// - Returns: `texts.count × dimension` floats in the order of `texts`, and how many
    ///   distinct texts were embedded now.
    package func embedTexts(_ texts: [String], with encoder: SentenceEncoder) throws -> (vectors: [Float], embedded: Int) {
        let model = Self.embeddingModelKey(encoder)
        let hashes = texts.map { Data(SHA256.hash(Array($0.utf8))) }
        var known = try store.cachedEmbeddings(model: model, hashes: hashes)
        var missing: [(hash: Data, text: String)] = []
        var seen = Set(known.keys)
        for (hash, text) in zip(hashes, texts) where seen.insert(hash).inserted { missing.append((hash, text)) }
        if !missing.isEmpty {
            let fresh = encoder.embed(missing.map(\.text))
            let d = encoder.dimension
            let entries = missing.enumerated().map { (i, m) in (hash: m.hash, vector: Array(fresh[i * d..<(i + 1) * d])) }
            try store.storeEmbeddings(model: model, entries)
            for e in entries { known[e.hash] = e.vector }
        }
        return (hashes.flatMap { known[$0]! }, missing.count)
    }
}
