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
        var out: [UInt8] = []
        append(list, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One list's lines appended to `out` as UTF-8. Each row's reasons are the sentences
    /// `explanation` writes for it or, without one, its `reasons`' summaries.
    package static func append(_ list: MatchList, explanation: ListExplanation? = nil, to out: inout [UInt8]) {
        var summaries = ReasonSummaries()
        for (k, row) in list.rows.enumerated() {
            summaries.removeAll()
            if let explanation { explanation.summaries(ofRow: k, into: &summaries) } else { for s in row.summaries { summaries.append(s) } }
            func key(_ name: StaticString) {
                out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            }
            key("{\"participant\":")
            JSONValue.string(list.participant.id).append(to: &out)
            key(",\"rank\":")
            JSONValue.int(Int64(row.rank)).append(to: &out)
            key(",\"partner\":")
            JSONValue.string(row.partner.id).append(to: &out)
            key(",\"score\":")
            Format.json(row.score).append(to: &out)
            key(",\"forward\":")
            Format.json(row.forward).append(to: &out)
            key(",\"backward\":")
            Format.json(row.backward).append(to: &out)
            key(",\"reasons\":[")
            summaries.bytes.withUnsafeBufferPointer { bytes in
                for s in 0..<summaries.count {
                    if s > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.appendQuoted(UnsafeBufferPointer(rebasing: bytes[summaries.range(s)]), to: &out)
                }
            }
            key("]}\n")
        }
    }
}

extension Format {
    /// A score as a JSON number with four decimals (deterministic bytes).
    package static func json(_ x: Float) -> JSONValue { .double(Double(score(x))!) }
}
