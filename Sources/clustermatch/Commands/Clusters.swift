import ArgumentParser
import ClusterMatchApp
import CSV
import JSONSupport
import MatchCore
import Reports

struct Clusters: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List clusters and match clusters with clusters.",
        subcommands: [List.self, MatchClusters.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clusters with their member counts by kind.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption

        func run() throws {
            try perform {
                let all = try database.open().clusters()
                let kinds = ParticipantKind.allCases.filter { $0 != .cluster }
                let header = ["id", "name", "country", "members"] + kinds.map(\.rawValue)
                let rows = all.map { c in
                    [c.id, c.cluster?.name ?? "(not stored)", c.cluster?.country ?? "", String(c.members)]
                        + kinds.map { String(c.membersByKind[$0] ?? 0) }
                }
                switch output.format {
                case .table: Output.write(TextTable.render(header: header, rows: rows, maxWidth: 40, rightAligned: Set(3..<header.count)))
                case .csv: Output.write(CSVWriter.render(header: header, rows: rows))
                case .json:
                    Output.line(JSONValue.array(all.map(\.json)).serialized(pretty: true))
                }
            }
        }
    }

    struct MatchClusters: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "match",
            abstract: "Rank partner clusters for a cluster, with the member pairs that make each link.",
            discussion: "International by default: clusters from other countries only (--same-country to include all).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: FormatOption
        @Argument(help: "The cluster's id.") var id: String
        @Option(help: "How many partner clusters.") var top: Int = 10
        @Option(help: "Member pairs to show per partner cluster.") var pairs: Int = 3
        @Option(help: "Scoring profile for clusters (default: cluster-to-cluster).") var profile: String = "cluster-to-cluster"
        @Flag(help: "Include clusters from the same country.") var sameCountry = false

        func validate() throws {
            if top < 1 { throw ValidationError("--top must be at least 1") }
            if pairs < 0 { throw ValidationError("--pairs must not be negative") }
        }

        func run() throws {
            try perform {
                let rows = try database.open().clusterMatch(id, top: top, profile: profile, sameCountry: sameCountry, pairs: pairs)
                switch output.format {
                case .json:
                    Output.line(JSONValue.array(rows.map(\.json)).serialized(pretty: true))
                case .csv:
                    var lines: [[String]] = []
                    for r in rows {
                        let head = [String(r.rank), r.partner.id, r.partner.cluster?.name ?? "", r.partner.cluster?.country ?? "", Format.score(r.score)]
                        if r.memberPairs.isEmpty { lines.append(head + ["", "", ""]) }
                        for p in r.memberPairs { lines.append(head + [p.member.id, p.partnerMember.id, Format.score(p.score)]) }
                    }
                    Output.write(CSVWriter.render(header: ["rank", "id", "name", "country", "score", "member", "partner_member", "pair_score"], rows: lines))
                case .table:
                    if rows.isEmpty { Output.line("No partner clusters found."); return }
                    for r in rows {
                        Output.line("\(r.rank). \(r.partner.cluster?.name ?? r.partner.id) (\(r.partner.id), \(r.partner.cluster?.country ?? "?"), \(r.partner.members) members)  score \(Format.score(r.score))")
                        for p in r.memberPairs {
                            Output.line("   \(p.member.name) (\(p.member.id)) ↔ \(p.partnerMember.name) (\(p.partnerMember.id))  \(Format.score(p.score))")
                            if let reason = p.reasons.first { Output.line("      \(reason.summary)") }
                        }
                    }
                }
            }
        }
    }
}
