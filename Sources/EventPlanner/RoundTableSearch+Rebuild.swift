import Foundation

extension RoundTableSearch {
    /// The seating of a problem: greedy, improving moves, themes exchanged between sessions,
    /// then from there several searches (`searchCount`, on the cores at once) of which the best
    /// is kept (the earlier wins ties): table rebuilds, ruin and recreate, rebuilds again, each
    /// with the next seed (with 3 or more searches, the first is ruin and recreate then
    /// rebuilds); each search ends with exchanges and rebuilds in turn (`exchangeThenRebuild`)
    /// and, on events small enough (`rethemeFits`), theme changes with a fit-optimal reseating
    /// (`retheme`). Each search ends in a local optimum the others sometimes miss; all are
    /// deterministic (seeded). Ruin and recreate runs under a work budget (counts, never the clock).
    /// - Parameter progress: told the objective after each search (for timings).
    static func solve(_ pr: RoundTableProblem, seed: UInt64, progress: (String) -> Void = { _ in }) -> RoundTableSearch {
        var start = RoundTableSearch(pr)
        start.construct()
        start.improve()
        progress("greedy and moves \(start.objective)")
        start.exchangeSessions()
        progress("themes exchanged between sessions \(start.objective)")
        let rounds = min(1500, max(40, 4_000_000 / max(1, pr.P * pr.P * pr.S)))
        let searches = searchCount(pr, rounds: rounds)
        // The searches are independent (each from `start`, with its own seed), so they run on
        // the cores at once; the best is chosen in search order, so the result is the same
        // however the threads are scheduled.
        // With two searches only (large events: one per core), both begin with table rebuilds
        // (at 300 participants those reached 190.45 and 191.38, ruin and recreate first 189.34).
        let ruinFirst = searches > 2
        let retheme = rethemeFits(pr)
        let found = Found(searches)
        let first = start
        DispatchQueue.concurrentPerform(iterations: searches) { k in
            let cpu = threadSeconds()
            var x = first
            if ruinFirst && k == 0 {
                x.perturb(rounds: rounds, seed: seed)
                x.rebuildTables()
            } else {
                x.rebuildTables()
                x.perturb(rounds: rounds, seed: seed &+ UInt64(ruinFirst ? k - 1 : k))
                x.rebuildTables()
            }
            x.exchangeThenRebuild()
            let beforeRetheme = x.objective
            if retheme { x.retheme() }
            found.set(k, x, cpu: threadSeconds() - cpu, beforeRetheme: beforeRetheme)
        }
        var best = found.items[0]!
        for k in 0..<searches {
            let x = found.items[k]!
            let rethemed = retheme ? ", \(found.beforeRetheme[k]) before theme changes" : ""
            progress("search \(k) (\(found.cpu[k]) s CPU, \(ruinFirst && k == 0 ? "ruin first" : "rebuilds first")): \(x.objective)\(rethemed)")
            if x.objective > best.objective + x.eps { best = x }
        }
        return best
    }

    /// The searches' results, each written once by its own thread (`solve`).
    final class Found: @unchecked Sendable {
        var items: [RoundTableSearch?]
        /// CPU seconds of each search (for `CLUSTERMATCH_ROUNDTABLES_TIMING`).
        var cpu: [Double]
        /// Each search's objective before `retheme` (for the same timings).
        var beforeRetheme: [Double]
        let lock = NSLock()
        init(_ n: Int) {
            items = [RoundTableSearch?](repeating: nil, count: n)
            cpu = [Double](repeating: 0, count: n)
            beforeRetheme = cpu
        }
        func set(_ k: Int, _ x: RoundTableSearch, cpu seconds: Double, beforeRetheme value: Double) {
            lock.lock()
            items[k] = x
            cpu[k] = seconds
            beforeRetheme[k] = value
            lock.unlock()
        }
    }

    /// CPU time of the calling thread, in seconds.
    static func threadSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// How many searches `solve` runs: as many as fit a work budget of 24 million units of
    /// rounds × P² × S (the cost of ruin and recreate), 2 to 6. So events of up to ~40
    /// participants get 6 (p30: 99.18 → 99.99 % of HiGHS's best, p36: 98.58 → 99.24 %) and
    /// 300 participants in 3 sessions 2, one per core (the 2 s target: 4 searches, two per
    /// core, found no better seating there and took ~0.5 s more). Below 12 participants, 2
    /// (the brute-force tests: they reach the optimum already, and run in debug builds).
    static func searchCount(_ pr: RoundTableProblem, rounds: Int) -> Int {
        guard pr.P >= 12 else { return 2 }
        return min(6, max(2, 24_000_000 / max(1, rounds * pr.P * pr.P * max(pr.S, 1))))
    }

