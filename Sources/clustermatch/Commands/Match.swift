import ArgumentParser
import ClusterMatchApp
import MatchCore
import Reports

struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank a participant's best partners.",
        discussion: """
            The score blends competence similarity with reciprocal complementarity: what you \
            offer against what they need, and back (harmonic mean of the two directions).
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: FormatOption
    @Option(help: "How many partners to show.") var top: Int = 10
    @Flag(help: "Show the taxonomy terms and keywords behind each score.") var explain = false
    @Flag(help: "Also match expired EEN profiles and participants marked not matchable.") var includeExpired = false
    @Argument(help: "The participant's id.") var id: String

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        try perform {
            let list = try database.open().match(id: id, top: top, explain: explain, includeUnmatchable: includeExpired)
            if let warning = list.warning { Diagnostics.warning(warning) }
            switch output.format {
            case .json: Output.line(JSONValue.array(list.rows.map { $0.json(explain: explain) }).serialized(pretty: true))
            case .csv:
                var header = ["rank", "id", "name", "kind", "country", "score", "forward", "backward"]
                if explain { header.append("reasons") }
                Output.write(CSVWriter.render(header: header, rows: list.rows.map { row in
                    var cells = [String(row.rank), row.partner.id, row.partner.name, row.partner.kind.rawValue, row.partner.country,
                                 Format.score(row.score), Format.score(row.forward), Format.score(row.backward)]
                    if explain { cells.append(row.reasons.map(\.summary).joined(separator: "; ")) }
                    return cells
                }))
            case .table:
                let p = list.participant
                Output.line("Best partners for \(p.name) (\(p.id), \(p.kind.rawValue), \(p.country))")
                Output.line()
                let header = ["rank", "id", "name", "kind", "country", "score"]
                let rows = list.rows.map { [String($0.rank), $0.partner.id, $0.partner.name, $0.partner.kind.rawValue, $0.partner.country, Format.score($0.score)] }
                if !explain {
                    Output.write(TextTable.render(header: header, rows: rows, maxWidth: 40, rightAligned: [0, 5]))
                } else {
                    for row in list.rows {
                        Output.line("\(row.rank). \(row.partner.name) (\(row.partner.id), \(row.partner.kind.rawValue), \(row.partner.country))  score \(Format.score(row.score))")
                        Output.line("   similarity \(Format.score(row.similarity)), you→them \(Format.score(row.forward)), them→you \(Format.score(row.backward))")
                        for reason in row.reasons { Output.line("   - \(reason.summary)") }
                    }
                }
            }
        }
    }
}

extension MatchRow {
    func json(explain: Bool) -> JSONValue {
        var o = JSONObject()
        o["rank"] = .int(Int64(rank))
        o["id"] = .string(partner.id)
        o["name"] = .string(partner.name)
        o["kind"] = .string(partner.kind.rawValue)
        o["country"] = .string(partner.country)
        o["score"] = .double(Double(Format.score(score))!)
        o["similarity"] = .double(Double(Format.score(similarity))!)
        o["forward"] = .double(Double(Format.score(forward))!)
        o["backward"] = .double(Double(Format.score(backward))!)
        if explain {
            o["reasons"] = .array(reasons.map { r in
                .object(JSONObject([("direction", .string(r.direction.rawValue)), ("term", .string(r.term)),
                                    ("yours", .array(r.yours.map { .string($0) })), ("theirs", .array(r.theirs.map { .string($0) })),
                                    ("text", .string(r.summary))]))
            })
        }
        return .object(o)
    }
}
