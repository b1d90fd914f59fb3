import Consortia
import CSV
import MatchCore
import Reports
import JSONSupport

extension ConsortiumProposals {
    static func number(_ x: Double) -> JSONValue { .double(Double(Format.score(Float(x)))!) }

    /// The contract of `consortium build --format json` and `consortium.build`:
    /// `{"call", "consortia": [{"rank", "value", "members": [{"id", "name", "kind",
    /// "country", "covers", "reasons"}], "countries", "components"}]}`. Numbers have four
    /// decimals, so outputs are byte-identical across runs.
    package var json: JSONValue {
        .object(JSONObject([
            ("call", .string(call.id)),
            ("consortia", .array(proposals.map { p in
                .object(JSONObject([
                    ("rank", .int(Int64(p.rank))),
                    ("value", Self.number(p.value)),
                    ("members", .array(p.members.map { m in
                        .object(JSONObject([
                            ("id", .string(m.participant.id)), ("name", .string(m.participant.name)),
                            ("kind", .string(m.participant.kind.rawValue)), ("country", .string(m.participant.country)),
                            ("covers", .array(m.covers.map { .string($0) })), ("reasons", .array(m.reasons.map(\.json))),
                        ]))
                    })),
                    ("countries", .array(p.countries.map { .string($0) })),
                    ("components", .object(JSONObject(p.components.map { ($0.name, Self.number($0.value)) }))),
                ]))
            })),
        ]))
    }

    /// What a proposal's members add up to, against each rule of the call, for people.
    package func rulesMet(_ p: ConsortiumProposal) -> [String] {
        let r = call.rules, ms = p.members.map(\.participant)
        var lines = ["\(ms.count) partners (\(r.minPartners)–\(r.maxPartners))"]
        if r.minCountries > 0 { lines.append("\(p.countries.count) countries (at least \(r.minCountries))") }
        switch r.eligibleCountries {
        case .any: break
        case .horizonEurope: lines.append("all in Horizon Europe countries (as of \(HorizonEurope.asOf))")
        case .list: lines.append("all in eligible countries")
        }
        if r.minFromMemberStates > 0 {
            lines.append("\(ms.count(where: { HorizonEurope.memberStates.contains($0.country) })) from EU member states (at least \(r.minFromMemberStates))")
        }
        for (kind, min) in r.kinds.sorted(by: { $0.key < $1.key }) {
            lines.append("\(ms.count(where: { $0.kind == kind })) \(kind.rawValue) (at least \(min))")
        }
        if r.excludeSameOrganisation { lines.append("no two from one organisation") }
        let required = call.needs.filter(\.required).map(\.id)
        if !required.isEmpty { lines.append("required needs covered: \(required.joined(separator: ", "))") }
        return lines
    }

    /// The proposals for a terminal: one block per consortium, its members, what each covers and why.
    package var table: String {
        var out = "Consortia for \(call.title) (\(call.id)) — profile \(profile), \(candidates) of \(eligible) eligible participants considered\(exact ? ", every set checked" : "")\n"
        for p in proposals {
            let parts = p.components.map { "\($0.name) \(Format.score(Float($0.value)))" }.joined(separator: ", ")
            out += "\n\(p.rank). value \(Format.score(Float(p.value)))  (\(parts))\n"
            out += "   countries \(p.countries.joined(separator: ", ")); rules: \(rulesMet(p).joined(separator: "; "))\n"
            let rows = p.members.map { m in
                [m.participant.id, m.participant.name, m.participant.kind.rawValue, m.participant.country,
                 m.covers.isEmpty ? "—" : m.covers.joined(separator: ", "), m.reasons.first?.summary ?? ""]
            }
            out += TextTable.render(header: ["id", "name", "kind", "country", "covers", "why"], rows: rows, maxWidth: 60)
                .split(separator: "\n").map { "   " + $0 + "\n" }.joined()
        }
        return out
    }

    /// One row per member: `rank,value,id,name,kind,country,covers,reasons` (covers and
    /// reasons joined by "; ").
    package var csv: String {
        let rows = proposals.flatMap { p in
            p.members.map { m in
                [String(p.rank), Format.score(Float(p.value)), m.participant.id, m.participant.name, m.participant.kind.rawValue,
                 m.participant.country, m.covers.joined(separator: "; "), m.reasons.map(\.summary).joined(separator: "; ")]
            }
        }
        return CSVWriter.render(header: ["rank", "value", "id", "name", "kind", "country", "covers", "reasons"], rows: rows)
    }

    /// A self-contained HTML page of the proposals, for organisers to share.
    package var html: String {
        let e = HTMLAgenda.esc
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Consortia for \(e(call.id))</title>
            <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;width:100%}\
            td,th{border:1px solid #ccc;padding:.3em;text-align:left;vertical-align:top}.parts{color:#555}</style></head>
            <body><h1>Consortia for \(e(call.title))</h1>
            <p>Call \(e(call.id)); scoring profile \(e(profile)); \(candidates) of \(eligible) eligible participants considered.</p>

            """
        for p in proposals {
            let parts = p.components.map { "\($0.name) \(Format.score(Float($0.value)))" }.joined(separator: ", ")
            h += "<h2>\(p.rank). Value \(Format.score(Float(p.value)))</h2>\n<p class=\"parts\">\(e(parts)); countries \(e(p.countries.joined(separator: ", ")))</p>\n"
            h += "<ul>" + rulesMet(p).map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
            h += "<table><tr><th>Member</th><th>Kind</th><th>Country</th><th>Covers</th><th>Why</th></tr>\n"
            for m in p.members {
                h += "<tr><td>\(e(m.participant.name)) (\(e(m.participant.id)))</td><td>\(e(m.participant.kind.rawValue))</td>"
                h += "<td>\(e(m.participant.country))</td><td>\(e(m.covers.joined(separator: ", ")))</td>"
                h += "<td>\(m.reasons.map { e($0.summary) }.joined(separator: "<br>"))</td></tr>\n"
            }
            h += "</table>\n"
        }
        return h + "</body></html>\n"
    }
}
