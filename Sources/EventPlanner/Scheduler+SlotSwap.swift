extension Scheduler {
    /// Places `e` = (a, b) in a slot s where a is free but b is not, by first swapping two
    /// slots s and t along the chain that starts at b (b's meeting in s moves to t, where
    /// b is free; its partner's meeting in t moves to s, and so on: a Kempe chain of the
    /// edge colouring). Where tables do not bind, slot conflicts are what leave chosen
    /// meetings out, and a chain reaches much further than ejecting two meetings.
    ///
    /// Every meeting on the chain must be movable and both its participants available in
    /// the other slot; the chain must not reach a; the tables must hold. Tries every s, t
    /// and both ends of `e`; takes the first chain that works. Leaves the state unchanged
    /// when none does.
    ///
    /// Complexity: O(S² · maxLength) per end.
    mutating func placeBySlotSwap(_ e: Int, maxLength: Int = 24) -> Bool {
        let edge = problem.edges[e]
        guard !blocked[e] else { return false }
        var chain: [Int] = []
        for (a, b) in [(edge.a, edge.b), (edge.b, edge.a)] {
            for s in 0..<S where problem.available(a, s) && problem.available(b, s) && busy[a * S + s] < 0 && busy[b * S + s] >= 0 {
                for t in 0..<S where t != s && problem.available(b, t) && busy[b * S + t] < 0 {
                    guard slotChain(from: b, s, t, avoiding: a, maxLength: maxLength, into: &chain) else { continue }
                    // Tables: the chain's meetings change sides, then e goes into s.
                    var intoS = 0, intoT = 0
                    for m in chain { if Int(slotOf[m]) == s { intoT += 1 } else { intoS += 1 } }
                    guard used[s] - intoT + intoS + 1 <= problem.capacity[s], used[t] - intoS + intoT <= problem.capacity[t] else { continue }
                    let start = mark
                    var moved: [(Int, Int)] = []
                    for m in chain {
                        let to = Int(slotOf[m]) == s ? t : s
                        unplace(m)
                        moved.append((m, to))
                    }
                    for (m, to) in moved { place(m, to) }
                    if fits(e, s) { place(e, s); return true }
                    rollback(start)
                }
            }
        }
        return false
    }

    /// The s/t chain from `v`, whose meeting in s it starts with; false when it is longer
    /// than `maxLength`, reaches `avoid`, or holds a meeting that cannot change slot.
    private func slotChain(from v: Int, _ s: Int, _ t: Int, avoiding avoid: Int, maxLength: Int, into chain: inout [Int]) -> Bool {
        chain.removeAll(keepingCapacity: true)
        var at = v, slot = s
        while true {
            let m = Int(busy[at * S + slot])
            if m < 0 { return true }
            guard !isFixed[m], chain.count < maxLength else { return false }
            let other = slot == s ? t : s
            let edge = problem.edges[m]
            let next = edge.a == at ? edge.b : edge.a
            guard next != avoid, problem.available(at, other), problem.available(next, other) else { return false }
            chain.append(m)
            at = next
            slot = other
        }
    }
}
