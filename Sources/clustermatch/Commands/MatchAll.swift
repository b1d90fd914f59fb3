import ArgumentParser
import CSV
import ClusterMatchApp
import Foundation
import MatchCore
import Reports

struct MatchAll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match-all",
        abstract: "Write every participant's top partners to a file (JSON Lines or CSV).",
        discussion: """
            One row per (participant, partner): participant, rank, partner, score, forward, \
            backward, reasons. Computed in BLAS tiles; the N×N score matrix is never held.
            """)

    enum FileFormat: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Partners per participant.") var top: Int = 10
    @Option(help: "Scoring profile: brokerage, research, cluster-to-cluster, peers, or a .json file.") var profile: String?
    @Option(help: ArgumentHelp("The file to write.", valueName: "file")) var out: String
    @Option(help: "jsonl or csv (default: from the file name, else jsonl).") var format: FileFormat?
    @Flag(inversion: .prefixedNo, help: "Include the term-level reasons.") var reasons = true
    @Flag(help: "Leave out pairs that already collaborated or met (the history).") var newOnly = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        try perform {
            let started = Date()
            let bar = ProgressBar.ifTerminal()
            let chosen = format ?? (out.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
            // Written as the lists are made, to a file beside `out` renamed over it at the end.
            let file = try OutputFile(path: out)
            if chosen == .csv { try file.write(CSVWriter.line(MatchListCSV.header)) }
            var rows = 0, participants = 0
            // Lines are made on all cores beside the lists; written here, in order.
            try database.open().matchAll(top: top, profile: profile, explain: reasons, newOnly: newOnly, progress: { done, total in
                bar?.update(phase: "matching", done: done, total: total)
            }, made: { list, explanation -> (rows: Int, bytes: [UInt8]) in
                var bytes: [UInt8] = []
                if chosen == .csv {
                    MatchListCSV.append(list, explanation: explanation, to: &bytes)
                } else {
                    MatchListJSONL.append(list, explanation: explanation, to: &bytes)
                }
                return (rows: list.rows.count, bytes: bytes)
            }) { lines in
                try file.write(bytes: lines.bytes)
                rows += lines.rows
                participants += 1
            }
            bar?.finish()
            try file.commit()
            Diagnostics.write("wrote \(rows) rows for \(participants) participants to \(out)" + String(format: " in %.2f s", Date().timeIntervalSince(started)))
        }
    }
}
