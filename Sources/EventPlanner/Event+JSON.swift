import CSV
import Foundation
import JSONSupport
import MatchCore

/// An event file that cannot be planned: every problem, each naming the field and value,
/// e.g. `requests[3].to: unknown participant "x"`.
public struct EventFileError: Error, Sendable, CustomStringConvertible {
    public var issues: [String]

    public init(_ issues: [String]) { self.issues = issues }

    public var description: String { issues.joined(separator: "\n") }
}

extension Event {
    /// Reads an event file (see docs/event-format.md). Collects every problem it finds.
    ///
    /// - Parameter requestsCSV: the text of `requestsFile` when the file names one; its
    ///   requests are appended to `requests`.
    public static func parse(_ value: JSONValue, requestsCSV: String? = nil) throws(EventFileError) -> Event {
        var issues: [String] = []
        func fail(_ s: String) { issues.append(s) }
        func quoted(_ v: JSONValue?) -> String { v.map { $0.serialized() } ?? "nothing" }
        guard let root = value.objectValue else { throw EventFileError(["event file: expected a JSON object, found \(quoted(value))"]) }
        let known: Set<String> = ["id", "name", "timezone", "slots", "tables", "participants", "requests", "requestsFile",
                                  "locked", "candidates", "options", "organizer", "description", "roundTables"]
        for key in root.keys where !known.contains(key) { fail("\(key): unknown field (known: \(known.sorted().joined(separator: ", ")))") }

        func string(_ v: JSONValue?, _ field: String, required: Bool = true) -> String? {
            guard let v else { if required { fail("\(field): missing") }; return nil }
            guard let s = v.stringValue, !s.isEmpty else { fail("\(field): expected a non-empty string, found \(quoted(v))"); return nil }
            return s
        }
        func int(_ v: JSONValue?, _ field: String, min: Int) -> Int? {
            guard let v else { return nil }
            guard let i = v.intValue, i >= min, i <= 1_000_000 else { fail("\(field): expected a whole number ≥ \(min), found \(quoted(v))"); return nil }
            return Int(i)
        }

        let id = string(root["id"], "id") ?? ""
        let name = root["name"] == nil ? id : (string(root["name"], "name") ?? id)
        let zoneName = root["timezone"] == nil ? "UTC" : (string(root["timezone"], "timezone") ?? "UTC")
        var zone = TimeZone(identifier: "UTC")!
        if let z = TimeZone(identifier: zoneName) { zone = z } else { fail("timezone: unknown time zone \(JSONValue.quoted(zoneName))") }

        // Slots: a list, or generated from days.
        var slots: [EventSlot] = []
        switch root["slots"] {
        case .array(let list)?:
            for (i, s) in list.enumerated() {
                let f = "slots[\(i)]"
                guard s.objectValue != nil else { fail("\(f): expected an object, found \(quoted(s))"); continue }
                guard let sid = string(s["id"], "\(f).id") else { continue }
                guard let text = string(s["start"], "\(f).start") else { continue }
                guard let start = EventTime.parse(text, zone: zone) else {
                    fail("\(f).start: expected a time like \"2026-03-10T09:00:00+01:00\", found \(JSONValue.quoted(text))"); continue
                }
                guard let minutes = s["minutes"] == nil ? (fail("\(f).minutes: missing"), nil).1 : int(s["minutes"], "\(f).minutes", min: 1) else { continue }
                slots.append(EventSlot(id: sid, start: start, minutes: minutes))
            }
        case .object?:
            slots = generateSlots(root["slots"]!, zone: zone, fail: fail)
        case nil: fail("slots: missing")
        case let other?: fail("slots: expected a list of slots or an object with days, found \(quoted(other))")
        }
        if root["slots"] != nil && slots.isEmpty && issues.isEmpty { fail("slots: no slots") }
        var slotIndex: [String: Int] = [:]
        for (i, s) in slots.enumerated() {
            if slotIndex[s.id] != nil { fail("slots[\(i)].id: duplicate slot \(JSONValue.quoted(s.id))") }
            slotIndex[s.id] = i
        }
        for i in slots.indices.dropFirst() where slots[i].start < slots[i - 1].end {
            fail("slots[\(i)].start: \(JSONValue.quoted(slots[i].id)) starts before \(JSONValue.quoted(slots[i - 1].id)) ends (slots must be in time order and not overlap)")
        }

        // Tables: one count for every slot, or per slot.
        var tables = [Int](repeating: 0, count: slots.count)
        switch root["tables"] {
        case .object(let o)?:
            for (key, v) in o {
                guard let i = slotIndex[key] else { fail("tables.\(key): unknown slot \(JSONValue.quoted(key))"); continue }
                tables[i] = int(v, "tables.\(key)", min: 0) ?? 0
            }
            for (i, s) in slots.enumerated() where o[s.id] == nil { fail("tables.\(s.id): missing (every slot needs a table count)"); tables[i] = 0 }
        case let v?:
            let n = int(v, "tables", min: 1) ?? 0
            tables = [Int](repeating: n, count: slots.count)
        case nil: fail("tables: missing")
        }

        // Participants.
        var participants: [EventParticipant] = []
        var known_: Set<String> = []
        if let list = root["participants"]?.arrayValue {
            for (i, p) in list.enumerated() {
                let f = "participants[\(i)]"
                guard p.objectValue != nil else { fail("\(f): expected an object, found \(quoted(p))"); continue }
                guard let pid = string(p["id"], "\(f).id") else { continue }
                if known_.contains(pid) { fail("\(f).id: duplicate participant \(JSONValue.quoted(pid))"); continue }
                known_.insert(pid)
                var available: [String]?
                if let a = p["available"] {
                    if let arr = a.arrayValue {
                        var ids: [String] = []
                        for (j, s) in arr.enumerated() {
                            guard let sid = string(s, "\(f).available[\(j)]") else { continue }
                            if slotIndex[sid] == nil { fail("\(f).available[\(j)]: unknown slot \(JSONValue.quoted(sid))") }
                            else if !ids.contains(sid) { ids.append(sid) }
                        }
                        available = ids
                    } else { fail("\(f).available: expected a list of slot ids, found \(quoted(a))") }
                }
                let maxMeetings = int(p["maxMeetings"], "\(f).maxMeetings", min: 0)
                participants.append(EventParticipant(
                    id: pid, available: available, maxMeetings: maxMeetings,
                    name: p["name"] == nil ? nil : string(p["name"], "\(f).name"),
                    organisation: p["organisation"] == nil ? nil : string(p["organisation"], "\(f).organisation"),
                    country: p["country"] == nil ? nil : string(p["country"], "\(f).country"),
                    email: p["email"] == nil ? nil : string(p["email"], "\(f).email")))
            }
        } else if let v = root["participants"] { fail("participants: expected a list, found \(quoted(v))") }
        else { fail("participants: missing") }

        func participant(_ v: JSONValue?, _ field: String) -> String? {
            guard let s = string(v, field) else { return nil }
            guard known_.contains(s) else { fail("\(field): unknown participant \(JSONValue.quoted(s)) (not in the event's participants list)"); return nil }
            return s
        }

        // Requests.
        var requests: [MeetingRequest] = []
        if let v = root["requests"] {
            if let list = v.arrayValue {
                for (i, r) in list.enumerated() {
                    let f = "requests[\(i)]"
                    guard r.objectValue != nil else { fail("\(f): expected an object, found \(quoted(r))"); continue }
                    let from = participant(r["from"], "\(f).from"), to = participant(r["to"], "\(f).to")
                    var status: RequestStatus?
                    if let s = string(r["status"], "\(f).status") {
                        status = RequestStatus(rawValue: s)
                        if status == nil { fail("\(f).status: expected accepted, pending or declined, found \(JSONValue.quoted(s))") }
                    }
                    var priority = 1
                    if let p = r["priority"] {
                        if let pi = p.intValue, pi >= 0, pi <= 1000 { priority = Int(pi) }
                        else { fail("\(f).priority: expected a whole number 0…1000, found \(quoted(p))") }
                    }
                    guard let from, let to, let status else { continue }
                    if from == to { fail("\(f).to: a participant cannot meet itself (\(JSONValue.quoted(to)))"); continue }
                    requests.append(MeetingRequest(from: from, to: to, status: status, priority: priority))
                }
            } else { fail("requests: expected a list, found \(quoted(v))") }
        }
        let requestsFile = root["requestsFile"] == nil ? nil : string(root["requestsFile"], "requestsFile")
        if let requestsCSV {
            do throws(EventFileError) {
                for r in try MeetingRequestsCSV.parse(requestsCSV, file: requestsFile ?? "requests.csv") {
                    var ok = true
                    for (field, pid) in [("from", r.request.from), ("to", r.request.to)] where !known_.contains(pid) {
                        fail("\(requestsFile ?? "requests.csv"):\(r.line).\(field): unknown participant \(JSONValue.quoted(pid)) (not in the event's participants list)"); ok = false
                    }
                    if ok { requests.append(r.request) }
                }
            } catch { issues += error.issues }
        }

        // Locked meetings.
        var locked: [LockedMeeting] = []
        if let v = root["locked"] {
            if let list = v.arrayValue {
                for (i, l) in list.enumerated() {
                    let f = "locked[\(i)]"
                    guard l.objectValue != nil else { fail("\(f): expected an object, found \(quoted(l))"); continue }
                    let a = participant(l["a"], "\(f).a"), b = participant(l["b"], "\(f).b")
                    var slot: String?
                    if let s = string(l["slot"], "\(f).slot") {
                        if slotIndex[s] == nil { fail("\(f).slot: unknown slot \(JSONValue.quoted(s))") } else { slot = s }
                    }
                    var table: Int?
                    if l["table"] == nil { fail("\(f).table: missing") } else if let t = int(l["table"], "\(f).table", min: 1), let slot {
                        if t > tables[slotIndex[slot]!] { fail("\(f).table: table \(t) does not exist in slot \(JSONValue.quoted(slot)) (\(tables[slotIndex[slot]!]) tables)") }
                        else { table = t }
                    }
                    guard let a, let b, let slot, let table else { continue }
                    if a == b { fail("\(f).b: a participant cannot meet itself (\(JSONValue.quoted(b)))"); continue }
                    locked.append(LockedMeeting(a: min(a, b), b: max(a, b), slot: slot, table: table))
                }
            } else { fail("locked: expected a list, found \(quoted(v))") }
        }

        // Candidates.
        var candidates = CandidateSource.auto(profile: "brokerage", top: 15)
        switch root["candidates"] {
        case nil: break
        case .string("auto")?: break
        case .object(let o)?:
            var profile = "brokerage", top = 15
            if let p = o["profile"] { profile = string(p, "candidates.profile") ?? profile }
            if let t = o["top"] { top = int(t, "candidates.top", min: 1) ?? top }
            for key in o.keys where key != "profile" && key != "top" { fail("candidates.\(key): unknown field (known: profile, top)") }
            candidates = .auto(profile: profile, top: top)
        case .array(let list)?:
            var out: [Candidate] = []
            for (i, c) in list.enumerated() {
                let f = "candidates[\(i)]"
                guard c.objectValue != nil else { fail("\(f): expected an object, found \(quoted(c))"); continue }
                let a = participant(c["a"], "\(f).a"), b = participant(c["b"], "\(f).b")
                var score: Double?
                if let s = c["score"] {
                    if let d = s.doubleValue, d.isFinite, d >= 0 { score = d } else { fail("\(f).score: expected a number ≥ 0, found \(quoted(s))") }
                } else { fail("\(f).score: missing") }
                var reasons: [String] = []
                if let r = c["reasons"] {
                    if let arr = r.arrayValue, arr.allSatisfy({ $0.stringValue != nil }) { reasons = arr.compactMap(\.stringValue) }
                    else { fail("\(f).reasons: expected a list of strings, found \(quoted(r))") }
                }
                guard let a, let b, let score else { continue }
                if a == b { fail("\(f).b: a participant cannot meet itself (\(JSONValue.quoted(b)))"); continue }
                out.append(Candidate(a: a, b: b, score: score, reasons: reasons))
            }
            candidates = .explicit(out)
        case let v?: fail("candidates: expected \"auto\", {\"profile\": …, \"top\": …} or a list of {\"a\", \"b\", \"score\"}, found \(quoted(v))")
        }

        // Options.
        var options = PlannerOptions()
        if let o = root["options"] {
            if let obj = o.objectValue {
                for key in obj.keys where !["fairness", "seed", "stamp"].contains(key) { fail("options.\(key): unknown field (known: fairness, seed, stamp)") }
                if let f = obj["fairness"] {
                    if let d = f.doubleValue, d.isFinite, d >= 0, d <= 100 { options.fairness = d } else { fail("options.fairness: expected a number 0…100, found \(quoted(f))") }
                }
                if let s = obj["seed"] {
                    if let i = s.intValue, i >= 0 { options.seed = UInt64(i) } else { fail("options.seed: expected a whole number ≥ 0, found \(quoted(s))") }
                }
                if let s = obj["stamp"] {
                    if let text = s.stringValue, let t = EventTime.parse(text) { options.stamp = t }
                    else { fail("options.stamp: expected a time with offset like \"2026-02-01T12:00:00Z\", found \(quoted(s))") }
                }
            } else { fail("options: expected an object, found \(quoted(o))") }
        }
        let organizer = root["organizer"] == nil ? nil : string(root["organizer"], "organizer")
        let roundTables = root["roundTables"].flatMap { RoundTableSpec.parse($0, zone: zone, fail: fail) }

        if !issues.isEmpty { throw EventFileError(issues) }
        return Event(id: id, name: name, timezone: zoneName, slots: slots, tables: tables, participants: participants,
                     requests: requests, locked: locked, candidates: candidates, options: options,
                     organizer: organizer, requestsFile: requestsFile, roundTables: roundTables)
    }

