import Foundation
import JSONSupport
@testable import SentenceEmbedding

/// The reference fixture written by `scripts/embedding-reference.py fixture`: texts, token ids
/// from Hugging Face `tokenizers`, and embeddings from a numpy forward pass.
struct ReferenceFixture {
    var texts: [String]
    var ids: [[Int32]]
    var embeddings: [Float]  // texts.count × 384

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func load() throws -> ReferenceFixture {
        let json = try JSONParser.parse(String(decoding: try Data(contentsOf: folder.appendingPathComponent("reference.json")), as: UTF8.self))
        var texts: [String] = [], ids: [[Int32]] = []
        for entry in json.arrayValue ?? [] {
            texts.append(entry["text"]?.stringValue ?? "")
            ids.append((entry["ids"]?.arrayValue ?? []).map { Int32($0.intValue ?? -1) })
        }
        let data = try Data(contentsOf: folder.appendingPathComponent("reference-embeddings.f32"))
        let embeddings = data.withUnsafeBytes { raw in
            (0..<data.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        return ReferenceFixture(texts: texts, ids: ids, embeddings: embeddings)
    }

    /// Texts whose token ids differ from the reference, as readable lines.
    func tokenMismatches(_ tokenizer: BertTokenizer, limit: Range<Int>? = nil) -> [String] {
        (limit ?? texts.indices).compactMap { i in
            let got = tokenizer.encode(texts[i])
            return got == ids[i] ? nil : "text \(i) \(texts[i].debugDescription.prefix(80)): got \(got.prefix(20)), expected \(ids[i].prefix(20))"
        }
    }

    /// Texts whose embedding's cosine to the reference is below `minimum`.
    func embeddingMismatches(_ encoder: SentenceEncoder, minimum: Float = 0.9999, limit: Range<Int>? = nil) -> [String] {
        let range = limit ?? texts.indices
        let d = encoder.dimension
        let got = encoder.embed(Array(texts[range]))
        return range.enumerated().compactMap { (k, i) in
            var dot: Float = 0, a: Float = 0, b: Float = 0
            for j in 0..<d {
                let x = got[k * d + j], y = embeddings[i * d + j]
                dot += x * y; a += x * x; b += y * y
            }
            let cosine = dot / (a * b).squareRoot()
            return cosine >= minimum ? nil : "text \(i) \(texts[i].debugDescription.prefix(60)): cosine \(cosine)"
        }
    }
}

/// The installed model's folder, whatever CLUSTERMATCH_SEMANTIC says (the tests are about the encoder).
let modelDirectory: URL? = {
    var environment = ProcessInfo.processInfo.environment
    environment["CLUSTERMATCH_SEMANTIC"] = nil
    return try? EmbeddingModelLocation.locate(environment: environment).get()
}()

let modelAbsent = "the model is not installed (run scripts/setup.sh); the reference checks need it"
