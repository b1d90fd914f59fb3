import Foundation
import SentenceEmbedding

/// Sentence embeddings of texts (all-MiniLM-L6-v2, computed in the process).
public struct TextEmbeddings: Sendable {
    /// Components per text (384).
    public var dimension: Int
    /// `count × dimension` float32 values, row-major, each row of unit length.
    public var vectors: [Float]
    /// Tokens the encoder read, `[CLS]` and `[SEP]` included.
    public var tokens: Int
    /// Wall time of tokenising and encoding, model loading excluded.
    public var seconds: Double
}

extension ClusterMatch {
    /// Embeds `texts` with the installed sentence-embedding model.
    ///
    /// - Parameters:
    ///   - parallelism: `batchesOnCores` (default) or `blasThreads`, to compare.
    ///   - tokensPerBatch: rows of one batch's products (to measure the trade-off).
    /// - Throws: `AppError` (not found, exit 66) saying why semantic matching is off and how to turn it on.
    public static func embedTexts(_ texts: [String], parallelism: SentenceEncoder.Parallelism = .batchesOnCores,
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
