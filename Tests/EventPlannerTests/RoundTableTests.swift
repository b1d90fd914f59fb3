import Testing
@testable import EventPlanner
import JSONSupport
import MatchCore

/// Round tables (issue 13 §2): every rule on random events, the optimum of tiny
/// instances by brute force, a planted seating, the event file and the schedule file.
struct RoundTableTests {
    /// A random seating problem with fits and pair scores in 0…1.
    static func randomProblem(seed: UInt64, P: Int, S: Int, tables: Int, T: Int, min: Int, max: Int, per: Int,
                              availability: Double = 0.8, pairShare: Double = 0.4) -> RoundTableProblem {
        var rng = SplitMix64(plannerSeed: seed)
        func unit() -> Double { Double(rng.next() % 1_000_000) / 1_000_000 }
        var avail = [Bool](repeating: false, count: P * S)
        for i in avail.indices { avail[i] = unit() < availability }
        let fit = (0..<(P * T)).map { _ in (unit() * 100).rounded() / 100 }
        var pair = [Double](repeating: 0, count: P * P)
        for p in 0..<P { for q in (p + 1)..<Swift.max(P, p + 1) where unit() < pairShare {
            pair[p * P + q] = (unit() * 100).rounded() / 100
            pair[q * P + p] = pair[p * P + q]
        } }
        return RoundTableProblem(P: P, S: S, T: T, tables: [Int](repeating: tables, count: S), minSize: min, maxSize: max,
                                 perParticipant: per, avail: avail, fit: fit, pair: pair)
    }

    /// Every valid seating (the members of each table, by table index): each participant
    /// picks, per session, no table or one of the session's tables.
    static func forEachSeating(_ pr: RoundTableProblem, _ body: ([[Int]]) -> Void) {
        let options = (0..<pr.S).map { pr.tables[$0] + 1 }
        var choice = [Int](repeating: 0, count: pr.P * pr.S)  // 0: no table, k: table k−1 of the session
        func evaluate() {
            var members = [[Int]](repeating: [], count: pr.G)
            for p in 0..<pr.P {
                var seats = 0
                for s in 0..<pr.S where choice[p * pr.S + s] > 0 {
                    if !pr.available(p, s) { return }
                    seats += 1
                    members[pr.offset[s] + choice[p * pr.S + s] - 1].append(p)
                }
                if seats > pr.perParticipant { return }
            }
            for m in members where !m.isEmpty && (m.count < pr.minSize || m.count > pr.maxSize) { return }
            body(members)
        }
        func recurse(_ i: Int) {
            if i == choice.count { evaluate(); return }
            for c in 0..<options[i % pr.S] {
                if c > 0 && !pr.available(i / pr.S, i % pr.S) { continue }
                choice[i] = c
                recurse(i + 1)
            }
            choice[i] = 0
        }
        recurse(0)
    }

    /// The optimum by trying every seating; each table takes its best theme.
    static func bruteForce(_ pr: RoundTableProblem) -> Double {
        var best = 0.0
        forEachSeating(pr) { members in
            best = Swift.max(best, members.filter { !$0.isEmpty }.reduce(0.0) { $0 + pr.bestTheme($1).value })
        }
        return best
    }

    static func solve(_ pr: RoundTableProblem) -> RoundTableSearch {
        RoundTableSearch.solve(pr, seed: 1)
    }

    /// The objective recomputed from the tables alone, and every rule checked.
    static func check(_ x: RoundTableSearch) -> (value: Double, problems: [String]) {
        let pr = x.pr
        var problems: [String] = []
        var seats = [Int](repeating: 0, count: pr.P)
        var inSession = Set<Int>()
        var value = 0.0
        for g in 0..<pr.G where !x.members[g].isEmpty {
            let m = x.members[g], s = pr.sessionOf[g]
            if m.count < pr.minSize || m.count > pr.maxSize { problems.append("table \(g): size \(m.count)") }
            for p in m {
                if !pr.available(p, s) { problems.append("\(p) not available in \(s)") }
                if !inSession.insert(p * pr.S + s).inserted { problems.append("\(p) twice in \(s)") }
                seats[p] += 1
            }
            value += pr.value(theme: x.theme[g], members: m)
        }
        for p in 0..<pr.P where seats[p] > pr.perParticipant { problems.append("\(p): \(seats[p]) seats") }
        return (value, problems)
    }

