import ArgumentParser
import ClusterMatchApp
import Foundation
import SentenceEmbedding

/// Hidden: embeds the lines of stdin, for the embedding-speed benchmark and for checks.
struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Embed each line of stdin with the sentence-embedding model (for benchmarks).",
        discussion: """
            Writes one JSON array of 384 numbers per line to stdout, or raw little-endian \
            float32 rows to --output. The time spent embedding goes to stderr.
            """,
        shouldDisplay: false)

    @Option(help: ArgumentHelp("Write raw little-endian float32 rows to this file instead of JSON lines to stdout.", valueName: "path"))
    var output: String?

    @Option(help: "How batches share the cores: batchesOnCores (BLAS single-threaded) or blasThreads.")
    var parallelism: SentenceEncoder.Parallelism = .batchesOnCores

    @Option(help: "Tokens per batch (each projection is one sgemm over a batch's rows).")
    var tokensPerBatch: Int = SentenceEncoder.defaultTokensPerBatch

    func validate() throws {
        if !(16...1_000_000).contains(tokensPerBatch) { throw ValidationError("--tokens-per-batch must be from 16 to 1000000") }
    }

    func run() throws {
        try perform {
            let input = FileHandle.standardInput.readDataToEndOfFile()
            var texts = String(decoding: input, as: UTF8.self).components(separatedBy: "\n")
            if texts.last == "" { texts.removeLast() }
            let e = try ClusterMatch.embedTexts(texts, parallelism: parallelism, tokensPerBatch: tokensPerBatch)
            Diagnostics.write(String(format: "embedded %d texts (%d tokens) in %.3f s: %.1f texts/s", texts.count, e.tokens, e.seconds,
                                     Double(texts.count) / max(e.seconds, 1e-9)))
            if let output {
                let data = e.vectors.withUnsafeBufferPointer { Data(buffer: $0) }
                do { try data.write(to: URL(fileURLWithPath: output)) } catch {
                    throw AppError(.badInput, "cannot write \(output): \(error.localizedDescription)")
                }
            } else {
                var text = ""
                for row in 0..<texts.count {
                    text += "[" + e.vectors[row * e.dimension..<(row + 1) * e.dimension].map { "\($0)" }.joined(separator: ",") + "]\n"
                }
                Output.write(text)
            }
        }
    }
}

extension SentenceEncoder.Parallelism: ExpressibleByArgument {}
