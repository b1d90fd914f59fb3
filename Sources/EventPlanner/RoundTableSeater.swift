import Foundation
import JSONSupport
import MatchCore

/// Seats an event's participants at its round tables, before the one-to-one meetings
/// are planned: a participant's seat takes the slots its session overlaps away from
/// their meetings, so the two never overlap.
///
/// Maximises, over every seated participant, the fit to the table's theme plus the pair
/// scores (from the engine, or the event's candidates) with the others at the table
/// divided by `size.max − 1` (see `RoundTableProblem`).
public enum RoundTableSeater {
    /// The seating of `event.roundTables` (nil when the event has none).
    ///
    /// - Parameters:
    ///   - themeFit: themes and fits found by the application; nil: the event's own themes,
    ///     which every participant then fits 0 (only the pair scores seat them).
    ///   - previous: the previous schedule's round tables; its seats that are still valid are
    ///     kept, with their tables' themes (minimum change).
    public static func seat(_ event: Event, candidates: [Candidate], themeFit: RoundTableThemeFit?,
                            previous: RoundTablePlan? = nil) -> RoundTablePlan? {
        guard let spec = event.roundTables else { return nil }
        var themes = themeFit?.themes ?? []
        if themes.isEmpty, case .given(let given) = spec.themes { themes = given }
        if themes.isEmpty { themes = [RoundTableTheme(id: "t1", title: "Open discussion")] }
        let ids = event.participants.map(\.id).sorted()
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let P = ids.count, S = spec.sessions.count, T = themes.count
        let blocked = blockedSessions(event, spec: spec)
        var avail = [Bool](repeating: false, count: P * S)
        for person in event.participants {
            let p = index[person.id]!
            for (s, session) in spec.sessions.enumerated() {
                avail[p * S + s] = spec.isAvailable(person, for: session, slots: event.slots) && !blocked.contains("\(person.id)\u{0}\(s)")
            }
        }
        var fit = [Double](repeating: 0, count: P * T)
        for (id, row) in themeFit?.fit ?? [:] {
            guard let p = index[id] else { continue }
            for (θ, v) in row.prefix(T).enumerated() where v.isFinite { fit[p * T + θ] = min(max(v, 0), 1) }
        }
        var pair = [Double](repeating: 0, count: P * P)
        for c in candidates {
            guard let a = index[c.a], let b = index[c.b], a != b, c.score.isFinite, c.score > 0 else { continue }
            pair[a * P + b] = max(pair[a * P + b], c.score)
            pair[b * P + a] = pair[a * P + b]
        }
        var problem = RoundTableProblem(P: P, S: S, T: T, tables: spec.tables, minSize: spec.minSize, maxSize: spec.maxSize,
                                        perParticipant: spec.perParticipant, avail: avail, fit: fit, pair: pair)
        if let previous { keep(previous, in: &problem, spec: spec, themes: themes, index: index) }
        dump(problem, ids: ids)
        let clock = Stopwatch()
        let search = RoundTableSearch.solve(problem, seed: event.options.seed) { clock.lap("seating: \($0)") }
        let plan = assemble(search, spec: spec, themes: themes, ids: ids, blocked: blocked)
        clock.lap("seating: upper bound \(plan.upperBound)")
        return plan
    }

    /// Participant and session pairs closed by a locked meeting in a slot the session overlaps.
    static func blockedSessions(_ event: Event, spec: RoundTableSpec) -> Set<String> {
        var out = Set<String>()
        for l in event.locked {
            guard let slot = event.slots.first(where: { $0.id == l.slot }) else { continue }
            for (s, session) in spec.sessions.enumerated() where session.overlaps(slot) {
                out.insert("\(l.a)\u{0}\(s)")
                out.insert("\(l.b)\u{0}\(s)")
            }
        }
        return out
    }

