internal import CBLAS
import Dispatch
import Foundation
import JSONSupport
import LinearAlgebra

/// all-MiniLM-L6-v2 (a 6-layer BERT with mean pooling) run in the project: text in, unit-length
/// float32 sentence embeddings out, every matrix product a `cblas_sgemm`.
///
/// Texts are packed without padding: the token rows of several texts are stacked into one
/// matrix, so each projection is one `cblas_sgemm` over all rows of a batch and no arithmetic
/// goes to padding; attention, the only step that mixes rows, runs per text and head on that
/// text's own rows (which is exactly the attention mask). Batches run on all cores at once, BLAS
/// single-threaded inside each.
///
/// The weights stay in the memory-mapped `model.safetensors`; only the query/key/value
/// projections are copied, side by side, so that they are one product.
package final class SentenceEncoder: @unchecked Sendable {
    // @unchecked: every stored property is immutable; the buffer pointers point into the
    // read-only mapping that `weights` owns for the encoder's lifetime.
    /// Components of each embedding (384).
    package let dimension: Int
    /// Where the model was read from.
    package let directory: URL
    package let tokenizer: BertTokenizer
    private let weights: SafeTensors
    let wordEmbeddings, positionEmbeddings, tokenTypeEmbedding: UnsafeBufferPointer<Float>
    let embeddingNorm: (weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>)
    let layers: [Layer]
    let heads, intermediate: Int
    let epsilon: Float

    /// Test switch: leave out this layer (to show the reference test catches it).
    package let debugSkipLayer: Int?

    struct Layer: @unchecked Sendable {
        // @unchecked: pointers into the read-only mapping owned by the encoder, and immutable copies.
        var qkvWeight: [Float]  // (3·hidden) × hidden
        var qkvBias: [Float]
        var attentionOutput, attentionOutputBias: UnsafeBufferPointer<Float>
        var attentionNorm: (weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>)
        var intermediate, intermediateBias: UnsafeBufferPointer<Float>
        var output, outputBias: UnsafeBufferPointer<Float>
        var outputNorm: (weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>)
    }

    /// Loads the model in `directory` (model.safetensors, tokenizer.json, config.json,
    /// sentence_bert_config.json, 1_Pooling/config.json).
    /// - Throws: `EmbeddingModelError` naming the file that is missing, damaged or of another shape.
    package convenience init(directory: URL) throws(EmbeddingModelError) {
        try self.init(directory: directory, debugSkipLayer: nil, debugKeepAccents: false)
    }

    package init(directory: URL, debugSkipLayer: Int?, debugKeepAccents: Bool) throws(EmbeddingModelError) {
        self.directory = directory
        self.debugSkipLayer = debugSkipLayer
        func json(_ name: String) throws(EmbeddingModelError) -> JSONValue {
            let path = directory.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else { throw EmbeddingModelError(file: path, "missing or unreadable") }
            do { return try JSONParser.parse(String(decoding: data, as: UTF8.self)) } catch { throw EmbeddingModelError(file: path, "damaged: \(error)") }
        }
        let config = try json("config.json")
        let configPath = directory.appendingPathComponent("config.json").path
        func int(_ key: String) throws(EmbeddingModelError) -> Int {
            guard let v = config[key]?.intValue, v > 0 else { throw EmbeddingModelError(file: configPath, "lacks a positive '\(key)'") }
            return Int(v)
        }
        let hidden = try int("hidden_size"), layerCount = try int("num_hidden_layers")
        heads = try int("num_attention_heads")
        intermediate = try int("intermediate_size")
        let positions = try int("max_position_embeddings"), vocabularySize = try int("vocab_size")
        epsilon = Float(config["layer_norm_eps"]?.doubleValue ?? 1e-12)
        guard config["hidden_act"]?.stringValue == "gelu", hidden % heads == 0, hidden % 16 == 0 else {
            throw EmbeddingModelError(file: configPath, "expected hidden_act \"gelu\" and hidden_size divisible by num_attention_heads and by 16")
        }
        let pooling = try json("1_Pooling/config.json")
        guard pooling["pooling_mode_mean_tokens"]?.boolValue == true, pooling["pooling_mode_cls_token"]?.boolValue != true else {
            throw EmbeddingModelError(file: directory.appendingPathComponent("1_Pooling/config.json").path, "only mean pooling is supported")
        }
        let maxLength = Int(try json("sentence_bert_config.json")["max_seq_length"]?.intValue ?? 256)
        var tokenizer = try BertTokenizer(contentsOf: directory.appendingPathComponent("tokenizer.json").path,
                                          maximumLength: min(maxLength, positions))
        tokenizer.debugKeepAccents = debugKeepAccents
        guard tokenizer.vocabulary.count == vocabularySize else {
            throw EmbeddingModelError(file: directory.appendingPathComponent("tokenizer.json").path,
                                      "has \(tokenizer.vocabulary.count) tokens, config.json says \(vocabularySize)")
        }
        self.tokenizer = tokenizer
        dimension = hidden

        let w = try SafeTensors(path: directory.appendingPathComponent("model.safetensors").path)
        weights = w
        wordEmbeddings = try w.floats("embeddings.word_embeddings.weight", shape: [vocabularySize, hidden])
        positionEmbeddings = try w.floats("embeddings.position_embeddings.weight", shape: [positions, hidden])
        tokenTypeEmbedding = UnsafeBufferPointer(rebasing: try w.floats("embeddings.token_type_embeddings.weight", shape: [2, hidden])[0..<hidden])
        embeddingNorm = (try w.floats("embeddings.LayerNorm.weight", shape: [hidden]), try w.floats("embeddings.LayerNorm.bias", shape: [hidden]))
        var layers: [Layer] = []
        for i in 0..<layerCount {
            let p = "encoder.layer.\(i)."
            var qkv: [Float] = [], qkvBias: [Float] = []
            for part in ["query", "key", "value"] {
                qkv += try w.floats(p + "attention.self.\(part).weight", shape: [hidden, hidden])
                qkvBias += try w.floats(p + "attention.self.\(part).bias", shape: [hidden])
            }
            layers.append(Layer(
                qkvWeight: qkv, qkvBias: qkvBias,
                attentionOutput: try w.floats(p + "attention.output.dense.weight", shape: [hidden, hidden]),
                attentionOutputBias: try w.floats(p + "attention.output.dense.bias", shape: [hidden]),
                attentionNorm: (try w.floats(p + "attention.output.LayerNorm.weight", shape: [hidden]),
                                try w.floats(p + "attention.output.LayerNorm.bias", shape: [hidden])),
                intermediate: try w.floats(p + "intermediate.dense.weight", shape: [intermediate, hidden]),
                intermediateBias: try w.floats(p + "intermediate.dense.bias", shape: [intermediate]),
                output: try w.floats(p + "output.dense.weight", shape: [hidden, intermediate]),
                outputBias: try w.floats(p + "output.dense.bias", shape: [hidden]),
                outputNorm: (try w.floats(p + "output.LayerNorm.weight", shape: [hidden]),
                             try w.floats(p + "output.LayerNorm.bias", shape: [hidden]))))
        }
        self.layers = layers
    }

    /// Rows per batch: enough for sgemm to run at full speed, few enough that a batch's
    /// intermediate activations (rows × 1536 floats) stay near the cache.
    package static let defaultTokensPerBatch = 2048

    /// Bytes that identify the model and its settings, for keys of cached embeddings: the
    /// weights file's header and size, the tokenizer's vocabulary size and the token limit.
    package var fingerprint: [UInt8] {
        let header = Array(weights.header)
        let size = weights.tensors.values.map { $0.offset + $0.byteCount }.max() ?? 0
        return header + Array("|\(size)|\(tokenizer.vocabulary.count)|\(tokenizer.maximumLength)".utf8)
    }

    /// How batches share the cores.
    package enum Parallelism: String, Sendable, CaseIterable {
        /// Batches side by side, one per core, BLAS single-threaded (the default; faster here).
        case batchesOnCores
        /// One batch at a time, BLAS's own threads inside each product.
        case blasThreads
    }

    /// The embeddings of `texts`, row-major: `texts.count × dimension`, each row of unit length
    /// (an empty text gives the embedding of `[CLS] [SEP]`, as the reference does).
    ///
    /// - Complexity: O(Σ tokens · hidden · (hidden + intermediate) + Σ tokens² · hidden).
    package func embed(_ texts: [String], parallelism: Parallelism = .batchesOnCores) -> [Float] {
        embed(tokenIds: texts.map(tokenizer.encode), parallelism: parallelism)
    }

    /// Token ids as the encoder sees them (`[CLS]` … `[SEP]`, truncated).
    package func tokenIds(_ text: String) -> [Int32] { tokenizer.encode(text) }

    /// Embeddings of already tokenised texts.
    package func embed(tokenIds texts: [[Int32]], parallelism: Parallelism = .batchesOnCores, tokensPerBatch: Int = defaultTokensPerBatch) -> [Float] {
        var out = [Float](repeating: 0, count: texts.count * dimension)
        guard !texts.isEmpty else { return out }
        // Contiguous groups of about equal token counts, at least one per core so that all are busy.
        let total = texts.reduce(0) { $0 + $1.count }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var groups = max(1, (total + tokensPerBatch - 1) / tokensPerBatch)
        if parallelism == .batchesOnCores { groups = min(texts.count, max(groups, cores)) }
        var bounds = [0]
        var running = 0, next = 1
        for (i, t) in texts.enumerated() {
            running += t.count
            if next < groups, running * groups >= total * next, i + 1 < texts.count { bounds.append(i + 1); next += 1 }
        }
        bounds.append(texts.count)
        let batches = (0..<bounds.count - 1).map { bounds[$0]..<bounds[$0 + 1] }
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let result = buffer
            let run = { @Sendable (b: Int) in
                let range = batches[b]
                self.forward(Array(texts[range]), into: result.baseAddress! + range.lowerBound * self.dimension)
            }
            switch parallelism {
            case .batchesOnCores: BLAS.singleThreaded { DispatchQueue.concurrentPerform(iterations: batches.count, execute: run) }
            case .blasThreads: for b in batches.indices { run(b) }
            }
        }
        return out
    }
}
