import ArgumentParser
import ClusterMatchApp
import CSV
import Foundation
import JSONSupport
import MatchCore
import Reports

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the version, SQLite, the BLAS actually loaded, and the database's contents.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: FormatOption

    func run() throws {
        try perform {
            // Doctor only looks: where there is no database yet it reports on an empty one in
            // a temporary folder and creates no file there (import, history import or demo do).
            var r: DoctorReport
            if database.isNew {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clustermatch-doctor-\(ProcessInfo.processInfo.processIdentifier)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: folder) }
                r = try ClusterMatch.open(path: folder.appendingPathComponent("empty.sqlite").path).doctor(checkIntegrity: true)
                r.databasePath = database.path
                r.databaseExists = false
                r.vectorStore = nil
            } else {
                r = try database.open().doctor(checkIntegrity: true)
            }
            for w in r.warnings { Diagnostics.write("WARNING: \(w)") }
            let o = r.json
            switch output.format {
            case .json: Output.line(JSONValue.object(o).serialized(pretty: true))
            case .csv:
                Output.write(CSVWriter.render(header: ["key", "value"], rows: o.map { [$0.key, $0.value.stringValue ?? $0.value.serialized()] }))
            case .table:
                Output.line("ClusterMatch \(r.version)")
                Output.line("SQLite        \(r.sqliteVersion)")
                Output.line("BLAS          \(r.blas.implementation) (\(r.blas.library))")
                Output.line("BLAS threads  \(r.blas.threads.map(String.init) ?? "unknown")")
                if let c = r.blas.configuration { Output.line("BLAS config   \(c)") }
                Output.line("All-pairs     \(AllPairsKernelInfo.name == "bfloat16" ? "bfloat16 prefilter (AVX-512 BF16), exact float32 re-score" : "float32 (BLAS sgemm tiles)")")
                Output.line("Database      \(r.databasePath)\(r.databaseExists ? "" : " (does not exist yet: import, history import or demo creates it)")")
                let kinds = r.counts.byKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                Output.line("Participants  \(r.counts.participants)\(kinds.isEmpty ? "" : " (\(kinds))")")
                Output.line("Taxonomies    \(r.taxonomies.isEmpty ? "none" : r.taxonomies.map { "\($0.namespace) (\($0.terms) terms)" }.joined(separator: ", "))")
                Output.line("Vectors       \(r.counts.vectors) × \(r.vectorDimension) dimensions")
                if let store = r.vectorStore { Output.line("Vector store  \(store.summary)") }
                Output.line("Profiles      \(r.shippedData.folder ?? "embedded (no Profiles/ folder found)")")
                for piece in r.shippedData.pieces {
                    Output.line(piece.label.padding(toLength: 14, withPad: " ", startingAt: 0) + piece.origin)
                }
                Output.line("Semantic      \(r.semantic.summary)")
                for w in r.warnings { Output.line("WARNING       \(w)") }
            }
        }
    }
}