    @Test(arguments: 0..<24)
    func tinyInstancesReachTheBruteForceOptimum(seed: Int) {
        let two = seed % 2 == 0
        let pr = Self.randomProblem(seed: UInt64(seed) + 11, P: two ? 5 : 7, S: two ? 2 : 1, tables: 2, T: 3,
                                    min: 2, max: 3, per: two ? 1 + seed % 4 / 2 : 1)
        let x = Self.solve(pr)
        let (value, problems) = Self.check(x)
        #expect(problems.isEmpty, "\(problems)")
        #expect(abs(value - x.objective) < 1e-9, "incremental objective \(x.objective), recomputed \(value)")
        let optimum = Self.bruteForce(pr)
        #expect(value <= optimum + 1e-9)
        // The search is a heuristic: the issue's target is 99 % of the optimum (23 of these
        // 24 reach it exactly; seed 15 gets 7.12 of 7.14).
        #expect(value >= 0.99 * optimum - 1e-9, "seed \(seed): \(value) of the optimum \(optimum)")
        if seed != 15 { #expect(value >= optimum - 1e-9, "seed \(seed): \(value) of the optimum \(optimum)") }
        #expect(pr.upperBound() >= optimum - 1e-9)
        #expect(pr.lagrangianBound(seating: x) >= optimum - 1e-9)
    }

    /// The Lagrangian bound never falls below the brute-force optimum (it is a bound whatever
    /// the multipliers: started from no seating, from a seating, after few or many steps),
    /// never exceeds the plain bound, and is much closer to the optimum than the plain bound.
    @Test func theLagrangianBoundHoldsAndIsTight() {
        var plainShare = 0.0, share = 0.0, n = 0
        for seed in 0..<40 {
            let shape = seed % 4
            let pr = Self.randomProblem(seed: UInt64(seed) + 700, P: [8, 5, 5, 8][shape], S: [1, 2, 2, 1][shape], tables: 2, T: 3,
                                        min: [2, 2, 2, 3][shape], max: [4, 3, 3, 4][shape], per: [1, 1, 2, 1][shape],
                                        availability: 0.85, pairShare: 0.5)
            let optimum = Self.bruteForce(pr)
            let x = Self.solve(pr)
            for bound in [pr.lagrangianBound(seating: nil, iterations: 1), pr.lagrangianBound(seating: nil), pr.lagrangianBound(seating: x, iterations: 3),
                          pr.lagrangianBound(seating: x)] {
                #expect(bound >= optimum - 1e-9, "seed \(seed): bound \(bound) below the optimum \(optimum)")
                #expect(bound <= pr.upperBound() + 1e-9)
            }
            guard optimum > 0 else { continue }
            n += 1
            plainShare += optimum / pr.upperBound()
            share += optimum / pr.lagrangianBound(seating: x)
        }
        plainShare /= Double(n)
        share /= Double(n)
        print("tiny instances: the optimum is \(share * 100) % of the Lagrangian bound, \(plainShare * 100) % of the plain bound (mean of \(n))")
        #expect(share > plainShare + 0.02)
    }

    @Test(arguments: 0..<20)
    func everyRuleHoldsOnRandomEvents(seed: Int) {
        var (event, candidates) = RandomEvents.make(seed: UInt64(seed) + 500, RandomEvents.Shape(participants: 30 + seed * 3, slots: 6, tables: 8))
        let start = event.slots[0].start
        let sessions = [RoundTableSession(id: "morning", start: start + 600, end: start + 3000),
                        RoundTableSession(id: "afternoon", start: start + 4000, end: start + 7200)]
        event.roundTables = RoundTableSpec(sessions: sessions, tables: [3 + seed % 3, 2], minSize: 3 + seed % 2, maxSize: 6,
                                           themes: .given([RoundTableTheme(id: "a", title: "A"), RoundTableTheme(id: "b", title: "B"), RoundTableTheme(id: "c", title: "C")]),
                                           perParticipant: 1 + seed % 2)
        var rng = SplitMix64(plannerSeed: UInt64(seed))
        var fit: [String: [Double]] = [:]
        for p in event.participants { fit[p.id] = (0..<3).map { _ in Double(rng.next() % 100) / 100 } }
        let themeFit = RoundTableThemeFit(themes: [RoundTableTheme(id: "a", title: "A"), RoundTableTheme(id: "b", title: "B"), RoundTableTheme(id: "c", title: "C")], fit: fit)
        let schedule = Planner.plan(event, candidates: candidates, themeFit: themeFit)
        #expect(ScheduleValidator.validate(schedule, against: event) == [])
        let plan = try! #require(schedule.roundTables)
        #expect(plan.objective <= plan.upperBound + 1e-9)
        #expect(plan.seated + plan.unseated.count >= event.participants.count)
        // The file round-trips, and the validator still agrees.
        let back = try! Schedule.decode(try! JSONParser.parse(Array(schedule.json.serialized().utf8)))
        #expect(back.roundTables?.tables == plan.tables)
        #expect(back.roundTables?.unseated == plan.unseated)
        #expect(ScheduleValidator.validate(back, against: event) == [])
    }

    @Test func theValidatorCatchesBrokenSeatings() {
        var (event, candidates) = RandomEvents.make(seed: 3, RandomEvents.Shape(participants: 20, slots: 4, tables: 6, availabilityShare: 1, lockedCount: 0))
        let start = event.slots[0].start
        event.roundTables = RoundTableSpec(sessions: [RoundTableSession(id: "x", start: start, end: start + 1200)], tables: [2], minSize: 3, maxSize: 4)
        var schedule = Planner.plan(event, candidates: candidates)
        #expect(ScheduleValidator.validate(schedule, against: event) == [])
        var plan = schedule.roundTables!
        let someone = plan.tables[0].members[0]
        plan.tables[0].members.append(contentsOf: ["p0000", "p0001", "p0002"].filter { !plan.tables[0].members.contains($0) })
        plan.tables.append(RoundTableSeating(session: "x", table: 9, theme: "nope", members: [someone]))
        schedule.roundTables = plan
        schedule.meetings.append(Meeting(uid: "u", a: someone < "p0019" ? someone : "p0000", b: "p0019", slot: event.slots[0].id, table: 6, score: 0, origin: .suggested))
        let problems = ScheduleValidator.validate(schedule, against: event).joined(separator: "\n")
        #expect(problems.contains("outside 3…4"))
        #expect(problems.contains("table outside 1…2"))
        #expect(problems.contains("unknown theme nope"))
        #expect(problems.contains("sits at two tables in the session"))
        #expect(problems.contains("sits at a round table then"))
    }

    /// Four groups of four who fit one theme each and score high with each other, among
    /// look-alikes who fit every theme a little: each group must sit together at its theme.
    @Test func aPlantedSeatingIsFound() {
        let P = 24, T = 4
        var fit = [Double](repeating: 0, count: P * T)
        var pair = [Double](repeating: 0, count: P * P)
        for p in 0..<P {
            for θ in 0..<T { fit[p * T + θ] = p < 16 ? (p / 4 == θ ? 0.9 : 0.1) : 0.3 }
            for q in 0..<P where q != p {
                pair[p * P + q] = (p < 16 && q < 16 && p / 4 == q / 4) ? 0.8 : ((p + q) % 5 == 0 ? 0.2 : 0)
            }
        }
        let pr = RoundTableProblem(P: P, S: 1, T: T, tables: [4], minSize: 4, maxSize: 4, perParticipant: 1,
                                   avail: [Bool](repeating: true, count: P), fit: fit, pair: pair)
        let x = Self.solve(pr)
        let groups = Set((0..<4).map { g in Set(x.members[g]) })
        #expect(groups == Set((0..<4).map { θ in Set((θ * 4)..<(θ * 4 + 4)) }))
        for g in 0..<4 { #expect(x.theme[g] == x.members[g][0] / 4) }
        #expect(abs(x.objective - pr.upperBound()) < 1e-9, "the planted seating meets the bound")
    }

    @Test func theEventFileNamesEveryRoundTableProblem() throws {
        let text = """
        {"id": "e", "slots": [{"id": "s1", "start": "2026-03-10T09:00:00Z", "minutes": 20}], "tables": 2,
         "participants": [{"id": "a"}, {"id": "b"}],
         "roundTables": {"sessions": [{"id": "r1", "start": "2026-03-10T10:00:00Z", "end": "2026-03-10T09:00:00Z"}],
                         "tables": {"r2": 3}, "size": {"min": 5, "max": 4}, "themes": [{"title": "x"}], "perParticipant": -1, "colour": 1}}
        """
        #expect(throws: EventFileError.self) { try Event.parse(try JSONParser.parse(Array(text.utf8))) }
        do { _ = try Event.parse(try JSONParser.parse(Array(text.utf8))) } catch let error as EventFileError {
            let all = error.issues.joined(separator: "\n")
            for expected in ["roundTables.colour: unknown field", "roundTables.sessions[0].end: \"2026-03-10T09:00:00Z\" is not after the start",
                             "roundTables.tables.r2: unknown session", "roundTables.size.max: 4 is less than size.min 5",
                             "roundTables.themes[0].id: expected a non-empty string", "roundTables.perParticipant: expected a whole number ≥ 0, found -1"] {
                #expect(all.contains(expected), "missing: \(expected)\n\(all)")
            }
        }
        let good = """
        {"id": "e", "slots": [{"id": "s1", "start": "2026-03-10T09:00:00Z", "minutes": 20}, {"id": "s2", "start": "2026-03-10T09:20:00Z", "minutes": 20}],
         "tables": 2, "participants": [{"id": "a", "available": ["s2"]}, {"id": "b"}],
         "roundTables": {"sessions": [{"id": "r1", "start": "2026-03-10T09:10:00Z", "end": "2026-03-10T09:30:00Z"}], "tables": 3, "themes": "auto"}}
        """
        let event = try Event.parse(try JSONParser.parse(Array(good.utf8)))
        let spec = try #require(event.roundTables)
        #expect(spec.tables == [3] && spec.minSize == 4 && spec.maxSize == 8 && spec.perParticipant == 1 && spec.themes == .auto)
        // r1 overlaps s1 and s2: a (free in s2 only) cannot come, b can.
        #expect(!spec.isAvailable(event.participants[0], for: spec.sessions[0], slots: event.slots))
        #expect(spec.isAvailable(event.participants[1], for: spec.sessions[0], slots: event.slots))
    }

    @Test func anEventWithoutRoundTablesWritesNoRoundTableFields() {
        let (event, candidates) = RandomEvents.make(seed: 9)
        let json = Planner.plan(event, candidates: candidates).json.serialized()
        #expect(!json.contains("roundTable") && !json.contains("unseated"))
    }

    @Test func aReplanKeepsTheSeatsThatAreStillPossible() {
        var (event, candidates) = RandomEvents.make(seed: 21, RandomEvents.Shape(participants: 40, slots: 6, tables: 8, availabilityShare: 1, lockedCount: 0))
        let start = event.slots[0].start
        event.roundTables = RoundTableSpec(sessions: [RoundTableSession(id: "r", start: start, end: start + 2400)], tables: [5], minSize: 3, maxSize: 6,
                                           themes: .given([RoundTableTheme(id: "a", title: "A"), RoundTableTheme(id: "b", title: "B")]))
        var rng = SplitMix64(plannerSeed: 4)
        var fit: [String: [Double]] = [:]
        for p in event.participants { fit[p.id] = [Double(rng.next() % 100) / 100, Double(rng.next() % 100) / 100] }
        let themeFit = RoundTableThemeFit(themes: [RoundTableTheme(id: "a", title: "A"), RoundTableTheme(id: "b", title: "B")], fit: fit)
        let first = Planner.plan(event, candidates: candidates, themeFit: themeFit)
        let gone = first.roundTables!.tables[0].members[0]
        var later = event.removing([gone])
        later.participants.append(EventParticipant(id: "zz-new"))
        let second = Planner.replan(later, candidates: candidates, previous: first, themeFit: themeFit)
        #expect(ScheduleValidator.validate(second, against: later) == [])
        var kept = 0, before = 0
        for t in first.roundTables!.tables {
            let now = second.roundTables!.tables.first { $0.session == t.session && $0.table == t.table }
            for m in t.members where m != gone {
                before += 1
                if now?.members.contains(m) == true { kept += 1 }
            }
            if let now { #expect(now.theme == t.theme) }
        }
        #expect(kept == before, "\(kept) of \(before) seats kept")
    }
}