    /// Slots from `{"minutes": 20, "days": [{"date", "start", "end", "breaks": [{"start", "end"}]}]}`.
    static func generateSlots(_ spec: JSONValue, zone: TimeZone, fail: (String) -> Void) -> [EventSlot] {
        func clock(_ v: JSONValue?, _ field: String) -> Int? {
            guard let s = v?.stringValue else { fail("\(field): expected a time like \"09:00\", found \(v.map { $0.serialized() } ?? "nothing")"); return nil }
            let parts = s.split(separator: ":")
            guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else {
                fail("\(field): expected a time like \"09:00\", found \(JSONValue.quoted(s))"); return nil
            }
            return h * 60 + m
        }
        guard let minutes64 = spec["minutes"]?.intValue, minutes64 >= 1, minutes64 <= 1440 else {
            fail("slots.minutes: expected the meeting length in minutes, found \(spec["minutes"].map { $0.serialized() } ?? "nothing")"); return []
        }
        let minutes = Int(minutes64)
        let gap = Int(spec["gap"]?.intValue ?? 0)
        if let g = spec["gap"], g.intValue == nil || g.intValue! < 0 { fail("slots.gap: expected minutes ≥ 0 between meetings, found \(g.serialized())") }
        guard let days = spec["days"]?.arrayValue, !days.isEmpty else { fail("slots.days: expected a non-empty list of days"); return [] }
        var starts: [Int64] = []
        for (i, d) in days.enumerated() {
            let f = "slots.days[\(i)]"
            guard let date = d["date"]?.stringValue, let midnight = EventTime.parse(date + "T00:00:00Z") else {
                fail("\(f).date: expected a date like \"2026-03-10\", found \(d["date"].map { $0.serialized() } ?? "nothing")"); continue
            }
            guard let start = clock(d["start"], "\(f).start"), let end = clock(d["end"], "\(f).end") else { continue }
            if end <= start { fail("\(f).end: \(d["end"]!.serialized()) is not after the start \(d["start"]!.serialized())"); continue }
            var breaks: [(Int, Int)] = []
            for (j, b) in (d["breaks"]?.arrayValue ?? []).enumerated() {
                guard let bs = clock(b["start"], "\(f).breaks[\(j)].start"), let be = clock(b["end"], "\(f).breaks[\(j)].end") else { continue }
                if be <= bs { fail("\(f).breaks[\(j)].end: not after its start"); continue }
                breaks.append((bs, be))
            }
            var t = start
            while t + minutes <= end {
                if let b = breaks.first(where: { t < $0.1 && t + minutes > $0.0 }) { t = b.1; continue }
                starts.append(EventTime.utc(local: midnight + Int64(t) * 60, zone: zone))
                t += minutes + gap
            }
        }
        let width = max(2, String(starts.count).count)
        return starts.enumerated().map { i, s in EventSlot(id: "s" + EventTime.pad(i + 1, width), start: s, minutes: minutes) }
    }
}

