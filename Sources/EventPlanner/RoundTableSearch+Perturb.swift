import MatchCore

extension RoundTableSearch {
    /// Ruin and recreate: empties a random table (or unseats a few random participants),
    /// seats who is free again greedily, opens tables, repairs and improves; keeps the
    /// result when it is not much worse than the current one (a threshold that falls to 0
    /// over the rounds, so the search can leave a local optimum), and returns the best
    /// seating seen. Seeded, so the same input gives the same seating.
    mutating func perturb(rounds: Int, seed: UInt64) {
        var rng = SplitMix64(plannerSeed: seed)
        var best = self
        var current = self
        let seats = max(1, members.reduce(0) { $0 + $1.count })
        let slack = 0.05 * objective / Double(seats)
        for round in 0..<rounds {
            let open = (0..<pr.G).filter { !members[$0].isEmpty }
            if open.isEmpty { break }
            if rng.next() % 2 == 0 {
                let g = open[Int(rng.next() % UInt64(open.count))]
                for p in members[g] where !kept[p * pr.S + pr.sessionOf[g]] { remove(p, g) }
                if members[g].isEmpty { theme[g] = Int(rng.next() % UInt64(max(pr.T, 1))) }
            } else {
                for _ in 0..<3 {
                    let g = open[Int(rng.next() % UInt64(open.count))]
                    guard !members[g].isEmpty else { continue }
                    let p = members[g][Int(rng.next() % UInt64(members[g].count))]
                    if !kept[p * pr.S + pr.sessionOf[g]] { remove(p, g) }
                }
            }
            // Seat the free again, in a random order.
            var order = Array(0..<pr.P)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            _ = openTables(start: Int(rng.next() % UInt64(pr.G)))
            for p in order { seatWhereBest(p) }
            repair()
            improve(passes: 8)
            if objective > best.objective + eps { best = self }
            let threshold = slack * Double(rounds - round) / Double(rounds)
            if objective >= current.objective - threshold { current = self } else { self = current }
        }
        self = best
    }

    /// Seats p, in each session it is free for, at the open table where it adds most (if
    /// any table gains from it).
    mutating func seatWhereBest(_ p: Int) {
        for s in 0..<pr.S where free(p, s) {
            var to = -1
            var gainTo = eps
            for g in pr.offset[s]..<(pr.offset[s] + pr.tables[s]) where canJoin(g) {
                let v = gain(p, g)
                if v > gainTo { to = g; gainTo = v }
            }
            if to >= 0 { add(p, to) }
        }
    }
}
