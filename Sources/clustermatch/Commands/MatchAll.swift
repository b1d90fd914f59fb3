import ArgumentParser
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
            let lists = try database.open().matchAll(top: top, profile: profile, explain: reasons, newOnly: newOnly) { done, total in
                bar?.update(phase: "matching", done: done, total: total)
            }
            bar?.finish()
            let chosen = format ?? (out.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
            let text = chosen == .csv ? MatchListCSV.render(lists) : MatchListJSONL.render(lists)
            do { try text.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                throw AppError(.cannotWrite, "\(out): cannot write: \(error.localizedDescription)")
            }
            let rows = lists.reduce(0) { $0 + $1.rows.count }
            Diagnostics.write("wrote \(rows) rows for \(lists.count) participants to \(out)" + String(format: " in %.2f s", Date().timeIntervalSince(started)))
        }
    }
}
