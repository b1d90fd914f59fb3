import Foundation
import JSONSupport
import MatchCore

/// A schedule file that cannot be read back.
public struct ScheduleFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension Schedule {
    /// Rounds to four decimals so files are byte-identical across machines.
    static func round4(_ x: Double) -> JSONValue { .double(Format.rounded(x)) }

    /// The schedule file (a contract): `event`, `meetings`, `unplaced`, `stats`, then
    /// what exports need (`name`, `timezone`, `revision`, `stamp`, `slots`, `participants`,
    /// and for re-plans `cancelled` and `changes`).
    public var json: JSONValue {
        let zone = EventTime.zone(timezone)
        var o = JSONObject()
        o["event"] = .string(event)
        o["meetings"] = .array(meetings.map { m in
            .object(JSONObject([("uid", .string(m.uid)), ("a", .string(m.a)), ("b", .string(m.b)), ("slot", .string(m.slot)),
                                ("table", .int(Int64(m.table))), ("score", Self.round4(m.score)), ("origin", .string(m.origin.rawValue)),
                                ("reasons", .array(m.reasons.map { .string($0) })), ("sequence", .int(Int64(m.sequence)))]))
        })
        o["unplaced"] = .array(unplaced.map { u in
            .object(JSONObject([("a", .string(u.a)), ("b", .string(u.b)), ("origin", .string(u.origin.rawValue)), ("reason", .string(u.reason))]))
        })
        var s = JSONObject()
        s["meetings"] = .int(Int64(stats.meetings))
        s["byOrigin"] = .object(JSONObject(MeetingOrigin.allCases.map { ($0.rawValue, .int(Int64(stats.byOrigin[$0] ?? 0))) }))
        s["totalScore"] = Self.round4(stats.totalScore)
        s["objective"] = Self.round4(stats.objective)
        s["upperBound"] = Self.round4(stats.upperBound)
        s["gap"] = .double((stats.gap * 1_000_000).rounded() / 1_000_000)
        s["requests"] = .object(JSONObject([
            ("accepted", .object(JSONObject([("placed", .int(Int64(stats.requestsAccepted.placed))), ("total", .int(Int64(stats.requestsAccepted.total)))]))),
            ("pending", .object(JSONObject([("placed", .int(Int64(stats.requestsPending.placed))), ("total", .int(Int64(stats.requestsPending.total)))]))),
        ]))
        s["meetingsPerParticipant"] = .object(JSONObject([
            ("min", .int(Int64(stats.perParticipantMin))), ("median", .double(stats.perParticipantMedian)),
            ("max", .int(Int64(stats.perParticipantMax))), ("none", .int(Int64(stats.withoutMeetings))),
            ("gini", Self.round4(stats.gini)),
        ]))
        s["tableUse"] = .array(stats.tableUse.map {
            .object(JSONObject([("slot", .string($0.slot)), ("used", .int(Int64($0.used))), ("tables", .int(Int64($0.tables)))]))
        })
        o["stats"] = .object(s)
        o["name"] = .string(name)
        o["timezone"] = .string(timezone)
        o["revision"] = .int(Int64(revision))
        o["stamp"] = .string(EventTime.iso(stamp, zone: nil))
        if let organizer { o["organizer"] = .string(organizer) }
        o["slots"] = .array(slots.enumerated().map { i, slot in
            .object(JSONObject([("id", .string(slot.id)), ("start", .string(EventTime.iso(slot.start, zone: zone))),
                                ("minutes", .int(Int64(slot.minutes))), ("tables", .int(Int64(tables[i])))]))
        })
        func person(_ p: ScheduleParticipant) -> JSONValue {
            var po = JSONObject([("id", .string(p.id)), ("name", .string(p.name))])
            if let v = p.organisation { po["organisation"] = .string(v) }
            if let v = p.country { po["country"] = .string(v) }
            if let v = p.email { po["email"] = .string(v) }
            return .object(po)
        }
        o["participants"] = .array(participants.map(person))
        if !departed.isEmpty { o["departed"] = .array(departed.map(person)) }
        if revision > 1 {
            o["cancelled"] = .array(cancelled.map { c in
                .object(JSONObject([("uid", .string(c.meeting.uid)), ("a", .string(c.meeting.a)), ("b", .string(c.meeting.b)),
                                    ("slot", .string(c.meeting.slot)), ("table", .int(Int64(c.meeting.table))),
                                    ("sequence", .int(Int64(c.meeting.sequence))), ("reason", .string(c.reason))]))
            })
            o["changes"] = .array(changes.map { c in
                var co = JSONObject([("participant", .string(c.participant)), ("change", .string(c.kind.rawValue)),
                                     ("uid", .string(c.uid)), ("partner", .string(c.partner))])
                if let f = c.from { co["from"] = .object(JSONObject([("slot", .string(f.slot)), ("table", .int(Int64(f.table)))])) }
                if let t = c.to { co["to"] = .object(JSONObject([("slot", .string(t.slot)), ("table", .int(Int64(t.table)))])) }
                return .object(co)
            })
        }
        if let roundTables { roundTables.write(into: &o, zone: zone) }
        return .object(o)
    }

