internal import CBLAS
internal import CSentenceKernels
import Dispatch
import Foundation
import JSONSupport
import LinearAlgebra

/// all-MiniLM-L6-v2 (a 6-layer BERT with mean pooling) run in the project: text in, unit-length
/// float32 sentence embeddings out, every matrix product a `cblas_sgemm` or, for the projections
/// on a CPU with AVX-512 BF16, the bfloat16 product of CSentenceKernels.
///
/// Texts are packed without padding: the token rows of several texts are stacked into one
/// matrix, so each projection is one `cblas_sgemm` over all rows of a batch and no arithmetic
/// goes to padding; attention, the only step that mixes rows, runs per text and head on that
/// text's own rows (which is exactly the attention mask). Batches run on all cores at once, BLAS
/// single-threaded inside each.
///
/// The weights stay in the memory-mapped `model.safetensors`; only the query/key/value
/// projections are copied, side by side, so that they are one product. On a CPU with
/// AVX-512 BF16 the feed-forward projections (two thirds of the work) run in bfloat16 with
/// float32 sums (`Precision`), which doubles the multiply-adds per instruction; attention and
/// its projections, GELU, LayerNorm and pooling stay float32.
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
    /// The layers' weights, checked at load and packed for the products on first use
    /// (`layers`): a process that only needs the model's identity (`fingerprint`), such as a
    /// query for a stored participant, does not pay for packing them.
    private let layerWeights: [LayerWeights]
    private let packedLayers = PackedLayers()
    let heads, intermediate: Int
    let epsilon: Float

    /// Test switch: leave out this layer (to show the reference test catches it).
    package let debugSkipLayer: Int?

    /// How the projections (the matrix products with weights) are computed.
    package enum Precision: String, Sendable, CaseIterable {
        /// `cblas_sgemm` in float32.
        case float32
        /// Weights and activations rounded to bfloat16, products summed in float32 (AVX-512 BF16).
        /// Every embedding of the reference fixture stays within cosine 0.9999 of the float32 one.
        case bfloat16

        /// bfloat16 where the CPU runs it, float32 elsewhere.
        package static var fastest: Precision { cm_encoder_bf16_available() != 0 ? .bfloat16 : .float32 }
    }

    /// How the projections are computed (fixed at load).
    package let precision: Precision

    struct Layer: @unchecked Sendable {
        // @unchecked: pointers into the read-only mapping owned by the encoder, and immutable copies.
        var qkv: Projection  // (3·hidden) × hidden: query, key and value side by side
        var qkvBias: [Float]
        var attentionOutput: Projection
        var attentionOutputBias: UnsafeBufferPointer<Float>
        var attentionNorm: (weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>)
        var intermediate: Projection
        var intermediateBias: UnsafeBufferPointer<Float>
        var output: Projection
        var outputBias: UnsafeBufferPointer<Float>
        var outputNorm: (weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>)
    }

    /// One layer's weights where they lie in the mapping (checked for shape at load).
    struct LayerWeights: @unchecked Sendable {
        // @unchecked: pointers into the read-only mapping owned by the encoder.
        var query, key, value, attentionOutput, intermediate, output: UnsafeBufferPointer<Float>
        var qkvBias: [Float]
        var attentionOutputBias, intermediateBias, outputBias: UnsafeBufferPointer<Float>
        var attentionNorm, outputNorm: (weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>)
    }

    /// The layers made from their weights, once, by the first caller.
    private final class PackedLayers: @unchecked Sendable {
        // @unchecked: `made` is written once, under the lock.
        private let lock = NSLock()
        private var made: [Layer]?

        func get(_ make: () -> [Layer]) -> [Layer] {
            lock.lock()
            defer { lock.unlock() }
            if let made { return made }
            let layers = make()
            made = layers
            return layers
        }
    }

    /// The layers, ready for the products (made on first use).
    var layers: [Layer] {
        packedLayers.get {
            let hidden = dimension, intermediate = intermediate, precision = precision
            return layerWeights.map { w in
                // Attention's projections stay float32 (a third of the work): with them in bfloat16
                // too, near-ties in the paraphrase benchmark's lists tipped it under its 0.85 target.
                let attention = Precision.float32
                return Layer(
                    qkv: Projection(Array(w.query) + Array(w.key) + Array(w.value), outputs: 3 * hidden, depth: hidden, precision: attention),
                    qkvBias: w.qkvBias,
                    attentionOutput: Projection(w.attentionOutput, outputs: hidden, depth: hidden, precision: attention),
                    attentionOutputBias: w.attentionOutputBias, attentionNorm: w.attentionNorm,
                    intermediate: Projection(w.intermediate, outputs: intermediate, depth: hidden, precision: precision),
                    intermediateBias: w.intermediateBias,
                    output: Projection(w.output, outputs: hidden, depth: intermediate, precision: precision),
                    outputBias: w.outputBias, outputNorm: w.outputNorm)
            }
        }
    }

    /// One linear layer's weight (outputs × depth), in float32 and, for bfloat16, packed.
    struct Projection: @unchecked Sendable {
        // @unchecked: immutable; `mapped` points into the read-only mapping owned by the encoder.
        let outputs, depth: Int
        private let mapped: UnsafeBufferPointer<Float>?
        private let owned: [Float]
        private let packed: [UInt16]

        init(_ weight: UnsafeBufferPointer<Float>, outputs: Int, depth: Int, precision: Precision) {
            self.init(mapped: weight, owned: [], outputs: outputs, depth: depth, precision: precision)
        }

        init(_ weight: [Float], outputs: Int, depth: Int, precision: Precision) {
            self.init(mapped: nil, owned: weight, outputs: outputs, depth: depth, precision: precision)
        }

        private init(mapped: UnsafeBufferPointer<Float>?, owned: [Float], outputs: Int, depth: Int, precision: Precision) {
            self.outputs = outputs
            self.depth = depth
            self.mapped = mapped
            self.owned = owned
            if precision == .bfloat16 {
                var packed = [UInt16](repeating: 0, count: cm_encoder_bf16_packed_count(outputs, depth))
                packed.withUnsafeMutableBufferPointer { p in
                    if let mapped { cm_encoder_bf16_pack(mapped.baseAddress!, outputs, depth, p.baseAddress!) } else {
                        owned.withUnsafeBufferPointer { cm_encoder_bf16_pack($0.baseAddress!, outputs, depth, p.baseAddress!) }
                    }
                }
                self.packed = packed
            } else {
                packed = []
            }
        }

        /// c (rows × outputs) = [c +] bias + a (rows × depth) · weightᵀ. `split` > 1 spreads the
        /// bfloat16 product's rows over that many threads (BLAS's own threads do it for float32);
        /// each row's sums are the same either way.
        func apply(_ a: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>,
                   accumulate: Bool, split: Int = 1) {
            if !packed.isEmpty {
                packed.withUnsafeBufferPointer { p in
                    nonisolated(unsafe) let a = a, c = c, bias = bias, w = p.baseAddress!
                    let part = (rows + split - 1) / split
                    let run = { @Sendable (i: Int) in
                        let r = i * part, count = min(part, rows - r)
                        if count > 0 {
                            cm_encoder_bf16_product(a + r * depth, count, w, outputs, depth, bias, c + r * outputs, accumulate ? 1 : 0)
                        }
                    }
                    if split > 1 { DispatchQueue.concurrentPerform(iterations: split, execute: run) } else { run(0) }
                }
                return
            }
            func sgemm(_ w: UnsafePointer<Float>) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(depth),
                            1, a, Int32(depth), w, Int32(depth), accumulate ? 1 : 0, c, Int32(outputs))
            }
            if let mapped { sgemm(mapped.baseAddress!) } else { owned.withUnsafeBufferPointer { sgemm($0.baseAddress!) } }
            if let bias {
                for r in 0..<rows { let row = c + r * outputs; for j in 0..<outputs { row[j] += bias[j] } }
            }
        }
    }

    /// Loads the model in `directory` (model.safetensors, tokenizer.json, config.json,
    /// sentence_bert_config.json, 1_Pooling/config.json).
    /// - Throws: `EmbeddingModelError` naming the file that is missing, damaged or of another shape.
    package convenience init(directory: URL) throws(EmbeddingModelError) {
        try self.init(directory: directory, precision: .fastest, debugSkipLayer: nil, debugKeepAccents: false)
    }

    /// Loads the model with the projections in `precision` (`.bfloat16` needs AVX-512 BF16:
    /// `Precision.fastest` says whether this CPU has it).
    package init(directory: URL, precision: Precision, debugSkipLayer: Int? = nil, debugKeepAccents: Bool = false) throws(EmbeddingModelError) {
        self.directory = directory
        self.precision = precision == .bfloat16 && cm_encoder_bf16_available() == 0 ? .float32 : precision
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
        guard config["hidden_act"]?.stringValue == "gelu", hidden % heads == 0, hidden % 64 == 0, intermediate % 64 == 0 else {
            throw EmbeddingModelError(file: configPath, "expected hidden_act \"gelu\" and hidden_size divisible by num_attention_heads, hidden_size and intermediate_size by 64")
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
        var layers: [LayerWeights] = []
        for i in 0..<layerCount {
            let p = "encoder.layer.\(i)."
            var qkv: [UnsafeBufferPointer<Float>] = [], qkvBias: [Float] = []
            for part in ["query", "key", "value"] {
                qkv.append(try w.floats(p + "attention.self.\(part).weight", shape: [hidden, hidden]))
                qkvBias += try w.floats(p + "attention.self.\(part).bias", shape: [hidden])
            }
            layers.append(LayerWeights(
                query: qkv[0], key: qkv[1], value: qkv[2],
                attentionOutput: try w.floats(p + "attention.output.dense.weight", shape: [hidden, hidden]),
                intermediate: try w.floats(p + "intermediate.dense.weight", shape: [intermediate, hidden]),
                output: try w.floats(p + "output.dense.weight", shape: [hidden, intermediate]),
                qkvBias: qkvBias,
                attentionOutputBias: try w.floats(p + "attention.output.dense.bias", shape: [hidden]),
                intermediateBias: try w.floats(p + "intermediate.dense.bias", shape: [intermediate]),
                outputBias: try w.floats(p + "output.dense.bias", shape: [hidden]),
                attentionNorm: (try w.floats(p + "attention.output.LayerNorm.weight", shape: [hidden]),
                                try w.floats(p + "attention.output.LayerNorm.bias", shape: [hidden])),
                outputNorm: (try w.floats(p + "output.LayerNorm.weight", shape: [hidden]),
                             try w.floats(p + "output.LayerNorm.bias", shape: [hidden]))))
        }
        layerWeights = layers
    }

    /// Rows per batch: enough for sgemm to run at full speed, few enough that a batch's
    /// intermediate activations (rows × 1536 floats) stay near the cache.
    package static let defaultTokensPerBatch = 2048

    /// Bytes that identify the model and its settings, for keys of cached embeddings: the
    /// weights file's header and size, the tokenizer's vocabulary size and the token limit, and
    /// bfloat16 when the feed-forward projections run in it (float32 keeps the key it always had).
    package var fingerprint: [UInt8] {
        let header = Array(weights.header)
        let size = weights.tensors.values.map { $0.offset + $0.byteCount }.max() ?? 0
        return header + Array("|\(size)|\(tokenizer.vocabulary.count)|\(tokenizer.maximumLength)\(precision == .bfloat16 ? "|bf16-ffn" : "")".utf8)
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
            let split = parallelism == .blasThreads ? cores : 1
            let run = { @Sendable (b: Int) in
                let range = batches[b]
                self.forward(Array(texts[range]), into: result.baseAddress! + range.lowerBound * self.dimension, split: split)
            }
            switch parallelism {
            case .batchesOnCores: BLAS.singleThreaded { DispatchQueue.concurrentPerform(iterations: batches.count, execute: run) }
            case .blasThreads: for b in batches.indices { run(b) }
            }
        }
        return out
    }
}
