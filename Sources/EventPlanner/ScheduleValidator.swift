/// Checks a schedule against its event: every rule a published plan must keep.
public enum ScheduleValidator {
    /// Every violation, as a sentence naming the meeting; empty when the schedule is valid.
    ///
    /// Rules: no participant twice in a slot, no pair twice, tables numbered 1…tables of
    /// the slot and used once, participants available in the slot and registered, no
    /// declined pair, every locked meeting kept exactly (or reported unplaced), max
    /// meetings respected, `a` < `b`; and the round-table rules (`validateRoundTables`).
    public static func validate(_ schedule: Schedule, against event: Event) -> [String] {
        var problems: [String] = []
        let slots = Dictionary(uniqueKeysWithValues: event.slots.enumerated().map { ($1.id, $0) })
        let people = Dictionary(uniqueKeysWithValues: event.participants.map { ($0.id, $0) })
        var declined = Set<String>()
        for r in event.requests where r.status == .declined { declined.insert(pairKey(r.from, r.to)) }
        var inSlot = Set<String>(), pairs = Set<String>(), tables = Set<String>()
        var count: [String: Int] = [:]
        for m in schedule.meetings {
            let name = "meeting \(m.a)–\(m.b) in \(m.slot) at table \(m.table)"
            if !(m.a < m.b) { problems.append("\(name): a must come before b by id") }
            guard let s = slots[m.slot] else { problems.append("\(name): unknown slot"); continue }
            if m.table < 1 || m.table > event.tables[s] { problems.append("\(name): table outside 1…\(event.tables[s])") }
            if !tables.insert("\(m.slot)|\(m.table)").inserted { problems.append("\(name): table used twice in the slot") }
            if !pairs.insert(pairKey(m.a, m.b)).inserted { problems.append("\(name): the pair meets twice") }
            if declined.contains(pairKey(m.a, m.b)) { problems.append("\(name): the pair declined to meet") }
            for p in [m.a, m.b] {
                guard let person = people[p] else { problems.append("\(name): \(p) is not registered"); continue }
                if !inSlot.insert("\(p)|\(m.slot)").inserted { problems.append("\(name): \(p) has two meetings in the slot") }
                if let av = person.available, !av.contains(m.slot) { problems.append("\(name): \(p) is not available then") }
                count[p, default: 0] += 1
            }
        }
        for p in event.participants {
            let limit = min(p.maxMeetings ?? event.slots.count, p.available.map { Set($0).count } ?? event.slots.count)
            if let n = count[p.id], n > limit { problems.append("\(p.id): \(n) meetings, more than the \(limit) allowed") }
        }
        let placed = Set(schedule.meetings.map { "\(pairKey($0.a, $0.b))|\($0.slot)|\($0.table)" })
        let reported = Set(schedule.unplaced.filter { $0.origin == .locked }.map { pairKey($0.a, $0.b) })
        for l in event.locked where !placed.contains("\(pairKey(l.a, l.b))|\(l.slot)|\(l.table)") && !reported.contains(pairKey(l.a, l.b)) {
            problems.append("locked meeting \(l.a)–\(l.b) in \(l.slot) at table \(l.table) is missing")
        }
        problems += validateRoundTables(schedule, against: event)
        return problems
    }

    static func pairKey(_ a: String, _ b: String) -> String { a < b ? "\(a)\u{1}\(b)" : "\(b)\u{1}\(a)" }
}