    /// The previous seats that are still possible: registered, available, table still there.
    static func keep(_ previous: RoundTablePlan, in problem: inout RoundTableProblem, spec: RoundTableSpec,
                     themes: [RoundTableTheme], index: [String: Int]) {
        let sessionIndex = Dictionary(uniqueKeysWithValues: spec.sessions.enumerated().map { ($1.id, $0) })
        let themeIndex = Dictionary(themes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for table in previous.tables.sorted(by: { ($0.session, $0.table) < ($1.session, $1.table) }) {
            guard let s = sessionIndex[table.session], table.table >= 1, table.table <= spec.tables[s] else { continue }
            let g = problem.offset[s] + table.table - 1
            if let θ = themeIndex[table.theme] { problem.keptTheme[g] = θ }
            for id in table.members {
                guard let p = index[id], problem.available(p, s) else { continue }
                problem.keptSeat[p * problem.S + s] = g
            }
        }
    }

    static func assemble(_ x: RoundTableSearch, spec: RoundTableSpec, themes: [RoundTableTheme], ids: [String],
                         blocked: Set<String>) -> RoundTablePlan {
        let pr = x.pr
        var tables: [RoundTableSeating] = []
        for g in 0..<pr.G where !x.members[g].isEmpty {
            let s = pr.sessionOf[g]
            let people = x.members[g].sorted()
            let θ = x.theme[g]
            var reasons: [String] = []
            let meanFit = people.reduce(0.0) { $0 + pr.fit[$1 * pr.T + θ] } / Double(people.count)
            if meanFit > 0 { reasons.append("fits the theme \(JSONValue.quoted(themes[θ].title)): \(String(format: "%.2f", meanFit)) on average") }
            var strongest = (a: -1, b: -1, score: 0.0)
            var pairs = 0
            for (i, p) in people.enumerated() {
                for q in people[(i + 1)...] where pr.pair[p * pr.P + q] > 0 {
                    pairs += 1
                    if pr.pair[p * pr.P + q] > strongest.score { strongest = (p, q, pr.pair[p * pr.P + q]) }
                }
            }
            if strongest.a >= 0 {
                reasons.append("\(pairs) pair\(pairs == 1 ? "" : "s") at the table match; strongest \(ids[strongest.a])–\(ids[strongest.b]) (\(String(format: "%.2f", strongest.score)))")
            }
            tables.append(RoundTableSeating(session: spec.sessions[s].id, table: g - pr.offset[s] + 1, theme: themes[θ].id,
                                            members: people.map { ids[$0] }, reasons: reasons))
        }
        var unseated: [UnseatedParticipant] = []
        for p in 0..<pr.P where x.count[p] == 0 {
            let sessions = (0..<pr.S).filter { pr.available(p, $0) }
            let reason: String
            if spec.perParticipant == 0 { reason = "perParticipant is 0: nobody takes a seat" }
            else if sessions.isEmpty {
                let locked = (0..<pr.S).contains { blocked.contains("\(ids[p])\u{0}\($0)") }
                reason = locked ? "not available for any session: a locked meeting or unavailability covers each"
                                : "not available for any session (each overlaps a slot they are not free in)"
            } else {
                let names = sessions.map { spec.sessions[$0].id }.joined(separator: ", ")
                reason = "no seat left in \(names): the tables there are full, or fit others better"
            }
            unseated.append(UnseatedParticipant(participant: ids[p], reason: reason))
        }
        // Only the themes a table uses, plus every given theme (the organiser named them).
        return RoundTablePlan(sessions: spec.sessions, tables: tables, themes: themes, unseated: unseated,
                              objective: x.objective, upperBound: max(pr.lagrangianBound(seating: x, iterations: boundSteps(pr)), x.objective))
    }

    /// Subgradient steps of the upper bound: up to 20 within a work budget (2 at 300
    /// participants in 3 sessions), or `CLUSTERMATCH_ROUNDTABLES_BOUND_STEPS` (the benchmarks
    /// ask for more to report a tighter bound; the seating is the same).
    static func boundSteps(_ pr: RoundTableProblem) -> Int {
        if let n = Int(ProcessInfo.processInfo.environment["CLUSTERMATCH_ROUNDTABLES_BOUND_STEPS"] ?? "") { return min(max(n, 1), 100_000) }
        let work = pr.P * pr.S * max(pr.T, 1) * (pr.maxSize - pr.minSize + 1) * 25
        return min(20, max(1, 8_000_000 / max(1, work)))
    }

    /// Seconds since the seating began, after each phase, on stderr when `CLUSTERMATCH_ROUNDTABLES_TIMING` is set (never otherwise).
    struct Stopwatch {
        let on = ProcessInfo.processInfo.environment["CLUSTERMATCH_ROUNDTABLES_TIMING"] != nil
        var start = Date()
        func lap(_ what: String) {
            guard on else { return }
            FileHandle.standardError.write(Data(String(format: "%.3f s: ", Date().timeIntervalSince(start)).utf8) + Data("\(what)\n".utf8))
        }
    }

    /// The instance as JSON when `CLUSTERMATCH_ROUNDTABLES_DUMP` names a file: the exact
    /// solver of Benchmarks/roundtables-highs.py reads it (never written otherwise).
    static func dump(_ pr: RoundTableProblem, ids: [String]) {
        guard let path = ProcessInfo.processInfo.environment["CLUSTERMATCH_ROUNDTABLES_DUMP"], !path.isEmpty else { return }
        var o = JSONObject()
        o["participants"] = .array(ids.map { .string($0) })
        o["tables"] = .array(pr.tables.map { .int(Int64($0)) })
        o["minSize"] = .int(Int64(pr.minSize))
        o["maxSize"] = .int(Int64(pr.maxSize))
        o["perParticipant"] = .int(Int64(pr.perParticipant))
        o["themes"] = .int(Int64(pr.T))
        o["available"] = .array((0..<pr.P).map { p in .array((0..<pr.S).map { .bool(pr.available(p, $0)) }) })
        o["fit"] = .array((0..<pr.P).map { p in .array((0..<pr.T).map { .double(pr.fit[p * pr.T + $0]) }) })
        var pairs: [JSONValue] = []
        for p in 0..<pr.P { for q in (p + 1)..<max(pr.P, p + 1) where pr.pair[p * pr.P + q] > 0 {
            pairs.append(.array([.int(Int64(p)), .int(Int64(q)), .double(pr.pair[p * pr.P + q])]))
        } }
        o["pairs"] = .array(pairs)
        try? Data(JSONValue.object(o).serialized().utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The event as the meeting planner sees it: a seated participant is not available in
    /// the slots their sessions overlap.
    public static func meetingsEvent(_ event: Event, plan: RoundTablePlan) -> Event {
        var busy: [String: Set<String>] = [:]
        for table in plan.tables {
            guard let session = plan.session(table.session) else { continue }
            let slots = event.slots.filter(session.overlaps).map(\.id)
            for id in table.members { busy[id, default: []].formUnion(slots) }
        }
        guard !busy.isEmpty else { return event }
        var e = event
        for i in e.participants.indices {
            guard let taken = busy[e.participants[i].id] else { continue }
            e.participants[i].available = (e.participants[i].available ?? event.slots.map(\.id)).filter { !taken.contains($0) }
        }
        return e
    }
}
