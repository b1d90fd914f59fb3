import ArgumentParser
import ClusterMatchApp
import CSV
import MatchCore
import Reports

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a pair: the score, the terms behind it, and where B ranks on A's list — or why B is not on it.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: FormatOption
    @Option(help: "Scoring profile: brokerage, research, cluster-to-cluster, peers, or a .json file.") var profile: String?
    @Flag(help: "As match --new-only: the rank among partners they have not worked with or met, and say so when they have.")
    var newOnly = false
    @Argument(help: "The participant whose list it is.") var a: String
    @Argument(help: "The partner.") var b: String

    func run() throws {
        try perform {
            let e = try database.open().explainPair(a, b, profile: profile, newOnly: newOnly)
            switch output.format {
            case .json:
                Output.line(e.json.serialized(pretty: true))
            case .csv:
                Output.write(CSVWriter.render(
                    header: ["participant", "partner", "profile", "score", "similarity", "forward", "backward", "rank", "excluded_by", "reasons"],
                    rows: [[e.participant.id, e.partner.id, e.profile, Format.score(e.score), Format.score(e.similarity),
                            Format.score(e.forward), Format.score(e.backward), e.rank.map(String.init) ?? "", e.excludedBy ?? "",
                            e.reasons.map(\.summary).joined(separator: "; ")]]))
            case .table:
                Output.line("\(e.participant.name) (\(e.participant.id)) and \(e.partner.name) (\(e.partner.id)), profile \(e.profile)\(e.weightsOf.map { " with the weights of \($0)" } ?? "")")
                Output.line("score \(Format.score(e.score)): similarity \(Format.score(e.similarity)), you→them \(Format.score(e.forward)), them→you \(Format.score(e.backward))")
                if !e.componentsText.isEmpty { Output.line("components: " + e.componentsText) }
                if let oneSided = e.oneSided { Output.line(oneSided.message) }
                if let rule = e.excludedBy {
                    Output.line("Not on the list: \(rule).")
                } else if let rank = e.rank {
                    Output.line("Rank \(rank) on \(e.participant.id)'s list.")
                }
                for note in e.notes { Output.line("Note: \(note).") }
                if e.reasons.isEmpty {
                    // Reasons leave out what most participants have: say so rather than "nothing".
                    Output.line(e.similarity > 0 || e.forward > 0 || e.backward > 0
                        ? "No reason to name: what they share, most participants have (reasons leave out terms more than half of them use)."
                        : "Nothing in common in their profiles.")
                }
                for r in e.reasons { Output.line("  - \(r.summary)") }
            }
        }
    }
}
