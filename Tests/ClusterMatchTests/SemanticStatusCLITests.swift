import Foundation
import MatchCore
import Testing
import JSONSupport

/// `doctor` says whether semantic matching is on, why not, and how to turn it on; a missing,
/// switched-off or damaged model never makes a command fail or crash.
@Suite struct SemanticStatusCLITests {
    static let model = CLI.repositoryRoot.appendingPathComponent("Profiles/models/all-MiniLM-L6-v2")
    static var modelInstalled: Bool { FileManager.default.fileExists(atPath: model.appendingPathComponent("model.safetensors").path) }

    @Test func switchedOffDoctorSaysWhyAndHowToTurnItOn() throws {
        let dir = try TemporaryDirectory()
        let env = ["CLUSTERMATCH_SEMANTIC": "off"]
        let table = try CLI.run(["doctor", "--db", dir.path("x.sqlite")], environment: env)
        #expect(table.status == 0)
        #expect(table.stdout.contains("Semantic      off: CLUSTERMATCH_SEMANTIC=off is set. Turn it on: unset CLUSTERMATCH_SEMANTIC"), "\(table.stdout)")
        let json = try JSONParser.parse(try CLI.run(["doctor", "--db", dir.path("x.sqlite"), "--format", "json"], environment: env).stdout)
        #expect(json["semanticMatching"] == "off")
        #expect(json["semanticModel"] == .null)
        #expect(json["semanticTurnOn"] == "unset CLUSTERMATCH_SEMANTIC")
        let embed = try CLI.run(["embed"], stdin: "MEMS microphones\n", environment: env)
        #expect(embed.status == 66)
        #expect(embed.stderr.contains("semantic matching is off: CLUSTERMATCH_SEMANTIC=off"), "\(embed.stderr)")
    }

    @Test(.enabled(if: modelInstalled, "the model is not installed (run scripts/setup.sh)"))
    func aTruncatedModelIsOffWithTheFileNamedNeverACrash() throws {
        let dir = try TemporaryDirectory()
        let copy = URL(fileURLWithPath: dir.path("model"))
        try FileManager.default.createDirectory(at: copy.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        for name in ["config.json", "sentence_bert_config.json", "1_Pooling/config.json", "vocab.txt", "tokenizer.json"] {
            try FileManager.default.copyItem(at: Self.model.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let handle = try FileHandle(forReadingFrom: Self.model.appendingPathComponent("model.safetensors"))
        try (try handle.read(upToCount: 3_000_000) ?? Data()).write(to: copy.appendingPathComponent("model.safetensors"))
        try handle.close()
        let env = ["CLUSTERMATCH_MODEL": copy.path]
        let json = try CLI.run(["doctor", "--db", dir.path("x.sqlite"), "--format", "json"], environment: env, semantic: true)
        #expect(json.status == 0)
        let info = try JSONParser.parse(json.stdout)
        #expect(info["semanticMatching"] == "off")
        let reason = info["semanticOffReason"]?.stringValue ?? ""
        #expect(reason.contains(copy.appendingPathComponent("model.safetensors").path) && reason.contains("truncated"), "\(reason)")
        #expect(info["semanticTurnOn"] == "scripts/setup.sh")
        let embed = try CLI.run(["embed"], stdin: "MEMS microphones\n", environment: env, semantic: true)
        #expect(embed.status == 66)
        #expect(embed.stderr.contains("truncated"), "\(embed.stderr)")
    }

    @Test(.enabled(if: modelInstalled, "the model is not installed (run scripts/setup.sh)"))
    func anInstalledModelIsOnAndEmbedsToUnitVectors() throws {
        let dir = try TemporaryDirectory()
        let info = try JSONParser.parse(try CLI.run(["doctor", "--db", dir.path("x.sqlite"), "--format", "json"], semantic: true).stdout)
        #expect(info["semanticMatching"] == "on")
        #expect(info["semanticOffReason"] == .null)
        let r = try CLI.run(["embed"], stdin: "MEMS microphones\nminiature acoustic sensors for hearing devices\nplant-based protein from peas\n", semantic: true)
        #expect(r.status == 0)
        let rows = try r.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)).arrayValue!.map { Float($0.doubleValue!) } }
        #expect(rows.count == 3 && rows.allSatisfy { $0.count == 384 })
        func cosine(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        for row in rows { #expect(abs(cosine(row, row) - 1) < 1e-5) }
        // Meaning, not words: the two acoustic statements share no word and are still closest.
        #expect(cosine(rows[0], rows[1]) > cosine(rows[0], rows[2]) + 0.1, "\(cosine(rows[0], rows[1])) vs \(cosine(rows[0], rows[2]))")
    }
}
