import Foundation
import JSONSupport

extension RoundTableSpec {
    /// Reads the event file's `roundTables`; every problem goes to `fail`, naming the field
    /// and value (`roundTables.size.min: …`).
    static func parse(_ value: JSONValue, zone: TimeZone, fail: (String) -> Void) -> RoundTableSpec? {
        func quoted(_ v: JSONValue?) -> String { v.map { $0.serialized() } ?? "nothing" }
        guard let root = value.objectValue else { fail("roundTables: expected an object, found \(quoted(value))"); return nil }
        let known = ["sessions", "tables", "size", "themes", "perParticipant"]
        for key in root.keys where !known.contains(key) { fail("roundTables.\(key): unknown field (known: \(known.joined(separator: ", ")))") }
        var ok = true
        func bad(_ s: String) { fail(s); ok = false }
        func whole(_ v: JSONValue?, _ field: String, min: Int, otherwise: Int) -> Int {
            guard let v else { return otherwise }
            guard let i = v.intValue, i >= min, i <= 100_000 else { bad("\(field): expected a whole number ≥ \(min), found \(quoted(v))"); return otherwise }
            return Int(i)
        }

        var sessions: [RoundTableSession] = []
        if let list = root["sessions"]?.arrayValue, !list.isEmpty {
            var seen = Set<String>()
            for (i, s) in list.enumerated() {
                let f = "roundTables.sessions[\(i)]"
                guard s.objectValue != nil else { bad("\(f): expected an object, found \(quoted(s))"); continue }
                guard let id = s["id"]?.stringValue, !id.isEmpty else { bad("\(f).id: expected a non-empty string, found \(quoted(s["id"]))"); continue }
                if !seen.insert(id).inserted { bad("\(f).id: duplicate session \(JSONValue.quoted(id))"); continue }
                var times: [Int64] = []
                for key in ["start", "end"] {
                    guard let text = s[key]?.stringValue, let t = EventTime.parse(text, zone: zone) else {
                        bad("\(f).\(key): expected a time like \"2026-03-10T14:00:00+01:00\", found \(quoted(s[key]))"); continue
                    }
                    times.append(t)
                }
                guard times.count == 2 else { continue }
                if times[1] <= times[0] { bad("\(f).end: \(s["end"]!.serialized()) is not after the start \(s["start"]!.serialized())"); continue }
                sessions.append(RoundTableSession(id: id, start: times[0], end: times[1]))
            }
            for i in sessions.indices.dropFirst() where sessions[i].start < sessions[i - 1].end {
                bad("roundTables.sessions[\(i)].start: \(JSONValue.quoted(sessions[i].id)) starts before \(JSONValue.quoted(sessions[i - 1].id)) ends (sessions must be in time order and not overlap)")
            }
        } else { bad("roundTables.sessions: expected a non-empty list of {\"id\", \"start\", \"end\"}, found \(quoted(root["sessions"]))") }

        var tables = [Int](repeating: 0, count: sessions.count)
        switch root["tables"] {
        case .object(let o)?:
            for key in o.keys where !sessions.contains(where: { $0.id == key }) { bad("roundTables.tables.\(key): unknown session \(JSONValue.quoted(key))") }
            for (i, s) in sessions.enumerated() {
                if o[s.id] == nil { bad("roundTables.tables.\(s.id): missing (every session needs a table count)") }
                else { tables[i] = whole(o[s.id], "roundTables.tables.\(s.id)", min: 0, otherwise: 0) }
            }
        case let v?:
            let n = whole(v, "roundTables.tables", min: 1, otherwise: 0)
            tables = [Int](repeating: n, count: sessions.count)
        case nil: bad("roundTables.tables: missing")
        }

        var minSize = 4, maxSize = 8
        if let size = root["size"] {
            if let o = size.objectValue {
                for key in o.keys where key != "min" && key != "max" { bad("roundTables.size.\(key): unknown field (known: min, max)") }
                minSize = whole(o["min"], "roundTables.size.min", min: 1, otherwise: minSize)
                maxSize = whole(o["max"], "roundTables.size.max", min: 1, otherwise: maxSize)
                if maxSize < minSize { bad("roundTables.size.max: \(maxSize) is less than size.min \(minSize)") }
            } else { bad("roundTables.size: expected {\"min\": 4, \"max\": 8}, found \(quoted(size))") }
        }

        var themes = Themes.auto
        switch root["themes"] {
        case nil, .string("auto")?: break
        case .array(let list)?:
            var given: [RoundTableTheme] = []
            var seen = Set<String>()
            for (i, t) in list.enumerated() {
                let f = "roundTables.themes[\(i)]"
                guard t.objectValue != nil else { bad("\(f): expected an object, found \(quoted(t))"); continue }
                for key in t.objectValue!.keys where !["id", "title", "text", "codes"].contains(key) { bad("\(f).\(key): unknown field (known: id, title, text, codes)") }
                guard let id = t["id"]?.stringValue, !id.isEmpty else { bad("\(f).id: expected a non-empty string, found \(quoted(t["id"]))"); continue }
                if !seen.insert(id).inserted { bad("\(f).id: duplicate theme \(JSONValue.quoted(id))"); continue }
                let title = t["title"]?.stringValue ?? id
                if let v = t["title"], v.stringValue == nil { bad("\(f).title: expected a string, found \(quoted(v))") }
                if let v = t["text"], v.stringValue == nil { bad("\(f).text: expected a string, found \(quoted(v))") }
                var codes: [String] = []
                if let v = t["codes"] {
                    if let arr = v.arrayValue, arr.allSatisfy({ $0.stringValue != nil }) { codes = arr.compactMap(\.stringValue) }
                    else { bad("\(f).codes: expected a list of strings, found \(quoted(v))") }
                }
                given.append(RoundTableTheme(id: id, title: title, text: t["text"]?.stringValue, codes: codes))
            }
            if list.isEmpty { bad("roundTables.themes: expected \"auto\" or a non-empty list of themes") }
            themes = .given(given)
        case let v?: bad("roundTables.themes: expected \"auto\" or a list of {\"id\", \"title\", \"text\", \"codes\"}, found \(quoted(v))")
        }
        let perParticipant = whole(root["perParticipant"], "roundTables.perParticipant", min: 0, otherwise: 1)
        guard ok else { return nil }
        return RoundTableSpec(sessions: sessions, tables: tables, minSize: minSize, maxSize: maxSize, themes: themes,
                              perParticipant: perParticipant)
    }
}
