extension ScheduleValidator {
    /// The round-table rules: sessions and tables that exist, one theme per table from the
    /// schedule's themes, sizes within `size`, members registered and available for the
    /// session, each participant at most once per session and `perParticipant` times in
    /// all, no one-to-one meeting in a slot their session overlaps, and everyone without a
    /// seat listed in `unseated` (and nobody seated there).
    static func validateRoundTables(_ schedule: Schedule, against event: Event) -> [String] {
        guard let spec = event.roundTables else {
            return schedule.roundTables == nil ? [] : ["round tables: the schedule has round tables, the event none"]
        }
        guard let plan = schedule.roundTables else { return ["round tables: the event has round tables, the schedule none"] }
        var problems: [String] = []
        let sessions = Dictionary(uniqueKeysWithValues: spec.sessions.enumerated().map { ($1.id, $0) })
        let people = Dictionary(uniqueKeysWithValues: event.participants.map { ($0.id, $0) })
        let themes = Set(plan.themes.map(\.id))
        var used = Set<String>(), perSession = Set<String>()
        var seats: [String: Int] = [:]
        var busySlots: [String: Set<String>] = [:]
        for t in plan.tables {
            let name = "round table \(t.table) of session \(t.session)"
            guard let s = sessions[t.session] else { problems.append("\(name): unknown session"); continue }
            if t.table < 1 || t.table > spec.tables[s] { problems.append("\(name): table outside 1…\(spec.tables[s])") }
            if !used.insert("\(t.session)|\(t.table)").inserted { problems.append("\(name): listed twice") }
            if !themes.contains(t.theme) { problems.append("\(name): unknown theme \(t.theme)") }
            if t.members.count < spec.minSize || t.members.count > spec.maxSize {
                problems.append("\(name): \(t.members.count) members, outside \(spec.minSize)…\(spec.maxSize)")
            }
            let overlapped = event.slots.filter(spec.sessions[s].overlaps).map(\.id)
            for p in t.members {
                guard let person = people[p] else { problems.append("\(name): \(p) is not registered"); continue }
                if !perSession.insert("\(p)|\(t.session)").inserted { problems.append("\(name): \(p) sits at two tables in the session") }
                if !spec.isAvailable(person, for: spec.sessions[s], slots: event.slots) { problems.append("\(name): \(p) is not available then") }
                seats[p, default: 0] += 1
                busySlots[p, default: []].formUnion(overlapped)
            }
        }
        for (p, n) in seats.sorted(by: { $0.key < $1.key }) where n > spec.perParticipant {
            problems.append("\(p): \(n) round tables, more than perParticipant \(spec.perParticipant)")
        }
        for m in schedule.meetings {
            for p in [m.a, m.b] where busySlots[p]?.contains(m.slot) == true {
                problems.append("meeting \(m.a)–\(m.b) in \(m.slot): \(p) sits at a round table then")
            }
        }
        let listed = Set(plan.unseated.map(\.participant))
        for p in event.participants.map(\.id).sorted() {
            if seats[p] == nil && !listed.contains(p) { problems.append("\(p): no round-table seat and not listed as unseated") }
            if seats[p] != nil && listed.contains(p) { problems.append("\(p): seated and listed as unseated") }
        }
        return problems
    }
}
