import Foundation
import Testing
@testable import SentenceEmbedding

/// A damaged or missing model is an error naming the file, and semantic matching "off" with
/// that reason — never a crash.
@Suite("Damaged, missing and switched-off models", .enabled(if: modelDirectory != nil, Comment(rawValue: modelAbsent)))
struct DamagedModelTests {
    /// A copy of the model folder whose model.safetensors is replaced by `weights`
    /// (the other files are links to the real ones).
    static func modelCopy(weights: Data?, tokenizer: Data? = nil) throws -> URL {
        let source = try #require(modelDirectory)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cm-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        for name in ["config.json", "sentence_bert_config.json", "1_Pooling/config.json", "vocab.txt", "tokenizer.json", "model.safetensors"] {
            let target = dir.appendingPathComponent(name)
            if name == "model.safetensors", let weights { try weights.write(to: target); continue }
            if name == "tokenizer.json", let tokenizer { try tokenizer.write(to: target); continue }
            try FileManager.default.createSymbolicLink(at: target, withDestinationURL: source.appendingPathComponent(name))
        }
        return dir
    }

    static func prefix(_ bytes: Int) throws -> Data {
        let handle = try FileHandle(forReadingFrom: try #require(modelDirectory).appendingPathComponent("model.safetensors"))
        defer { try? handle.close() }
        return try handle.read(upToCount: bytes) ?? Data()
    }

    static func loadError(_ dir: URL) -> EmbeddingModelError? {
        do { _ = try SentenceEncoder(directory: dir); return nil } catch { return error }
    }

    @Test(arguments: [4, 1000, 12_000, 5_000_000])
    func aTruncatedWeightsFileIsAnErrorNamingIt(bytes: Int) throws {
        let dir = try Self.modelCopy(weights: try Self.prefix(bytes))
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(Self.loadError(dir))
        #expect(error.file == dir.appendingPathComponent("model.safetensors").path)
        #expect(error.problem.contains("truncated"), "\(error)")
        guard case .off(let reason, let turnOn) = EmbeddingModelLocation.load(environment: ["CLUSTERMATCH_MODEL": dir.path]) else {
            Issue.record("a truncated model counted as installed")
            return
        }
        #expect(reason.contains("model.safetensors") && reason.contains("truncated"))
        #expect(turnOn == "scripts/setup.sh")
    }

    @Test func aDamagedHeaderIsAnErrorNamingIt() throws {
        var data = Data([12, 0, 0, 0, 0, 0, 0, 0])
        data += Data("{\"a\": [1, 2,".utf8)  // 12 bytes of broken JSON
        let dir = try Self.modelCopy(weights: data)
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(Self.loadError(dir))
        #expect(error.file.hasSuffix("model.safetensors") && error.problem.contains("damaged header"), "\(error)")
    }

    @Test func aHeaderWithAWrongShapeIsAnErrorNamingTheTensor() throws {
        // The real header with one shape changed: the byte range no longer fits the shape.
        var data = try Self.prefix(20_000)
        let range = try #require(data.range(of: Data("\"shape\":[384,1536]".utf8)))
        data.replaceSubrange(range, with: Data("\"shape\":[384,1537]".utf8))
        let dir = try Self.modelCopy(weights: data)
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(Self.loadError(dir))
        #expect(error.problem.contains("output.dense.weight"), "\(error)")
    }

    @Test func aTruncatedTokenizerIsAnErrorNamingIt() throws {
        let tokenizer = try Data(contentsOf: try #require(modelDirectory).appendingPathComponent("tokenizer.json")).prefix(5000)
        let dir = try Self.modelCopy(weights: nil, tokenizer: Data(tokenizer))
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = try #require(Self.loadError(dir))
        #expect(error.file.hasSuffix("tokenizer.json") && error.problem.contains("damaged"), "\(error)")
    }

    @Test func clustermatchSemanticOffMakesTheModelAbsent() {
        guard case .off(let reason, let turnOn) = EmbeddingModelLocation.load(environment: ["CLUSTERMATCH_SEMANTIC": "off"]) else {
            Issue.record("CLUSTERMATCH_SEMANTIC=off left semantic matching on")
            return
        }
        #expect(reason.contains("CLUSTERMATCH_SEMANTIC=off"))
        #expect(turnOn == "unset CLUSTERMATCH_SEMANTIC")
        #expect(EmbeddingModelLocation.load(environment: [:]).encoder != nil, "the installed model is found from the test binary's source tree")
    }

    @Test func aModelFolderWithoutWeightsIsNotInstalled() {
        guard case .off(let reason, _) = EmbeddingModelLocation.load(environment: ["CLUSTERMATCH_MODEL": "/nonexistent/model"]) else {
            Issue.record("a missing model folder counted as installed")
            return
        }
        #expect(reason.contains("/nonexistent/model"))
    }
}
