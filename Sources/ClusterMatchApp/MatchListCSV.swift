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
        var out: [UInt8] = []
        append(list, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One list's rows appended to `out` as UTF-8. Each row's reasons are the sentences
    /// `explanation` writes for it or, without one, its `reasons`' summaries; the field
    /// holds them joined by "; ".
    package static func append(_ list: MatchList, explanation: ListExplanation? = nil, to out: inout [UInt8]) {
        var summaries = ReasonSummaries(), joined: [UInt8] = []
        let participant = CSVWriter.field(list.participant.id)
        for (k, row) in list.rows.enumerated() {
            summaries.removeAll()
            if let explanation { explanation.summaries(ofRow: k, into: &summaries) } else { for s in row.summaries { summaries.append(s) } }
            func put(_ field: String) {
                out.append(contentsOf: field.utf8)
                out.append(UInt8(ascii: ","))
            }
            put(participant)
            put(String(row.rank))
            put(CSVWriter.field(row.partner.id))
            put(Format.score(row.score))
            put(Format.score(row.forward))
            put(Format.score(row.backward))
            joined.removeAll(keepingCapacity: true)
            for s in 0..<summaries.count {
                if s > 0 { joined.append(contentsOf: "; ".utf8) }
                joined.append(contentsOf: summaries.bytes[summaries.range(s)])
            }
            joined.withUnsafeBufferPointer { CSVWriter.appendField($0, to: &out) }
            out.append(contentsOf: "\r\n".utf8)
        }
    }
}