/// Meeting requests exported by a registration platform: a CSV with a header row naming
/// `from`, `to`, `status` and optionally `priority` (any order, case-insensitive).
public enum MeetingRequestsCSV {
    public static func parse(_ text: String, file: String) throws(EventFileError) -> [(request: MeetingRequest, line: Int)] {
        let rows: [CSVRow]
        do { rows = try CSVReader.rows(text) } catch {
            throw EventFileError(["\(file):\(error.line): \(error.message)"])
        }
        guard let header = rows.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else { return [] }
        guard let fi = header.firstIndex(of: "from"), let ti = header.firstIndex(of: "to"), let si = header.firstIndex(of: "status") else {
            throw EventFileError(["\(file):1: the header must name from, to and status (found \(header.joined(separator: ",")))"])
        }
        let pi = header.firstIndex(of: "priority")
        var out: [(MeetingRequest, Int)] = []
        var issues: [String] = []
        for row in rows.dropFirst() {
            let f = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if f.allSatisfy(\.isEmpty) { continue }
            func cell(_ i: Int) -> String { i < f.count ? f[i] : "" }
            guard let status = RequestStatus(rawValue: cell(si).lowercased()) else {
                issues.append("\(file):\(row.line).status: expected accepted, pending or declined, found \(JSONValue.quoted(cell(si)))"); continue
            }
            var priority = 1
            if let pi, !cell(pi).isEmpty {
                guard let p = Int(cell(pi)), p >= 0, p <= 1000 else {
                    issues.append("\(file):\(row.line).priority: expected a whole number 0…1000, found \(JSONValue.quoted(cell(pi)))"); continue
                }
                priority = p
            }
            if cell(fi).isEmpty || cell(ti).isEmpty || cell(fi) == cell(ti) {
                issues.append("\(file):\(row.line): from and to must be two different participants (found \(JSONValue.quoted(cell(fi))), \(JSONValue.quoted(cell(ti))))"); continue
            }
            out.append((MeetingRequest(from: cell(fi), to: cell(ti), status: status, priority: priority), row.line))
        }
        if !issues.isEmpty { throw EventFileError(issues) }
        return out
    }
}
