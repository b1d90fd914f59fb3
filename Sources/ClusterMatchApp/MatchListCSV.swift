import CSV
import MatchCore

/// The match-list CSV: one row per (participant, partner).
package enum MatchListCSV {
    package static let header = ["participant", "rank", "partner", "score", "forward", "backward", "reasons"]

    package static func render(_ lists: [MatchList]) -> String {
        var out = CSVWriter.line(header)
        for list in lists { out += lines(list) }
        return out
    }

    /// One list's rows (no header), as `render` writes them: for output written as it is made.
    package static func lines(_ list: MatchList) -> String {
        var out = ""
        for row in list.rows {
            out += CSVWriter.line([list.participant.id, String(row.rank), row.partner.id, Format.score(row.score),
                                   Format.score(row.forward), Format.score(row.backward),
                                   row.reasons.map(\.summary).joined(separator: "; ")])
        }
        return out
    }
}
