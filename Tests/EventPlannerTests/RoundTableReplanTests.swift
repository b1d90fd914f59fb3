import Testing
@testable import EventPlanner
import MatchCore

/// A re-plan after a cancellation (issue 13 §2, "event replan keeps round-table seats with
/// minimum change"): the cancelled participant's seats go, every rule still holds, and no
/// more of the other previous seats change than any valid seating must change (brute force).
struct RoundTableReplanTests {
    /// The previous seating as the re-plan keeps it: every seat but `cancelled`'s, and the themes of its tables.
    static func replanProblem(_ pr: RoundTableProblem, previous x: RoundTableSearch, cancelled: Int) -> RoundTableProblem {
        var next = pr
        for s in 0..<pr.S { next.avail[cancelled * pr.S + s] = false }
        for g in 0..<pr.G where !x.members[g].isEmpty {
            next.keptTheme[g] = x.theme[g]
            for p in x.members[g] where p != cancelled { next.keptSeat[p * pr.S + pr.sessionOf[g]] = g }
        }
        return next
    }

    /// Previous seats (p * S + s → table) a seating does not keep.
    static func changed(_ keptSeat: [Int: Int], members: [[Int]], pr: RoundTableProblem) -> Int {
        keptSeat.filter { key, g in !members[g].contains(key / pr.S) }.count
    }

    /// The fewest previous seats any valid seating of the re-plan changes.
    static func minimumChange(_ pr: RoundTableProblem) -> Int {
        var best = Int.max
        RoundTableTests.forEachSeating(pr) { best = min(best, changed(pr.keptSeat, members: $0, pr: pr)) }
        return best
    }

    @Test(arguments: 0..<24)
    func aCancelledSeatGoesAndTheRestChangesMinimally(seed: Int) {
        // Tables of 3–4 (or 2–3) with few spare people: a cancellation often leaves a table
        // below the minimum, to be filled from someone free, from another table, or emptied.
        let shape = seed % 3
        let pr = RoundTableTests.randomProblem(seed: UInt64(seed) + 300, P: [7, 8, 6][shape], S: [1, 1, 2][shape], tables: 2, T: 3,
                                               min: [3, 3, 2][shape], max: [4, 4, 3][shape], per: [1, 1, 2][shape],
                                               availability: 0.9, pairShare: 0.5)
        let first = RoundTableTests.solve(pr)
        guard let cancelled = first.members.first(where: { !$0.isEmpty })?.first else { return }
        let next = Self.replanProblem(pr, previous: first, cancelled: cancelled)
        let second = RoundTableSearch.solve(next, seed: 1)
        let (value, problems) = RoundTableTests.check(second)
        #expect(problems.isEmpty, "seed \(seed): \(problems)")
        #expect(abs(value - second.objective) < 1e-9)
        #expect(second.count[cancelled] == 0, "seed \(seed): the cancelled participant still sits")
        let change = Self.changed(next.keptSeat, members: second.members, pr: next)
        let fewest = Self.minimumChange(next)
        #expect(change == fewest, "seed \(seed): \(change) previous seats changed, \(fewest) must")
        // The tables that keep all their seats keep their themes.
        for g in 0..<pr.G where !first.members[g].isEmpty && first.members[g].allSatisfy({ $0 == cancelled || second.members[g].contains($0) }) {
            #expect(second.theme[g] == first.theme[g], "seed \(seed): table \(g) changed its theme")
        }
    }

    /// Through `event replan`: 22 participants at 4 tables of 5–6 (all seated, none free).
    /// One cancels, another is no longer available for the session: their seats go, and each
    /// table left below 5 takes one member from a table of 6 (one changed seat each), not
    /// emptied (4 changed seats); everything else stays, the validator passes.
    @Test func aReplanAfterCancellationsFillsTablesFromOthers() throws {
        var (event, candidates) = RandomEvents.make(seed: 41, RandomEvents.Shape(participants: 22, slots: 6, tables: 8, availabilityShare: 1, lockedCount: 0))
        let start = event.slots[0].start
        let themes = [RoundTableTheme(id: "a", title: "A"), RoundTableTheme(id: "b", title: "B")]
        event.roundTables = RoundTableSpec(sessions: [RoundTableSession(id: "r", start: start, end: start + 2400)], tables: [4], minSize: 5, maxSize: 6,
                                           themes: .given(themes))
        var rng = SplitMix64(plannerSeed: 8)
        var fit: [String: [Double]] = [:]
        for p in event.participants { fit[p.id] = [Double(rng.next() % 100) / 100 + 0.01, Double(rng.next() % 100) / 100 + 0.01] }
        let themeFit = RoundTableThemeFit(themes: themes, fit: fit)
        let first = Planner.plan(event, candidates: candidates, themeFit: themeFit)
        let before = try #require(first.roundTables)
        #expect(before.unseated.isEmpty && before.tables.map(\.members.count).sorted() == [5, 5, 6, 6])
        // One member of each table of 5 leaves: both fall to 4.
        let small = before.tables.filter { $0.members.count == 5 }
        let cancelled = small[0].members[0], away = small[1].members[0]
        var later = event.removing([cancelled])
        let i = try #require(later.participants.firstIndex { $0.id == away })
        later.participants[i].available = Array(event.slots.map(\.id).dropFirst(2))  // r overlaps s1 and s2
        let second = Planner.replan(later, candidates: candidates, previous: first, themeFit: themeFit)
        #expect(ScheduleValidator.validate(second, against: later) == [])
        let after = try #require(second.roundTables)
        #expect(!after.tables.contains { $0.members.contains(cancelled) || $0.members.contains(away) })
        #expect(after.unseated.map(\.participant) == [away])
        #expect(after.tables.map(\.members.count) == [5, 5, 5, 5])
        var changed = 0
        for t in before.tables {
            let now = after.tables.first { $0.table == t.table }
            changed += t.members.filter { $0 != cancelled && $0 != away && now?.members.contains($0) != true }.count
            #expect(now?.theme == t.theme)
        }
        #expect(changed == 2, "\(changed) previous seats changed; two tables of 4 each need one")
    }
}
