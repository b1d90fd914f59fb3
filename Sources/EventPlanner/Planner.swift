/// Plans and re-plans the meetings of an event.
///
/// Two phases: the slot-free b-matching relaxation chooses which meetings happen, solved
/// exactly as a min-cost flow on the bipartite double cover (`SlotFreeRelaxation`,
/// warm-started from the Lagrangian prices of `UpperBound`; half-integral, rounded by
/// value, with the concave fairness bonus), then placement into slots and tables,
/// most-constrained first, with short ejection chains and slot swaps along Kempe chains,
/// and a local search that inserts or exchanges meetings while the objective grows. The
/// relaxation's value is the upper bound in the statistics (the lower of its dual bound
/// and the Lagrangian's); a plan that reaches it is optimal and ends the search.
public enum Planner {
    /// Plans an event.
    /// - Parameters:
    ///   - candidates: scored pairs (from the engine or the event file).
    ///   - directory: names, organisations and countries known from the database.
    ///   - earlier: pairs that met and no-shows at earlier events (`EarlierMeetings`' rules).
    ///   - themeFit: round-table themes and fits (see `RoundTableSeater`); round tables are
    ///     seated first and their sessions' slots closed to the seated people's meetings.
    public static func plan(_ event: Event, candidates: [Candidate], directory: [String: ScheduleParticipant] = [:],
                            earlier: EarlierMeetings = .none, themeFit: RoundTableThemeFit? = nil) -> Schedule {
        let roundTables = RoundTableSeater.seat(event, candidates: candidates, themeFit: themeFit)
        var problem = PlanningProblem(event: roundTables.map { RoundTableSeater.meetingsEvent(event, plan: $0) } ?? event,
                                      candidates: candidates, earlier: earlier)
        addLocked(event, to: &problem)
        let stamp = event.options.stamp ?? ((event.slots.first?.start ?? 0) - 7 * 86_400)
        var schedule = run(problem, event: event, directory: directory, revision: 1, stamp: stamp, previous: nil)
        schedule.roundTables = roundTables
        return schedule
    }

    static func addLocked(_ event: Event, to problem: inout PlanningProblem) {
        for l in event.locked {
            guard let a = problem.index[l.a], let b = problem.index[l.b], let s = problem.slotIndex[l.slot] else { continue }
            let e = problem.edge(a, b, origin: .locked)
            problem.fixed.append(.init(edge: e, slot: s, table: l.table))
        }
    }

    static func run(_ problem: PlanningProblem, event: Event, directory: [String: ScheduleParticipant], revision: Int,
                    stamp: Int64, previous: Schedule?, cancelReasons: [String: String] = [:]) -> Schedule {
        var x = Scheduler(problem: problem)
        var trace = PhaseTrace()
        x.placeFixed()
        x.placeRequestsOverKept()
        let lagrangian = UpperBound.compute(x)
        trace.mark("bound", x)
        let selection = x.select(prices: (lagrangian.prices, lagrangian.tablePrice))
        trace.mark("select", x)
        let bound = min(lagrangian.value, selection.bound ?? .infinity)
        x.placeChosen(selection.chosen)
        trace.mark("place", x)
        // Local search under a deterministic work budget (counts, never the clock), so
        // large events stay within about a second and the same input gives the same plan.
        // A plan that meets the bound is optimal: nothing left to search for.
        let size = problem.edges.count
        func belowBound() -> Bool { x.objective < bound - 1e-9 * max(1, abs(bound)) }
        if belowBound() { x.improve(passes: size > 3000 ? 1 : 3, limit: size > 3000 ? 1500 : .max) }
        trace.mark("improve", x)
        if belowBound() { x.perturb(rounds: size > 3000 ? 400 : min(3000, max(300, 3 * size))) }
        trace.mark("perturb", x)
        if belowBound() { x.improve(passes: 1, limit: size > 3000 ? 500 : .max) }
        trace.mark("improve", x)
        return assemble(x, event: event, directory: directory, revision: revision, stamp: stamp, bound: bound,
                        previous: previous, cancelReasons: cancelReasons)
    }

