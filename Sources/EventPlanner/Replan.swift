extension Planner {
    /// Re-plans with minimum change: every meeting of `previous` that is still valid stays
    /// where it is; only what cancellations, late arrivals, new participants or new
    /// requests force is placed anew. Kept meetings are fixed, except that an accepted (or
    /// pending) request with no room left may move or cancel kept meetings of a lower tier
    /// (never locked ones). The result lists, per participant, what changed.
    /// Round-table seats of `previous` that are still possible are kept, with their tables' themes.
    public static func replan(_ event: Event, candidates: [Candidate], previous: Schedule,
                              directory: [String: ScheduleParticipant] = [:], earlier: EarlierMeetings = .none,
                              themeFit: RoundTableThemeFit? = nil) -> Schedule {
        let roundTables = RoundTableSeater.seat(event, candidates: candidates, themeFit: themeFit, previous: previous.roundTables)
        var problem = PlanningProblem(event: roundTables.map { RoundTableSeater.meetingsEvent(event, plan: $0) } ?? event,
                                      candidates: candidates, earlier: earlier)
        addLocked(event, to: &problem)
        var busy = Set<Int>()  // p * S + s
        var tables = Set<Int>()  // s * 1_000_000 + table
        var count = [Int](repeating: 0, count: problem.P)
        let lockedPairs = Set(problem.fixed.map(\.edge))
        for f in problem.fixed {
            let edge = problem.edges[f.edge]
            busy.insert(edge.a * problem.S + f.slot)
            busy.insert(edge.b * problem.S + f.slot)
            tables.insert(f.slot * 1_000_000 + f.table)
            count[edge.a] += 1
            count[edge.b] += 1
        }
        var reasons: [String: String] = [:]
        let order = previous.meetings.sorted {
            ($0.origin.rank, -$0.score, $0.uid) < ($1.origin.rank, -$1.score, $1.uid)
        }
        for m in order {
            guard let a = problem.index[m.a] else { reasons[m.uid] = "\(m.a) is no longer registered"; continue }
            guard let b = problem.index[m.b] else { reasons[m.uid] = "\(m.b) is no longer registered"; continue }
            if let e = problem.edgeOf[problem.pairKey(a, b)], lockedPairs.contains(e) { continue }
            guard let s = problem.slotIndex[m.slot] else { reasons[m.uid] = "slot \(m.slot) no longer exists"; continue }
            if problem.declined.contains(problem.pairKey(a, b)) { reasons[m.uid] = "the meeting request was declined"; continue }
            if !problem.available(a, s) { reasons[m.uid] = "\(m.a) is no longer available in slot \(m.slot)"; continue }
            if !problem.available(b, s) { reasons[m.uid] = "\(m.b) is no longer available in slot \(m.slot)"; continue }
            if busy.contains(a * problem.S + s) { reasons[m.uid] = "\(m.a) has a locked meeting in slot \(m.slot)"; continue }
            if busy.contains(b * problem.S + s) { reasons[m.uid] = "\(m.b) has a locked meeting in slot \(m.slot)"; continue }
            if count[a] >= problem.limit[a] { reasons[m.uid] = "max meetings reached for \(m.a)"; continue }
            if count[b] >= problem.limit[b] { reasons[m.uid] = "max meetings reached for \(m.b)"; continue }
            if m.table > problem.capacity[s] || tables.contains(s * 1_000_000 + m.table) {
                reasons[m.uid] = "table \(m.table) in slot \(m.slot) is no longer free"
                continue
            }
            let current = problem.edgeOf[problem.pairKey(a, b)].map { problem.edges[$0].origin }
            let e = problem.edge(a, b, origin: current ?? (m.origin == .locked ? .suggested : m.origin), score: m.score, reasons: m.reasons)
            problem.fixed.append(.init(edge: e, slot: s, table: m.table, kept: true))
            busy.insert(a * problem.S + s)
            busy.insert(b * problem.S + s)
            tables.insert(s * 1_000_000 + m.table)
            count[a] += 1
            count[b] += 1
        }
        var stamp = previous.stamp + 60
        if let given = event.options.stamp, given > previous.stamp { stamp = given }
        var schedule = run(problem, event: event, directory: directory, revision: previous.revision + 1, stamp: stamp,
                           previous: previous, cancelReasons: reasons)
        schedule.roundTables = roundTables
        return schedule
    }

    /// Fills `cancelled` and `changes` of a re-plan from the previous schedule.
    static func diff(_ schedule: inout Schedule, previous: Schedule, reasons: [String: String]) {
        let now = Dictionary(schedule.meetings.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        let before = Dictionary(previous.meetings.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [ParticipantChange] = []
        for m in schedule.meetings {
            if let old = before[m.uid] {
                guard old.slot != m.slot || old.table != m.table else { continue }
                for p in [m.a, m.b] {
                    changes.append(ParticipantChange(participant: p, kind: .moved, uid: m.uid, partner: m.partner(of: p),
                                                     from: (old.slot, old.table), to: (m.slot, m.table)))
                }
            } else {
                for p in [m.a, m.b] {
                    changes.append(ParticipantChange(participant: p, kind: .new, uid: m.uid, partner: m.partner(of: p),
                                                     from: nil, to: (m.slot, m.table)))
                }
            }
        }
        var cancelled: [CancelledMeeting] = []
        for old in previous.meetings where now[old.uid] == nil {
            var m = old
            m.sequence += 1
            cancelled.append(CancelledMeeting(meeting: m, reason: reasons[old.uid] ?? "replaced by a better plan"))
            for p in [m.a, m.b] {
                changes.append(ParticipantChange(participant: p, kind: .cancelled, uid: m.uid, partner: m.partner(of: p),
                                                 from: (old.slot, old.table), to: nil))
            }
        }
        schedule.cancelled = cancelled.sorted { $0.meeting.uid < $1.meeting.uid }
        // Who left the event with meetings cancelled keeps a name to be told by.
        let present = Set(schedule.participants.map(\.id))
        let told = Set(cancelled.flatMap { [$0.meeting.a, $0.meeting.b] }).subtracting(present)
        schedule.departed = previous.participants.filter { told.contains($0.id) }.sorted { $0.id < $1.id }
        schedule.changes = changes.sorted { ($0.participant, $0.uid) < ($1.participant, $1.uid) }
    }
}
