import Foundation
import JSONSupport

extension RoundTablePlan {
    /// Seats of all tables.
    public var seated: Int { tables.reduce(0) { $0 + $1.members.count } }

    /// Adds the round tables to a schedule file (contract): `roundTables`,
    /// `roundTableThemes`, `unseated`, and for exports and the organiser
    /// `roundTableSessions` and `roundTableStats`.
    func write(into o: inout JSONObject, zone: TimeZone) {
        o["roundTables"] = .array(tables.map { t in
            .object(JSONObject([("session", .string(t.session)), ("table", .int(Int64(t.table))), ("theme", .string(t.theme)),
                                ("members", .array(t.members.map { .string($0) })), ("reasons", .array(t.reasons.map { .string($0) }))]))
        })
        o["roundTableThemes"] = .array(themes.map { t in
            var to = JSONObject([("id", .string(t.id)), ("title", .string(t.title)), ("terms", .array(t.terms.map { .string($0) }))])
            if let text = t.text { to["text"] = .string(text) }
            if !t.codes.isEmpty { to["codes"] = .array(t.codes.map { .string($0) }) }
            return .object(to)
        })
        o["unseated"] = .array(unseated.map { u in
            .object(JSONObject([("participant", .string(u.participant)), ("reason", .string(u.reason))]))
        })
        o["roundTableSessions"] = .array(sessions.map { s in
            .object(JSONObject([("id", .string(s.id)), ("start", .string(EventTime.iso(s.start, zone: zone))),
                                ("end", .string(EventTime.iso(s.end, zone: zone)))]))
        })
        let upper = max(upperBound, objective)
        o["roundTableStats"] = .object(JSONObject([
            ("tables", .int(Int64(tables.count))), ("seated", .int(Int64(seated))), ("unseated", .int(Int64(unseated.count))),
            ("objective", Schedule.round4(objective)), ("upperBound", Schedule.round4(upper)),
            ("gap", .double(upper > 0 ? ((upper - objective) / upper * 1_000_000).rounded() / 1_000_000 : 0)),
        ]))
    }

    /// The round tables of a schedule file, or nil when it has none.
    static func decode(_ v: JSONValue, zone: TimeZone) throws(ScheduleFileError) -> RoundTablePlan? {
        guard let list = v["roundTables"] else { return nil }
        func str(_ x: JSONValue?, _ f: String) throws(ScheduleFileError) -> String {
            guard let s = x?.stringValue else { throw ScheduleFileError("\(f): expected a string, found \(x?.serialized() ?? "nothing")") }
            return s
        }
        func strings(_ x: JSONValue?) -> [String] { (x?.arrayValue ?? []).compactMap(\.stringValue) }
        guard let tablesJSON = list.arrayValue else { throw ScheduleFileError("roundTables: expected a list, found \(list.serialized())") }
        var tables: [RoundTableSeating] = []
        for (i, t) in tablesJSON.enumerated() {
            let f = "roundTables[\(i)]"
            guard let n = t["table"]?.intValue else { throw ScheduleFileError("\(f).table: expected a whole number, found \(t["table"]?.serialized() ?? "nothing")") }
            tables.append(RoundTableSeating(session: try str(t["session"], "\(f).session"), table: Int(n), theme: try str(t["theme"], "\(f).theme"),
                                            members: strings(t["members"]), reasons: strings(t["reasons"])))
        }
        var themes: [RoundTableTheme] = []
        for (i, t) in (v["roundTableThemes"]?.arrayValue ?? []).enumerated() {
            let id = try str(t["id"], "roundTableThemes[\(i)].id")
            themes.append(RoundTableTheme(id: id, title: t["title"]?.stringValue ?? id, text: t["text"]?.stringValue,
                                          codes: strings(t["codes"]), terms: strings(t["terms"])))
        }
        var unseated: [UnseatedParticipant] = []
        for (i, u) in (v["unseated"]?.arrayValue ?? []).enumerated() {
            unseated.append(UnseatedParticipant(participant: try str(u["participant"], "unseated[\(i)].participant"), reason: u["reason"]?.stringValue ?? ""))
        }
        var sessions: [RoundTableSession] = []
        for (i, s) in (v["roundTableSessions"]?.arrayValue ?? []).enumerated() {
            let f = "roundTableSessions[\(i)]"
            let a = try str(s["start"], "\(f).start"), b = try str(s["end"], "\(f).end")
            guard let start = EventTime.parse(a, zone: zone), let end = EventTime.parse(b, zone: zone) else {
                throw ScheduleFileError("\(f): not a time: \(JSONValue.quoted(a)) or \(JSONValue.quoted(b))")
            }
            sessions.append(RoundTableSession(id: try str(s["id"], "\(f).id"), start: start, end: end))
        }
        let stats = v["roundTableStats"]
        return RoundTablePlan(sessions: sessions, tables: tables, themes: themes, unseated: unseated,
                              objective: stats?["objective"]?.doubleValue ?? 0, upperBound: stats?["upperBound"]?.doubleValue ?? 0)
    }
}