    /// Reads a schedule file written by `json`.
    public static func decode(_ v: JSONValue) throws(ScheduleFileError) -> Schedule {
        func str(_ x: JSONValue?, _ f: String) throws(ScheduleFileError) -> String {
            guard let s = x?.stringValue else { throw ScheduleFileError("\(f): expected a string, found \(x?.serialized() ?? "nothing")") }
            return s
        }
        func int(_ x: JSONValue?, _ f: String) throws(ScheduleFileError) -> Int {
            guard let i = x?.intValue else { throw ScheduleFileError("\(f): expected a whole number, found \(x?.serialized() ?? "nothing")") }
            return Int(i)
        }
        func list(_ x: JSONValue?, _ f: String) throws(ScheduleFileError) -> [JSONValue] {
            guard let a = x?.arrayValue else { throw ScheduleFileError("\(f): expected a list, found \(x?.serialized() ?? "nothing")") }
            return a
        }
        guard v.objectValue != nil else { throw ScheduleFileError("schedule: expected a JSON object") }
        let event = try str(v["event"], "event")
        let timezone = try str(v["timezone"], "timezone")
        let zone = EventTime.zone(timezone)
        var slots: [EventSlot] = [], tables: [Int] = []
        for (i, s) in try list(v["slots"], "slots").enumerated() {
            let text = try str(s["start"], "slots[\(i)].start")
            guard let start = EventTime.parse(text, zone: zone) else { throw ScheduleFileError("slots[\(i)].start: not a time: \(JSONValue.quoted(text))") }
            slots.append(EventSlot(id: try str(s["id"], "slots[\(i)].id"), start: start, minutes: try int(s["minutes"], "slots[\(i)].minutes")))
            tables.append(try int(s["tables"], "slots[\(i)].tables"))
        }
        func origin(_ x: JSONValue?, _ f: String) throws(ScheduleFileError) -> MeetingOrigin {
            let s = try str(x, f)
            guard let o = MeetingOrigin(rawValue: s) else { throw ScheduleFileError("\(f): unknown origin \(JSONValue.quoted(s))") }
            return o
        }
        var meetings: [Meeting] = []
        for (i, m) in try list(v["meetings"], "meetings").enumerated() {
            let f = "meetings[\(i)]"
            meetings.append(Meeting(uid: try str(m["uid"], "\(f).uid"), a: try str(m["a"], "\(f).a"), b: try str(m["b"], "\(f).b"),
                                    slot: try str(m["slot"], "\(f).slot"), table: try int(m["table"], "\(f).table"),
                                    score: m["score"]?.doubleValue ?? 0, origin: try origin(m["origin"], "\(f).origin"),
                                    reasons: (m["reasons"]?.arrayValue ?? []).compactMap(\.stringValue),
                                    sequence: try int(m["sequence"], "\(f).sequence")))
        }
        var unplaced: [UnplacedMeeting] = []
        for (i, u) in (v["unplaced"]?.arrayValue ?? []).enumerated() {
            unplaced.append(UnplacedMeeting(a: try str(u["a"], "unplaced[\(i)].a"), b: try str(u["b"], "unplaced[\(i)].b"),
                                            origin: try origin(u["origin"], "unplaced[\(i)].origin"), reason: u["reason"]?.stringValue ?? ""))
        }
        var cancelled: [CancelledMeeting] = []
        for (i, c) in (v["cancelled"]?.arrayValue ?? []).enumerated() {
            let f = "cancelled[\(i)]"
            cancelled.append(CancelledMeeting(meeting: Meeting(uid: try str(c["uid"], "\(f).uid"), a: try str(c["a"], "\(f).a"), b: try str(c["b"], "\(f).b"),
                                                               slot: try str(c["slot"], "\(f).slot"), table: try int(c["table"], "\(f).table"),
                                                               score: 0, origin: .suggested, sequence: try int(c["sequence"], "\(f).sequence")),
                                              reason: c["reason"]?.stringValue ?? ""))
        }
        var changes: [ParticipantChange] = []
        for c in v["changes"]?.arrayValue ?? [] {
            guard let p = c["participant"]?.stringValue, let k = c["change"]?.stringValue.flatMap(ParticipantChange.Kind.init),
                  let uid = c["uid"]?.stringValue, let partner = c["partner"]?.stringValue else { continue }
            let from = c["from"].flatMap { x -> (slot: String, table: Int)? in
                guard let s = x["slot"]?.stringValue, let t = x["table"]?.intValue else { return nil }
                return (s, Int(t))
            }
            let to = c["to"].flatMap { x -> (slot: String, table: Int)? in
                guard let s = x["slot"]?.stringValue, let t = x["table"]?.intValue else { return nil }
                return (s, Int(t))
            }
            changes.append(ParticipantChange(participant: p, kind: k, uid: uid, partner: partner, from: from, to: to))
        }
        func people(_ key: String) throws(ScheduleFileError) -> [ScheduleParticipant] {
            var list: [ScheduleParticipant] = []
            for (i, p) in (v[key]?.arrayValue ?? []).enumerated() {
                let id = try str(p["id"], "\(key)[\(i)].id")
                list.append(ScheduleParticipant(id: id, name: p["name"]?.stringValue ?? id, organisation: p["organisation"]?.stringValue,
                                                country: p["country"]?.stringValue, email: p["email"]?.stringValue))
            }
            return list
        }
        let participants = try people("participants")
        let departed = try people("departed")
        let stampText = try str(v["stamp"], "stamp")
        guard let stamp = EventTime.parse(stampText) else { throw ScheduleFileError("stamp: not a time: \(JSONValue.quoted(stampText))") }
        let s = v["stats"]
        func pair(_ x: JSONValue?) -> (placed: Int, total: Int) { (Int(x?["placed"]?.intValue ?? 0), Int(x?["total"]?.intValue ?? 0)) }
        var byOrigin: [MeetingOrigin: Int] = [:]
        for o in MeetingOrigin.allCases { byOrigin[o] = Int(s?["byOrigin"]?[o.rawValue]?.intValue ?? 0) }
        let per = s?["meetingsPerParticipant"]
        let stats = ScheduleStats(
            meetings: meetings.count, byOrigin: byOrigin, totalScore: s?["totalScore"]?.doubleValue ?? 0,
            objective: s?["objective"]?.doubleValue ?? 0, upperBound: s?["upperBound"]?.doubleValue ?? 0, gap: s?["gap"]?.doubleValue ?? 0,
            perParticipantMin: Int(per?["min"]?.intValue ?? 0), perParticipantMedian: per?["median"]?.doubleValue ?? 0,
            perParticipantMax: Int(per?["max"]?.intValue ?? 0), withoutMeetings: Int(per?["none"]?.intValue ?? 0),
            gini: per?["gini"]?.doubleValue ?? 0,
            tableUse: (s?["tableUse"]?.arrayValue ?? []).map { ($0["slot"]?.stringValue ?? "", Int($0["used"]?.intValue ?? 0), Int($0["tables"]?.intValue ?? 0)) },
            requestsAccepted: pair(s?["requests"]?["accepted"]), requestsPending: pair(s?["requests"]?["pending"]))
        var schedule = Schedule(event: event, name: v["name"]?.stringValue ?? event, timezone: timezone,
                                revision: Int(v["revision"]?.intValue ?? 1), stamp: stamp, organizer: v["organizer"]?.stringValue,
                                slots: slots, tables: tables, participants: participants, meetings: meetings, unplaced: unplaced,
                                cancelled: cancelled, changes: changes, stats: stats)
        schedule.departed = departed
        schedule.roundTables = try RoundTablePlan.decode(v, zone: zone)
        return schedule
    }
}

extension EventTime {
    /// The named zone, or UTC when the name is unknown.
    public static func zone(_ name: String) -> TimeZone { TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")! }
}