    /// Rebuilds tables around a theme: for each table and each theme, empties the table, gives
    /// it the theme, fills it with whoever gains most by moving there (free, or leaving a table
    /// in this or another session that stays within its bounds), seats the evicted and the
    /// free elsewhere, and keeps the result when the objective grew. This is the move the
    /// seat moves lack: a table changes its theme and its people at once, so themes nobody
    /// discusses yet get a table when their people fit them better than where they sit.
    /// - Returns: true when a table was rebuilt.
    @discardableResult
    mutating func rebuildTables(sweeps: Int = 3) -> Bool {
        bestPerTable(sweeps: sweeps, polish: 4, where: { x, g in x.pr.keptTheme[g] == nil }) { x, g, consider in
            for θ in 0..<max(x.pr.T, 1) {
                var trial = x
                trial.rebuild(g, theme: θ)
                consider(trial)
            }
        }
    }

    /// For each table `eligible` admits, the best seating `trials` offers for it replaces this
    /// one when it is better; sweeps repeat while one improves (at most `sweeps`), each
    /// improving sweep followed by `polish` passes of improving moves.
    /// - Parameter trials: given the seating and a table, hands each candidate to `consider`.
    /// - Returns: true when a table changed.
    mutating func bestPerTable(sweeps: Int, polish: Int, where eligible: (RoundTableSearch, Int) -> Bool,
                               trials: (RoundTableSearch, Int, (RoundTableSearch) -> Void) -> Void) -> Bool {
        let eps = self.eps
        var any = false
        for _ in 0..<sweeps {
            var improved = false
            for g in 0..<pr.G where eligible(self, g) {
                var best = self
                trials(self, g) { if $0.objective > best.objective + eps { best = $0 } }
                if best.objective > objective + eps {
                    self = best
                    improved = true
                }
            }
            if !improved { break }
            any = true
            if polish > 0 { improve(passes: polish) }
        }
        return any
    }

    /// Table g with theme θ and the people who gain most there (see `rebuildTables`).
    mutating func rebuild(_ g: Int, theme θ: Int) {
        let s = pr.sessionOf[g]
        let S = pr.S
        let evicted = members[g].filter { !kept[$0 * S + s] }
        for p in evicted { remove(p, g) }
        setTheme(g, θ)
        // What p gives up to sit at g: 0 when free, else their cheapest seat that may go.
        func leave(_ p: Int) -> (g: Int, loss: Double)? {
            guard pr.available(p, s) else { return nil }
            let here = seat[p * S + s]
            if here == g { return nil }
            if here >= 0 {
                return kept[p * S + s] || !canLeave(here) ? nil : (here, gain(p, here))
            }
            if count[p] < pr.perParticipant { return (-1, 0) }
            var cheapest: (g: Int, loss: Double)?
            for s2 in 0..<S where s2 != s {
                let h = seat[p * S + s2]
                guard h >= 0, !kept[p * S + s2], canLeave(h) else { continue }
                let loss = gain(p, h)
                if cheapest == nil || loss < cheapest!.loss - eps { cheapest = (h, loss) }
            }
            return cheapest
        }
        // What each gives up changes only for the one who moves and for the members of the
        // table they leave (its size and their links to it), so it is worked out once and
        // again only for those (a quarter of the 300-participant event's seating time).
        var given = [(g: Int, loss: Double)?](repeating: nil, count: pr.P)
        var known = [Bool](repeating: false, count: pr.P)
        while size(g) < pr.maxSize {
            var pick = (p: -1, from: -1, net: -Double.infinity)
            for p in 0..<pr.P {
                if !known[p] { given[p] = leave(p); known[p] = true }
                guard let l = given[p] else { continue }
                let net = gain(p, g) - l.loss
                if net > pick.net + eps { pick = (p, l.g, net) }
            }
            guard pick.p >= 0, pick.net > eps || size(g) < pr.minSize else { break }
            if pick.from >= 0 {
                remove(pick.p, pick.from)
                for q in members[pick.from] { known[q] = false }
            }
            add(pick.p, g)
            known[pick.p] = false
        }
        if size(g) < pr.minSize {
            for p in members[g] where !kept[p * S + s] { remove(p, g) }
        }
        // The evicted first, then everyone free: the table where they add most.
        for p in evicted + (0..<pr.P).filter({ !evicted.contains($0) }) { seatWhereBest(p) }
    }
}
