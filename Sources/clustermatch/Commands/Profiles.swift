import ArgumentParser
import ClusterMatchApp
import CSV
import Foundation
import Importers
import JSONSupport
import MatchCore

struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "Scoring profiles: list and show them, tune their history weights to what happened.",
        subcommands: [List.self, Show.self, Tune.self])

    struct Tune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit a profile's network and activity weights to the database's history and outcomes.",
            discussion: """
                What the engine knows is the history before --split; the first collaborations \
                (projects, held meetings …) on or after it are the outcomes. The weights are fitted \
                on an earlier split (--fit-split, default one year before --split) and reported on \
                both periods before and after: recall@10 and mean reciprocal rank of new partners. \
                The evaluation period runs to the newest record, or to --until. \
                The weights chosen are those with the best recall@10 on the fit period, then the \
                best mean reciprocal rank; they are written only if they also do better after \
                --split, otherwise the starting weights are kept. \
                Refuses (exit 65) when a period has fewer than 20 first collaborations. The result \
                is an ordinary profile file (use it with --profile FILE). First collaborations in \
                groups of more than --max-consortium members (default 10) are not outcomes: in a \
                large consortium most pairs never worked side by side; they still make the pair known.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Option(help: ArgumentHelp("The profile to start from: a name or a .json file.", valueName: "profile")) var from: String
        @Option(help: ArgumentHelp("History before this date is known; what came after is predicted.", valueName: "YYYY-MM-DD")) var split: String
        @Option(help: ArgumentHelp("The earlier split to fit on (default: a year before --split).", valueName: "YYYY-MM-DD")) var fitSplit: String?
        @Option(help: ArgumentHelp("The end of the evaluation period (default: the newest record).", valueName: "YYYY-MM-DD")) var until: String?
        @Option(help: ArgumentHelp("The tuned profile file to write.", valueName: "file")) var out: String
        @Option(help: ArgumentHelp("The largest group whose first collaborations are outcomes.", valueName: "members"))
        var maxConsortium: Int = ClusterMatch.defaultMaxConsortium

        func validate() throws {
            // The same reasons as a history date's (no month 13, February has 28 days).
            if let problem = HistoryDate.problem(split) { throw ValidationError("--split \(split) \(problem)") }
            if let fitSplit, let problem = HistoryDate.problem(fitSplit) { throw ValidationError("--fit-split \(fitSplit) \(problem)") }
            if let until, let problem = HistoryDate.problem(until) { throw ValidationError("--until \(until) \(problem)") }
            if maxConsortium < 2 { throw ValidationError("--max-consortium \(maxConsortium) must be 2 or more") }
        }

        func run() throws {
            try perform {
                let r = try database.open().tuneProfile(TuneRequest(from: from, split: split, fitSplit: fitSplit, until: until, out: out,
                                                                         maxConsortium: maxConsortium))
                func weights(_ w: [ScoreComponent.Name: Float]) -> String {
                    "network \(Format.score(w[.network] ?? 0)), activity \(Format.score(w[.activity] ?? 0))"
                }
                if let warning = r.warning { Diagnostics.warning(warning) }
                switch output.format {
                case .json:
                    Output.line(r.json.serialized(pretty: true))
                case .csv:
                    // One row per period and weights: what a spreadsheet compares.
                    func row(_ period: String, _ from: String, _ until: String, _ outcomes: Int, _ which: String,
                             _ w: [ScoreComponent.Name: Float], _ v: RankingQuality) -> [String] {
                        [period, from, until, String(outcomes), which, Format.score(w[.network] ?? 0), Format.score(w[.activity] ?? 0),
                         String(format: "%.4f", v.recallAt10), String(format: "%.4f", v.mrr)]
                    }
                    Output.write(CSVWriter.render(
                        header: ["period", "from", "until", "outcomes", "weights", "network", "activity", "recall_at_10", "mrr"],
                        rows: [row("fit", r.fitSplit, r.split, r.fitOutcomes, "before", r.before, r.fitBefore),
                               row("fit", r.fitSplit, r.split, r.fitOutcomes, "after", r.after, r.fitAfter),
                               row("evaluation", r.split, r.until ?? "", r.evaluationOutcomes, "before", r.before, r.evaluationBefore),
                               row("evaluation", r.split, r.until ?? "", r.evaluationOutcomes, "after", r.after, r.evaluationAfter)]))
                    Diagnostics.write(r.keptStartingWeights ? "wrote \(r.out) with the starting weights" : "wrote \(r.out)")
                case .table:
                    func line(_ v: RankingQuality) -> String { String(format: "recall@10 %.1f %%, MRR %.3f", 100 * v.recallAt10, v.mrr) }
                    Output.line("weights: \(weights(r.before)) → \(weights(r.after))\(r.keptStartingWeights ? " (fitted; not kept)" : "") — chosen by recall@10, then MRR")
                    Output.line("fit (\(r.fitOutcomes) first collaborations \(r.fitSplit) – \(r.split)): \(line(r.fitBefore)) → \(line(r.fitAfter))")
                    // How far the period reaches: an old split otherwise mixes in what happened years later.
                    let reach = r.until.map { " – \($0)" } ?? (r.evaluationNewest.map { " to the newest, \($0) (--until to end it sooner)" } ?? "")
                    Output.line("evaluation (\(r.evaluationOutcomes) first collaborations from \(r.split)\(reach)): \(line(r.evaluationBefore)) → \(line(r.evaluationAfter))")
                    if r.profilesAsOf.fit + r.profilesAsOf.evaluation + r.profilesChangedSinceImport > 0 {
                        let changed = r.profilesChangedSinceImport
                        Output.line("profiles built from their projects before each split: \(r.profilesAsOf.fit) for the fit, \(r.profilesAsOf.evaluation) for the evaluation"
                                    + (changed > 0 ? "; \(changed) changed since their import, ranked as they are" : ""))
                    }
                    Output.line(r.keptStartingWeights ? "wrote \(r.out) with the starting weights" : "wrote \(r.out)")
                }
            }
        }
    }
}
