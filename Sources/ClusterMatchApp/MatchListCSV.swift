import CSV
import MatchCore

/// The match-list CSV: one row per (participant, partner).
package enum MatchListCSV {
    package static let header = ["participant", "rank", "partner", "score", "forward", "backward", "reasons"]

    package static func render(_ lists: [MatchList]) -> String {
        var rows: [[String]] = []
        for list in lists {
            for row in list.rows {
                rows.append([list.participant.id, String(row.rank), row.partner.id, Format.score(row.score),
                             Format.score(row.forward), Format.score(row.backward),
                             row.reasons.map(\.summary).joined(separator: "; ")])
            }
        }
        return CSVWriter.render(header: header, rows: rows)
    }
}
