import ArgumentParser
import ClusterMatchApp
import CSV
import Foundation
import JSONSupport
import MatchCore
import Reports

struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank a participant's best partners, or partners for an ad-hoc profile.",
        discussion: """
            The score blends reciprocal complementarity (what you offer against what they need, \
            and back: the harmonic mean of the two directions), competence similarity and \
            keyword overlap, as the scoring profile says (default: brokerage). Without an ID, \
            describe what you look for with --text, --keywords, --codes, --offers, --needs.
            Filters and keywords take several values separated by commas, or the option repeated.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: FormatOption
    @Argument(help: "The participant's id (leave out for an ad-hoc query).") var id: String?
    @Option(help: "How many partners to show.") var top: Int = 10
    @Flag(help: "Show the taxonomy terms and keywords behind each score.") var explain = false
    @Option(help: "Scoring profile: brokerage, research, cluster-to-cluster, peers, or a .json file.") var profile: String?
    @Flag(help: "Also match expired EEN profiles and participants marked not matchable.") var includeExpired = false
    @Flag(help: "Leave out partners you already collaborated or met with (the history).") var newOnly = false

    @Option(help: "Ad-hoc: free text describing what you do or look for.") var text: String?
    @Option(help: "Ad-hoc: keywords (comma-separated, or repeat the option).") var keywords: [String] = []
    @Option(help: "Ad-hoc: taxonomy codes (comma-separated, or repeat the option).") var codes: [String] = []
    @Option(help: "Ad-hoc: what you offer, as free text (repeat for several; commas are kept).") var offers: [String] = []
    @Option(help: "Ad-hoc: what you need, as free text (repeat for several; commas are kept).") var needs: [String] = []

    @Option(help: "Only partners of these kinds.") var kind: [String] = []
    @Option(help: "Only partners from these countries (ISO codes).") var country: [String] = []
    @Option(help: "Only companies of these sizes: micro, small, medium, large.") var size: [String] = []
    @Option(help: "Only members of these clusters (cluster ids).") var cluster: [String] = []
    @Option(help: "Never show these participants.") var exclude: [String] = []

    var adHoc: AdHocProfile {
        // A blank statement says nothing: `--needs " "` alone is no query.
        AdHocProfile(text: text, keywords: split(keywords), codes: split(codes), offers: offers.filter { !$0.allSatisfy(\.isWhitespace) },
                     needs: needs.filter { !$0.allSatisfy(\.isWhitespace) })
    }

    func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    /// The filters, read by the use case's one reading (`MatchFilters.parse`); the first bad
    /// value is reported with its flag.
    func filters() throws -> MatchFilters {
        let (f, issues) = MatchFilters.parse(kinds: split(kind), countries: split(country), sizeBands: split(size),
                                             clusters: split(cluster), excludeIDs: split(exclude))
        if let issue = issues.first {
            let flag = switch issue.filter { case .kinds: "--kind"; case .countries: "--country"; case .sizeBands: "--size" }
            throw ValidationError("\(flag) \(issue.value): \(issue.reason)")
        }
        return f
    }

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
        if id == nil && adHoc.isEmpty { throw ValidationError("give a participant ID, or describe a profile with --text, --keywords, --codes, --offers or --needs") }
        if id != nil && !adHoc.isEmpty { throw ValidationError("give either a participant ID or an ad-hoc profile, not both") }
        if id == nil && newOnly { throw ValidationError("--new-only applies to a participant's list (an ad-hoc query has no history): give a participant ID") }
        _ = try filters()
    }

    func run() throws {
        try perform {
            var query = MatchQuery(subject: id.map { .participant($0) } ?? .adHoc(adHoc), top: top, profile: profile,
                                   filters: try filters(), explain: explain, includeUnmatchable: includeExpired)
            query.newOnly = newOnly
            let list = try database.open().match(query)
            if let warning = list.warning { Diagnostics.warning(warning + (list.hint?.commandLine ?? "")) }
            switch output.format {
            case .json: Output.line(JSONValue.array(list.rows.map { $0.json(explain: explain) }).serialized(pretty: true))
            case .csv:
                var header = ["rank", "id", "name", "kind", "country", "score", "forward", "backward"]
                if explain { header.append("reasons") }
                Output.write(CSVWriter.render(header: header, rows: list.rows.map { row in
                    var cells = [String(row.rank), row.partner.id, row.partner.name, row.partner.kind.rawValue, row.partner.country,
                                 Format.score(row.score), Format.score(row.forward), Format.score(row.backward)]
                    if explain { cells.append(row.summaries.joined(separator: "; ")) }
                    return cells
                }))
            case .table:
                let p = list.participant
                let profile = "profile \(list.profile)" + (list.weightsOf.map { " with the weights of \($0)" } ?? "")
                if id != nil {
                    Output.line("Best partners for \(p.name) (\(p.id), \(p.kind.rawValue), \(p.country)) — \(profile)")
                } else {
                    Output.line("Best partners for your query — \(profile)")
                }
                Output.line()
                if list.rows.isEmpty { Output.line("No partners found."); return }
                let header = ["rank", "id", "name", "kind", "country", "score"]
                let rows = list.rows.map { [String($0.rank), $0.partner.id, $0.partner.name, $0.partner.kind.rawValue, $0.partner.country, Format.score($0.score)] }
                if !explain {
                    Output.write(TextTable.render(header: header, rows: rows, maxWidth: 40, rightAligned: [0, 5]))
                } else {
                    for row in list.rows {
                        Output.line("\(row.rank). \(row.partner.name) (\(row.partner.id), \(row.partner.kind.rawValue), \(row.partner.country))  score \(Format.score(row.score))")
                        Output.line("   similarity \(Format.score(row.similarity)), you→them \(Format.score(row.forward)), them→you \(Format.score(row.backward))")
                        let parts = ScorePart.text(row.components)
                        if !parts.isEmpty { Output.line("   components: " + parts) }
                        for reason in row.reasons { Output.line("   - \(reason.summary)") }
                        for note in row.notes { Output.line("   - \(note)") }
                    }
                }
            }
        }
    }
}
