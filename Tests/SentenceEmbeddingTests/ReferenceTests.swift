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
        let faulty = try SentenceEncoder(directory: encoder.directory, precision: encoder.precision, debugSkipLayer: 3)
        let mismatches = faulty.embeddingMismatches(in: fixture, first: 60)
        #expect(mismatches.count >= 50, "skipping layer 3 went unnoticed: only \(mismatches.count) of 60 texts differ")
    }

    @Test func theCheckFailsWhenAccentsAreKept() throws {
        let faulty = try SentenceEncoder(directory: encoder.directory, precision: encoder.precision, debugKeepAccents: true)
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
        // The bfloat16 products sum each row in one fixed order, whatever the batch: same bytes.
        if encoder.precision == .bfloat16 { #expect(together == alone && together == threaded) }
    }

    @Test func theFloat32PathAlsoMeetsTheReference() throws {
        let exact = try SentenceEncoder(directory: encoder.directory, precision: .float32)
        #expect(exact.precision == .float32)
        let mismatches = fixture.embeddingMismatches(exact)
        #expect(mismatches.isEmpty, "\(mismatches.count) texts differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    /// On a CPU with AVX-512 BF16 the default encoder must really be the bfloat16 one (so that the
    /// fixture check above checks it), and differ from float32 only by bfloat16 rounding.
    @Test(.enabled(if: SentenceEncoder.Precision.fastest == .bfloat16, "this CPU lacks AVX-512 BF16"))
    func theDefaultIsBfloat16AndNearFloat32() throws {
        #expect(encoder.precision == .bfloat16)
        let exact = try SentenceEncoder(directory: encoder.directory, precision: .float32)
        let texts = Array(fixture.texts.prefix(60))
        let a = encoder.embed(texts), b = exact.embed(texts)
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        #expect(worst > 0 && worst < 0.01, "largest difference between bfloat16 and float32: \(worst)")
        #expect(encoder.fingerprint != exact.fingerprint, "cached float32 and bfloat16 vectors must not share a key")
    }
}

@Suite("The bfloat16 matrix product against a brute-force sum")
struct Bfloat16ProductTests {
    /// float32 → bfloat16 → float32, rounding to nearest even: the operands the kernel multiplies.
    static func rounded(_ x: Float) -> Double {
        let u = x.bitPattern
        return Double(Float(bitPattern: (u &+ 0x7fff &+ ((u >> 16) & 1)) & 0xffff_0000))
    }

    @Test(.enabled(if: SentenceEncoder.Precision.fastest == .bfloat16, "this CPU lacks AVX-512 BF16"),
          arguments: [(rows: 1, outputs: 64, depth: 2), (rows: 13, outputs: 192, depth: 384), (rows: 100, outputs: 128, depth: 1538)])
    func productMatchesTheRoundedSum(rows: Int, outputs: Int, depth: Int) {
        // Values of mixed sign and size, with some that bfloat16 cannot hold exactly.
        let a = (0..<rows * depth).map { Float(($0 * 7919) % 1999 - 999) / 317 }
        let w = (0..<outputs * depth).map { Float(($0 * 104_729) % 2003 - 1001) / 1_013 }
        let bias = (0..<outputs).map { Float($0) / 7 - 3 }
        let start = (0..<rows * outputs).map { Float($0 % 11) - 5 }
        for accumulate in [false, true] {
            let projection = w.withUnsafeBufferPointer {
                SentenceEncoder.Projection($0, outputs: outputs, depth: depth, precision: .bfloat16)
            }
            var c = start
            a.withUnsafeBufferPointer { ap in bias.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
                projection.apply(ap.baseAddress!, rows: rows, bias: bp.baseAddress!, into: cp.baseAddress!, accumulate: accumulate)
            }}}
            var worst = 0.0
            for r in 0..<rows {
                for n in 0..<outputs {
                    var sum = Double(bias[n]) + (accumulate ? Double(start[r * outputs + n]) : 0), size = abs(sum)
                    for k in 0..<depth {
                        let term = Self.rounded(a[r * depth + k]) * Self.rounded(w[n * depth + k])
                        sum += term
                        size += abs(term)
                    }
                    worst = max(worst, abs(Double(c[r * outputs + n]) - sum) / max(size, 1))
                }
            }
            // float32 sums of `depth` terms: relative to the sum of magnitudes, a few float32 ulps.
            #expect(worst < 1e-6 * Double(depth).squareRoot(), "rows \(rows) depth \(depth) accumulate \(accumulate): \(worst)")
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
