internal import CBLAS
internal import CSentenceKernels
import Foundation

extension SentenceEncoder {
    /// Runs the encoder on one packed batch and writes one unit vector per text to `out`;
    /// `split` threads share each bfloat16 product.
    func forward(_ texts: [[Int32]], into out: UnsafeMutablePointer<Float>, split: Int = 1) {
        let h = dimension, inner = intermediate
        let rows = texts.reduce(0) { $0 + $1.count }
        let longest = texts.map(\.count).max() ?? 0
        var offsets: [Int] = [], o = 0
        for t in texts { offsets.append(o); o += t.count }

        // Not zeroed: every element is written before it is read.
        func uninitialized(_ count: Int) -> [Float] { [Float](unsafeUninitializedCapacity: count) { $1 = count } }
        var x = uninitialized(rows * h)
        var qkv = uninitialized(rows * 3 * h)
        var context = uninitialized(rows * h)
        var wide = uninitialized(rows * inner)
        // Attention scores of one head (n × n), then that head's keys transposed (d × n).
        var scores = uninitialized(longest * longest + longest * (h / heads))

        x.withUnsafeMutableBufferPointer { xb in
            let x = xb.baseAddress!
            // Word + position + token type 0, then LayerNorm.
            for (t, ids) in texts.enumerated() {
                for (p, id) in ids.enumerated() {
                    let row = x + (offsets[t] + p) * h
                    let word = wordEmbeddings.baseAddress! + Int(id) * h, position = positionEmbeddings.baseAddress! + p * h
                    for j in 0..<h { row[j] = word[j] + position[j] + tokenTypeEmbedding[j] }
                    normalize(row, embeddingNorm, bias: nil)
                }
            }
            qkv.withUnsafeMutableBufferPointer { qb in
            context.withUnsafeMutableBufferPointer { cb in
            wide.withUnsafeMutableBufferPointer { wb in
            scores.withUnsafeMutableBufferPointer { sb in
                for (index, layer) in layers.enumerated() where index != debugSkipLayer {
                    encode(layer, rows: rows, texts: texts, offsets: offsets, x: x, split: split,
                           qkv: qb.baseAddress!, context: cb.baseAddress!, wide: wb.baseAddress!, scores: sb.baseAddress!)
                }
            }}}}
            // Mean over each text's tokens, then unit length.
            for (t, ids) in texts.enumerated() {
                let v = out + t * h
                for j in 0..<h { v[j] = 0 }
                for p in 0..<ids.count {
                    let row = x + (offsets[t] + p) * h
                    for j in 0..<h { v[j] += row[j] }
                }
                var norm: Float = 0
                for j in 0..<h { norm += v[j] * v[j] }
                let scale = 1 / max(norm.squareRoot(), 1e-12)
                for j in 0..<h { v[j] *= scale }
            }
        }
    }

    /// One transformer layer over all rows of the batch, in place in `x`.
    private func encode(_ layer: Layer, rows: Int, texts: [[Int32]], offsets: [Int], x: UnsafeMutablePointer<Float>, split: Int,
                        qkv: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>,
                        wide: UnsafeMutablePointer<Float>, scores: UnsafeMutablePointer<Float>) {
        let h = dimension, h3 = 3 * h, inner = intermediate, d = h / heads
        // Query, key and value of every row: one product.
        layer.qkvBias.withUnsafeBufferPointer { b in
            layer.qkv.apply(x, rows: rows, bias: b.baseAddress!, into: qkv, accumulate: false, split: split)
        }
        // Attention per text and head, over the text's own rows only.
        let scale = 1 / Float(d).squareRoot()
        for (t, ids) in texts.enumerated() {
            let n = Int32(ids.count), base = qkv + offsets[t] * h3
            for head in 0..<heads {
                let q = base + head * d, k = q + h, v = q + 2 * h
                // Keys transposed first, so that Q·Kᵀ is a plain (NN) product: OpenBLAS runs small
                // NN products without packing, and the packing cost more than this copy.
                let keys = scores + ids.count * ids.count
                cm_transpose(k, h3, ids.count, d, keys)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, Int32(d), scale, q, Int32(h3), keys, n, 0, scores, n)
                cm_softmax_rows(scores, ids.count, ids.count)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(d), n, 1, scores, n, v, Int32(h3),
                            0, context + offsets[t] * h + head * d, Int32(h))
            }
        }
        // Output projection added to the residual, bias, LayerNorm.
        layer.attentionOutput.apply(context, rows: rows, bias: nil, into: x, accumulate: true, split: split)
        for r in 0..<rows { normalize(x + r * h, layer.attentionNorm, bias: layer.attentionOutputBias) }
        // Feed-forward: GELU(x·W₁ᵀ + b₁)·W₂ᵀ + b₂, added to the residual, LayerNorm.
        layer.intermediate.apply(x, rows: rows, bias: nil, into: wide, accumulate: false, split: split)
        for r in 0..<rows { cm_gelu_bias(wide + r * inner, layer.intermediateBias.baseAddress!, inner) }
        layer.output.apply(wide, rows: rows, bias: nil, into: x, accumulate: true, split: split)
        for r in 0..<rows { normalize(x + r * h, layer.outputNorm, bias: layer.outputBias) }
    }

    /// LayerNorm of one row in place (eps from config.json), after adding `bias` when given.
    private func normalize(_ row: UnsafeMutablePointer<Float>, _ norm: (weight: UnsafeBufferPointer<Float>, bias: UnsafeBufferPointer<Float>),
                           bias: UnsafeBufferPointer<Float>?) {
        cm_layer_norm(row, bias?.baseAddress, norm.weight.baseAddress!, norm.bias.baseAddress!, dimension, epsilon)
    }
}
