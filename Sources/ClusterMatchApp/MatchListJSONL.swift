import JSONSupport
import MatchCore

/// The all-pairs match list as JSON Lines (a contract): one object per (participant,
/// partner) with `participant`, `rank`, `partner`, `score`, `forward`, `backward`, `reasons`.
package enum MatchListJSONL {
    package static func render(_ lists: [MatchList]) -> String {
        var out = ""
        for list in lists { out += lines(list) }
        return out
    }

    /// One list's lines, as `render` writes them: for output written as it is made.
    package static func lines(_ list: MatchList) -> String {
        var out = ""
        for row in list.rows {
            let o = JSONObject([
                ("participant", .string(list.participant.id)), ("rank", .int(Int64(row.rank))), ("partner", .string(row.partner.id)),
                ("score", Format.json(row.score)), ("forward", Format.json(row.forward)), ("backward", Format.json(row.backward)),
                ("reasons", .array(row.reasons.map { .string($0.summary) })),
            ])
            out += JSONValue.object(o).serialized() + "\n"
        }
        return out
    }
}

extension Format {
    /// A score as a JSON number with four decimals (deterministic bytes).
    package static func json(_ x: Float) -> JSONValue { .double(Double(score(x))!) }
}