    static func assemble(_ x: Scheduler, event: Event, directory: [String: ScheduleParticipant], revision: Int, stamp: Int64,
                         bound: Double, previous: Schedule?, cancelReasons: [String: String]) -> Schedule {
        let pr = x.problem
        // Tables: fixed meetings keep theirs; the rest take the lowest free, by pair.
        var table = [Int](repeating: 0, count: pr.edges.count)
        var taken = [Set<Int>](repeating: [], count: pr.S)
        for f in pr.fixed where x.isFixed[f.edge] && x.slotOf[f.edge] == Int32(f.slot) && !taken[f.slot].contains(f.table) {
            table[f.edge] = f.table
            taken[f.slot].insert(f.table)
        }
        var meetings: [(slot: Int, e: Int)] = []
        for s in 0..<pr.S {
            var next = 1
            let rest = x.inSlot[s].map(Int.init).filter { table[$0] == 0 }.sorted { (pr.ids[pr.edges[$0].a], pr.ids[pr.edges[$0].b]) < (pr.ids[pr.edges[$1].a], pr.ids[pr.edges[$1].b]) }
            for e in rest {
                while taken[s].contains(next) { next += 1 }
                table[e] = next
                taken[s].insert(next)
            }
            for e in x.inSlot[s] { meetings.append((s, Int(e))) }
        }
        meetings.sort { ($0.slot, table[$0.e]) < ($1.slot, table[$1.e]) }
        let before = Dictionary((previous?.meetings ?? []).map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        let cancelledBefore = Dictionary((previous?.cancelled ?? []).map { ($0.meeting.uid, $0.meeting.sequence) }, uniquingKeysWith: { a, _ in a })
        var out: [Meeting] = meetings.map { m in
            let edge = pr.edges[m.e]
            let a = pr.ids[edge.a], b = pr.ids[edge.b], slot = pr.slotIDs[m.slot]
            let uid = Meeting.uid(event: event.id, a: a, b: b)
            var sequence = 0
            if let old = before[uid] {
                sequence = old.slot == slot && old.table == table[m.e] ? old.sequence : old.sequence + 1
            } else if let s = cancelledBefore[uid] { sequence = s + 1 }
            return Meeting(uid: uid, a: a, b: b, slot: slot, table: table[m.e], score: edge.score, origin: edge.origin,
                           reasons: pr.reasons[m.e].isEmpty ? (before[uid]?.reasons ?? []) : pr.reasons[m.e], sequence: sequence)
        }
        out.sort { (pr.slotIndex[$0.slot]!, $0.table) < (pr.slotIndex[$1.slot]!, $1.table) }

        // What could not be placed.
        var unplaced: [UnplacedMeeting] = x.rejectedFixed.map { r in
            let edge = pr.edges[r.fixed.edge]
            return UnplacedMeeting(a: pr.ids[edge.a], b: pr.ids[edge.b], origin: .locked, reason: r.reason)
        }
        for (e, edge) in pr.edges.enumerated() where x.slotOf[e] < 0 && (edge.origin == .accepted || edge.origin == .pending) {
            unplaced.append(UnplacedMeeting(a: pr.ids[edge.a], b: pr.ids[edge.b], origin: edge.origin, reason: x.reason(e)))
        }
        unplaced += pr.setAside
        unplaced.sort { ($0.origin, $0.a, $0.b) < ($1.origin, $1.a, $1.b) }

        // Participants, for agendas.
        let people: [ScheduleParticipant] = event.participants.sorted { $0.id < $1.id }.map { p in
            let known = directory[p.id]
            return ScheduleParticipant(id: p.id, name: p.name ?? known?.name ?? p.id, organisation: p.organisation ?? known?.organisation,
                                       country: p.country ?? known?.country, email: p.email ?? known?.email)
        }

        var schedule = Schedule(event: event.id, name: event.name, timezone: event.timezone, revision: revision, stamp: stamp,
                                organizer: event.organizer, slots: event.slots, tables: event.tables, participants: people,
                                meetings: out, unplaced: unplaced, stats: statistics(x, meetings: out, bound: bound, event: event))
        if let previous {
            var reasons = cancelReasons
            for (d, e) in x.displacedBy where x.slotOf[d] < 0 {
                let edge = pr.edges[d], by = pr.edges[e]
                let uid = Meeting.uid(event: event.id, a: pr.ids[edge.a], b: pr.ids[edge.b])
                reasons[uid] = "made room for the \(by.origin.rawValue) request \(pr.ids[by.a])–\(pr.ids[by.b])"
            }
            diff(&schedule, previous: previous, reasons: reasons)
        }
        return schedule
    }

    static func statistics(_ x: Scheduler, meetings: [Meeting], bound: Double, event: Event) -> ScheduleStats {
        let pr = x.problem
        var byOrigin: [MeetingOrigin: Int] = [:]
        for m in meetings { byOrigin[m.origin, default: 0] += 1 }
        let counts = x.degree.sorted()
        let n = counts.count
        let total = counts.reduce(0, +)
        var gini = 0.0
        if n > 0 && total > 0 {
            var weighted = 0.0
            for (i, c) in counts.enumerated() { weighted += Double(i + 1) * Double(c) }
            gini = 2 * weighted / (Double(n) * Double(total)) - Double(n + 1) / Double(n)
        }
        let median = n == 0 ? 0 : (n % 2 == 1 ? Double(counts[n / 2]) : Double(counts[n / 2 - 1] + counts[n / 2]) / 2)
        func requests(_ o: MeetingOrigin) -> (Int, Int) {
            var placed = 0, all = 0
            for (e, edge) in pr.edges.enumerated() where edge.origin == o { all += 1; if x.slotOf[e] >= 0 { placed += 1 } }
            // Requests set aside before planning (pairs that met before) are requests of the file too.
            all += pr.setAside.filter { $0.origin == o }.count
            return (placed, all)
        }
        let upper = max(bound, x.objective)
        return ScheduleStats(
            meetings: meetings.count, byOrigin: byOrigin, totalScore: meetings.reduce(0) { $0 + $1.score },
            objective: x.objective, upperBound: upper, gap: upper > 0 ? (upper - x.objective) / upper : 0,
            perParticipantMin: counts.first ?? 0, perParticipantMedian: median, perParticipantMax: counts.last ?? 0,
            withoutMeetings: counts.filter { $0 == 0 }.count, gini: gini,
            tableUse: (0..<pr.S).map { (pr.slotIDs[$0], x.used[$0], pr.capacity[$0]) },
            requestsAccepted: requests(.accepted), requestsPending: requests(.pending))
    }
}

extension Scheduler {
    /// The best reason a meeting is not in the plan.
    func reason(_ e: Int) -> String {
        let edge = problem.edges[e]
        let a = problem.ids[edge.a], b = problem.ids[edge.b]
        var common: [Int] = []
        for s in 0..<S where problem.available(edge.a, s) && problem.available(edge.b, s) { common.append(s) }
        if common.isEmpty { return "no common free slot: \(a) and \(b) are never available at the same time" }
        if problem.limit[edge.a] == 0 { return "\(a) takes no meetings (maxMeetings 0)" }
        if problem.limit[edge.b] == 0 { return "\(b) takes no meetings (maxMeetings 0)" }
        if degree[edge.a] >= problem.limit[edge.a] { return "max meetings reached for \(a) (\(problem.limit[edge.a]))" }
        if degree[edge.b] >= problem.limit[edge.b] { return "max meetings reached for \(b) (\(problem.limit[edge.b]))" }
        var full = 0, locked = 0
        var origins = Set<MeetingOrigin>()
        var kept = false
        for s in common {
            let x = Int(busy[edge.a * S + s]), y = Int(busy[edge.b * S + s])
            let fixed = [x, y].filter { $0 >= 0 && isFixed[$0] }
            if fixed.isEmpty {
                if used[s] >= problem.capacity[s] { full += 1 }
                continue
            }
            locked += 1
            for f in fixed {
                if isKept[f] { kept = true; origins.insert(problem.edges[f].origin) } else { origins.insert(.locked) }
            }
        }
        if locked == common.count {
            if !kept { return "no common free slot: locked meetings take every slot \(a) and \(b) share" }
            let kinds = origins.sorted().map(\.rawValue).joined(separator: " and ")
            return "no common free slot: \(kinds) meetings kept from the previous plan take every slot \(a) and \(b) share"
        }
        if full + locked == common.count { return "table capacity: every slot \(a) and \(b) share is full" }
        return "no common free slot left: \(a) and \(b) are booked with higher-priority meetings in the \(common.count) slot\(common.count == 1 ? "" : "s") they share"
    }
}

import Foundation

/// Phase timings on stderr when `CLUSTERMATCH_PLANNER_TRACE` is set (never in files).
struct PhaseTrace {
    let on = ProcessInfo.processInfo.environment["CLUSTERMATCH_PLANNER_TRACE"] != nil
    var last = DispatchTime.now().uptimeNanoseconds

    mutating func mark(_ phase: String, _ x: Scheduler) {
        guard on else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        FileHandle.standardError.write(Data("planner: \(phase) \(Double(now - last) / 1e6) ms, objective \(x.objective)\n".utf8))
        last = now
    }
}
