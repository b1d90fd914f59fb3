import Optimization

extension Scheduler {
    /// Phase 1: which meetings to place. The exact slot-free relaxation
    /// (`SlotFreeRelaxation`, started from the Lagrangian `prices`) chooses; its whole
    /// meetings are taken, then its half meetings by value while both participants have
    /// room, then a greedy by marginal value (with the fairness bonus) fills what is left,
    /// within every participant's limit and the total table capacity.
    ///
    /// Also returns an upper bound on every schedule from the relaxation's prices, when
    /// everything placed so far is fixed (else some choices were forced and it is not one).
    func select(prices: (participants: [Double], table: Double)? = nil) -> (chosen: [Int], bound: Double?) {
        let P = problem.P
        var deg = degree
        var total = used.reduce(0, +)
        let capacity = problem.capacity.reduce(0, +)
        var chosen: [Int] = []
        var taken = [Bool](repeating: false, count: problem.edges.count)
        func take(_ e: Int) {
            let edge = problem.edges[e]
            chosen.append(e)
            taken[e] = true
            deg[edge.a] += 1
            deg[edge.b] += 1
            total += 1
        }
        func fits(_ e: Int) -> Bool {
            let edge = problem.edges[e]
            return total < capacity && deg[edge.a] < problem.limit[edge.a] && deg[edge.b] < problem.limit[edge.b]
        }
        // Room of each participant: its limit and its free slots, after what is placed.
        var room = [Int](repeating: 0, count: P)
        for p in 0..<P {
            var free = 0
            for s in 0..<S where problem.available(p, s) && busy[p * S + s] < 0 { free += 1 }
            room[p] = max(0, min(problem.limit[p] - degree[p], free))
        }
        var candidates: [Int] = []
        var pairs: [SlotFreeRelaxation.Pair] = []
        for (e, edge) in problem.edges.enumerated() where slotOf[e] < 0 && !blocked[e] && room[edge.a] > 0 && room[edge.b] > 0 {
            var common = false
            for s in 0..<S where problem.available(edge.a, s) && problem.available(edge.b, s)
                && busy[edge.a * S + s] < 0 && busy[edge.b * S + s] < 0 { common = true; break }
            guard common else { continue }
            candidates.append(e)
            pairs.append(.init(a: edge.a, b: edge.b, value: edge.value))
        }
        let relaxation = SlotFreeRelaxation(participants: P, capacity: room,
                                            bonus: { p, k in problem.marginal(p, degree[p] + k) },
                                            pairs: pairs, total: max(0, capacity - total), prices: prices)
        let onlyFixed = problem.edges.indices.allSatisfy { slotOf[$0] < 0 || isFixed[$0] }
        let bound = onlyFixed ? objective + relaxation.bound : nil
        for (i, e) in candidates.enumerated() where relaxation.x[i] > 0.75 && fits(e) { take(e) }
        let halves = candidates.indices.filter { relaxation.x[$0] > 0.25 && relaxation.x[$0] < 0.75 }
            .sorted { (-pairs[$0].value, $0) < (-pairs[$1].value, $1) }
        for i in halves where fits(candidates[i]) { take(candidates[i]) }
        // Greedy fill by marginal gain.
        var heap = Heap<(Double, Int)>(by: { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 })
        func gain(_ e: Int) -> Double {
            let edge = problem.edges[e]
            return edge.value + problem.marginal(edge.a, deg[edge.a] + 1) + problem.marginal(edge.b, deg[edge.b] + 1)
        }
        for e in problem.edges.indices where slotOf[e] < 0 && !taken[e] && hasCommonSlot(e) { heap.push((gain(e), e)) }
        while total < capacity, let (g, e) = heap.pop() {
            guard fits(e) else { continue }
            let now = gain(e)
            if now < g - 1e-12 { heap.push((now, e)); continue }
            take(e)
        }
        return (chosen, bound)
    }
}
