import MatchCore
/// The search: choose meetings slot-free, place them most-constrained first, repair
/// failures with short ejection chains and slot swaps, then improve by local search.
///
/// Works on `PlanningProblem` indices. Deterministic: ties break by index, and the
/// seeded generator only orders the later local-search passes.
struct Scheduler {
    let problem: PlanningProblem
    let S: Int
    /// busy[p * S + s]: the edge p meets in slot s, or -1.
    var busy: [Int32]
    /// slotOf[e]: the slot edge e is placed in, or -1.
    var slotOf: [Int32]
    var isFixed: [Bool]
    /// Fixed because a re-plan kept it from the previous plan (not locked).
    var isKept: [Bool]
    /// Kept meetings a request displaced (the edge → the request that took their place).
    var displacedBy: [Int: Int] = [:]
    var used: [Int]
    var degree: [Int]
    /// Edges placed in each slot, and each edge's position there.
    var inSlot: [[Int32]]
    var position: [Int32]
    /// Objective: values of placed meetings plus the fairness bonus.
    var objective: Double = 0
    /// Changes since the search started, to roll a failed move back.
    private var log: [(edge: Int32, slot: Int32, placed: Bool)] = []
    var rng: SplitMix64
    /// Fixed meetings that conflict with each other or with availability: not placed.
    var rejectedFixed: [(fixed: PlanningProblem.Fixed, reason: String)] = []
    /// Edges of each participant.
    let incident: [[Int32]]
    /// Edges that must never be placed (a declined pair that was also locked).
    var blocked: [Bool]

    init(problem: PlanningProblem) {
        self.problem = problem
        S = problem.S
        busy = [Int32](repeating: -1, count: problem.P * problem.S)
        slotOf = [Int32](repeating: -1, count: problem.edges.count)
        isFixed = [Bool](repeating: false, count: problem.edges.count)
        isKept = [Bool](repeating: false, count: problem.edges.count)
        used = [Int](repeating: 0, count: problem.S)
        degree = [Int](repeating: 0, count: problem.P)
        inSlot = [[Int32]](repeating: [], count: problem.S)
        position = [Int32](repeating: -1, count: problem.edges.count)
        rng = SplitMix64(plannerSeed: problem.seed)
        var incident = [[Int32]](repeating: [], count: problem.P)
        for (e, edge) in problem.edges.enumerated() {
            incident[edge.a].append(Int32(e))
            incident[edge.b].append(Int32(e))
        }
        self.incident = incident
        blocked = problem.edges.map { problem.declined.contains(problem.pairKey($0.a, $0.b)) }
    }

    // MARK: Moves

    mutating func place(_ e: Int, _ s: Int) {
        let edge = problem.edges[e]
        busy[edge.a * S + s] = Int32(e)
        busy[edge.b * S + s] = Int32(e)
        slotOf[e] = Int32(s)
        used[s] += 1
        degree[edge.a] += 1
        degree[edge.b] += 1
        objective += edge.value + problem.marginal(edge.a, degree[edge.a]) + problem.marginal(edge.b, degree[edge.b])
        position[e] = Int32(inSlot[s].count)
        inSlot[s].append(Int32(e))
        log.append((Int32(e), Int32(s), true))
    }

    mutating func unplace(_ e: Int) {
        let edge = problem.edges[e]
        let s = Int(slotOf[e])
        objective -= edge.value + problem.marginal(edge.a, degree[edge.a]) + problem.marginal(edge.b, degree[edge.b])
        busy[edge.a * S + s] = -1
        busy[edge.b * S + s] = -1
        slotOf[e] = -1
        used[s] -= 1
        degree[edge.a] -= 1
        degree[edge.b] -= 1
        let i = Int(position[e])
        let last = inSlot[s].removeLast()
        if Int(last) != e {
            inSlot[s][i] = last
            position[Int(last)] = Int32(i)
        }
        position[e] = -1
        log.append((Int32(e), Int32(s), false))
    }

    var mark: Int { log.count }

    mutating func rollback(_ to: Int) {
        while log.count > to {
            let entry = log.removeLast()
            if entry.placed { unplace(Int(entry.edge)) } else { place(Int(entry.edge), Int(entry.slot)) }
            log.removeLast()
        }
    }

    mutating func commit() { log.removeAll(keepingCapacity: true) }

    func fits(_ e: Int, _ s: Int) -> Bool {
        let edge = problem.edges[e]
        return !blocked[e] && problem.available(edge.a, s) && problem.available(edge.b, s)
            && busy[edge.a * S + s] < 0 && busy[edge.b * S + s] < 0 && used[s] < problem.capacity[s]
    }

    func underLimit(_ e: Int) -> Bool {
        let edge = problem.edges[e]
        return degree[edge.a] < problem.limit[edge.a] && degree[edge.b] < problem.limit[edge.b]
    }

    /// Places a meeting directly, or by moving up to `depth` levels of meetings in the way
    /// (an ejection chain). Leaves the state unchanged when it fails.
    mutating func tryPlace(_ e: Int, depth: Int, avoid: Int = -1, randomSlot: Bool = false) -> Bool {
        let edge = problem.edges[e]
        guard !blocked[e] else { return false }
        var best = -1
        var bestLoad = UInt64.max
        for s in 0..<S where s != avoid && fits(e, s) {
            // Fill the fullest slot that still has room: keeps room elsewhere for
            // meetings with fewer options. Or any slot, when exploring.
            let load = randomSlot ? rng.next() : UInt64(problem.capacity[s] - used[s])
            if load < bestLoad { best = s; bestLoad = load }
        }
        if best >= 0 { place(e, best); return true }
        guard depth > 0 else { return false }
        for s in 0..<S where s != avoid && problem.available(edge.a, s) && problem.available(edge.b, s) {
            let x = Int(busy[edge.a * S + s]), y = Int(busy[edge.b * S + s])
            if (x >= 0 && isFixed[x]) || (y >= 0 && isFixed[y]) { continue }
            let start = mark
            var removed: [Int] = []
            if x >= 0 { unplace(x); removed.append(x) }
            if y >= 0 && y != x { unplace(y); removed.append(y) }
            var victims: [Int] = [-1]
            if used[s] >= problem.capacity[s] {
                victims = depth >= 2 ? cheapest(in: s, count: 2) : []
            }
            for v in victims {
                let inner = mark
                if v >= 0 { unplace(v) }
                place(e, s)
                var ok = true
                for r in removed + (v >= 0 ? [v] : []) where !tryPlace(r, depth: depth - 1, avoid: s) {
                    ok = false
                    break
                }
                if ok { return true }
                rollback(inner)
            }
            rollback(start)
        }
        return false
    }

    /// The `count` movable meetings of lowest value in slot `s`.
    func cheapest(in s: Int, count: Int) -> [Int] {
        var first = (Double.infinity, -1), second = (Double.infinity, -1)
        for e32 in inSlot[s] {
            let e = Int(e32)
            if isFixed[e] { continue }
            let v = (problem.edges[e].value, e)
            if v < first { second = first; first = v } else if count > 1 && v < second { second = v }
        }
        var out: [Int] = []
        if first.1 >= 0 { out.append(first.1) }
        if count > 1 && second.1 >= 0 { out.append(second.1) }
        return out
    }

    /// The meeting to drop first among `meetings`, of those `movable` allows: unfixed
    /// before fixed (kept meetings a request may displace), then the lowest value, then
    /// the lowest index. Nil when none may move.
    func cheapestMovable(_ meetings: some Sequence<Int>, _ movable: (Int) -> Bool) -> Int? {
        var worst: Int?
        for x in meetings where movable(x) {
            if let w = worst, (isFixed[w] ? 1 : 0, problem.edges[w].value, w) <= (isFixed[x] ? 1 : 0, problem.edges[x].value, x) { continue }
            worst = x
        }
        return worst
    }

    /// The meetings participant `p` has, slot by slot.
    func meetings(of p: Int) -> some Sequence<Int> {
        (0..<S).lazy.map { Int(self.busy[p * self.S + $0]) }.filter { $0 >= 0 }
    }

    // MARK: Phases

    /// Places the fixed meetings; conflicting ones are rejected with a reason.
    mutating func placeFixed() {
        for f in problem.fixed {
            let edge = problem.edges[f.edge]
            let a = problem.ids[edge.a], b = problem.ids[edge.b], slot = problem.slotIDs[f.slot]
            if slotOf[f.edge] >= 0 { rejectedFixed.append((f, "the pair \(a)–\(b) is locked twice")); continue }
            if problem.declined.contains(problem.pairKey(edge.a, edge.b)) { rejectedFixed.append((f, "the meeting request was declined")); continue }
            if !problem.available(edge.a, f.slot) { rejectedFixed.append((f, "\(a) is not available in slot \(slot)")); continue }
            if !problem.available(edge.b, f.slot) { rejectedFixed.append((f, "\(b) is not available in slot \(slot)")); continue }
            if busy[edge.a * S + f.slot] >= 0 { rejectedFixed.append((f, "\(a) already has a locked meeting in slot \(slot)")); continue }
            if busy[edge.b * S + f.slot] >= 0 { rejectedFixed.append((f, "\(b) already has a locked meeting in slot \(slot)")); continue }
            if degree[edge.a] >= problem.limit[edge.a] { rejectedFixed.append((f, "max meetings reached for \(a)")); continue }
            if degree[edge.b] >= problem.limit[edge.b] { rejectedFixed.append((f, "max meetings reached for \(b)")); continue }
            if used[f.slot] >= problem.capacity[f.slot] { rejectedFixed.append((f, "table capacity: slot \(slot) is full")); continue }
            place(f.edge, f.slot)
            isFixed[f.edge] = true
            isKept[f.edge] = f.kept
        }
        commit()
    }

    /// Re-plans only, before the selection: an accepted (then pending) request that the
    /// fixed meetings keep out of every slot may take the place of kept meetings of a
    /// lower tier (suggested; pending too for an accepted request), never of locked ones.
    /// A displaced meeting moves to another slot when one fits, else it is cancelled.
    mutating func placeRequestsOverKept() {
        guard isKept.contains(true) else { return }
        let requests = problem.edges.indices.filter {
            let o = problem.edges[$0].origin
            return slotOf[$0] < 0 && !blocked[$0] && (o == .accepted || o == .pending) && hasCommonSlot($0)
        }.sorted { (problem.edges[$0].origin.rank, -problem.edges[$0].value, $0) < (problem.edges[$1].origin.rank, -problem.edges[$1].value, $1) }
        for e in requests where slotOf[e] < 0 {
            // Left to the ordinary search when a slot is free for it now.
            if underLimit(e) && (0..<S).contains(where: { fits(e, $0) }) { continue }
            _ = displaceKept(e)
            commit()
        }
    }

    /// Places `e` in the slot where displacing kept meetings gains most; false (state
    /// unchanged) when no slot gains.
    private mutating func displaceKept(_ e: Int) -> Bool {
        let edge = problem.edges[e]
        let before = objective
        var bestSlot = -1
        var bestKey = before + 1e-9
        for s in 0..<S where problem.available(edge.a, s) && problem.available(edge.b, s) {
            let start = mark
            var unfixed: [Int] = []
            if clearForRequest(e, s, unfixed: &unfixed) {
                // Fewer kept meetings touched first, at equal gain.
                let key = objective - 1e-3 * Double(unfixed.count)
                if key > bestKey { bestKey = key; bestSlot = s }
            }
            rollback(start)
            for x in unfixed { isFixed[x] = true }
        }
        guard bestSlot >= 0 else { return false }
        var unfixed: [Int] = []
        _ = clearForRequest(e, bestSlot, unfixed: &unfixed)
        for x in unfixed { displacedBy[x] = e }
        return true
    }

    /// Removes what keeps request `e` out of slot `s` (kept meetings of a lower tier
    /// become movable), places `e` there and re-places the removed meetings elsewhere
    /// when they fit. False when a locked or same-tier meeting is in the way.
    private mutating func clearForRequest(_ e: Int, _ s: Int, unfixed: inout [Int]) -> Bool {
        let edge = problem.edges[e]
        func movable(_ x: Int) -> Bool { !isFixed[x] || (isKept[x] && problem.edges[x].origin.rank > edge.origin.rank) }
        func free(_ x: Int) {
            if isFixed[x] { isFixed[x] = false; unfixed.append(x) }
            unplace(x)
        }
        var removed: [Int] = []
        for p in [edge.a, edge.b] {
            let x = Int(busy[p * S + s])
            if x >= 0 {
                guard movable(x) else { return false }
                free(x)
                removed.append(x)
            }
        }
        for p in [edge.a, edge.b] where degree[p] >= problem.limit[p] {
            // Drop their cheapest movable meeting, one the search placed before a kept one.
            guard let worst = cheapestMovable(meetings(of: p), movable) else { return false }
            free(worst)
        }
        if used[s] >= problem.capacity[s] {
            guard let worst = cheapestMovable(inSlot[s].lazy.map { Int($0) }, movable) else { return false }
            free(worst)
            removed.append(worst)
        }
        place(e, s)
        for r in removed where underLimit(r) { _ = tryPlace(r, depth: 1, avoid: s) }
        return true
    }

    func hasCommonSlot(_ e: Int) -> Bool {
        let edge = problem.edges[e]
        for s in 0..<S where problem.available(edge.a, s) && problem.available(edge.b, s) { return true }
        return false
    }

    func commonSlots(_ e: Int) -> Int {
        let edge = problem.edges[e]
        var n = 0
        for s in 0..<S where problem.available(edge.a, s) && problem.available(edge.b, s)
            && (busy[edge.a * S + s] < 0 || !isFixed[Int(busy[edge.a * S + s])])
            && (busy[edge.b * S + s] < 0 || !isFixed[Int(busy[edge.b * S + s])]) { n += 1 }
        return n
    }

    /// Phase 2: places the chosen meetings, requests first, then those with the fewest
    /// common slots and the busiest participants; failures get an ejection chain, then a
    /// slot swap along a Kempe chain (`placeBySlotSwap`).
    mutating func placeChosen(_ chosen: [Int]) {
        var deg = [Int](repeating: 0, count: problem.P)
        for e in chosen { deg[problem.edges[e].a] += 1; deg[problem.edges[e].b] += 1 }
        let keyed = chosen.map { e -> (Int, Int, Int, Double, Int) in
            let edge = problem.edges[e]
            return (edge.origin.rank, commonSlots(e), -(deg[edge.a] + deg[edge.b]), -edge.value, e)
        }.sorted { ($0.0, $0.1, $0.2, $0.3, $0.4) < ($1.0, $1.1, $1.2, $1.3, $1.4) }
        for k in keyed where underLimit(k.4) {
            if !tryPlace(k.4, depth: 2) { _ = placeBySlotSwap(k.4) }
            commit()
        }
    }

    /// Phase 3: tries every meeting not in the plan, best first: insert it (with an
    /// ejection chain), or exchange it for cheaper meetings in the way when that raises
    /// the objective. Later passes go in a seeded random order.
    mutating func improve(passes: Int = 3, limit: Int = .max) {
        var order = problem.edges.indices.filter { slotOf[$0] < 0 && hasCommonSlot($0) }
        order.sort { (problem.edges[$0].value, -$0) > (problem.edges[$1].value, -$1) }
        if order.count > limit { order.removeLast(order.count - limit) }
        for pass in 0..<passes {
            if pass > 0 { rng.shuffle(&order) }
            var improved = false
            for e in order where slotOf[e] < 0 {
                let before = objective
                let start = mark
                if underLimit(e) && (tryPlace(e, depth: 2) || placeBySlotSwap(e)) && objective > before + 1e-9 { commit(); improved = true; continue }
                rollback(start)
                if augment(e) { commit(); improved = true; continue }
                rollback(start)
                if exchange(e) { improved = true }
                commit()
            }
            if !improved { break }
            order.removeAll { slotOf[$0] >= 0 }
        }
    }

    /// An alternating chain of the b-matching: `e` = (a, b) where one side p is at its
    /// limit and the other not; drops a meeting (p, c) of p, places `e`, then gives c its
    /// best other meeting (c, d). Where tables do not bind, which meetings happen matters
    /// more than their slots, and a single exchange often loses before c is refilled.
    /// False when nothing gains (state possibly changed; roll back).
    mutating func augment(_ e: Int) -> Bool {
        let edge = problem.edges[e]
        guard !blocked[e] else { return false }
        let fullA = degree[edge.a] >= problem.limit[edge.a], fullB = degree[edge.b] >= problem.limit[edge.b]
        guard fullA != fullB else { return false }
        let p = fullA ? edge.a : edge.b
        let before = objective
        var best = (gain: 1e-9, drop: -1, refill: -1)
        for t in 0..<S {
            let x = Int(busy[p * S + t])
            guard x >= 0 && !isFixed[x] && problem.edges[x].value < edge.value + 1 else { continue }
            let c = problem.edges[x].a == p ? problem.edges[x].b : problem.edges[x].a
            let start = mark
            unplace(x)
            if tryPlace(e, depth: 1) || placeBySlotSwap(e) {
                // c's best other meeting, among its pairs not in the plan.
                let base = objective
                var refill = -1, refillGain = 0.0
                for y32 in incident[c] {
                    let y = Int(y32)
                    guard y != x && slotOf[y] < 0 && underLimit(y) else { continue }
                    let inner = mark
                    if tryPlace(y, depth: 0), objective - base > refillGain { refillGain = objective - base; refill = y }
                    rollback(inner)
                }
                let gain = base + refillGain - before
                if gain > best.gain { best = (gain, x, refill) }
            }
            rollback(start)
        }
        guard best.drop >= 0 else { return false }
        unplace(best.drop)
        guard tryPlace(e, depth: 1) || placeBySlotSwap(e) else { return false }
        if best.refill >= 0 { _ = tryPlace(best.refill, depth: 0) }
        return objective > before + 1e-9
    }

    /// Phase 4: ruin and recreate. Takes out the meetings of a random participant and a
    /// partner (or a few in a random slot), refills greedily from their pairs, and keeps
    /// the result only when the objective grew. Seeded, so deterministic.
    mutating func perturb(rounds: Int) {
        let placedList = { (x: Scheduler) -> [Int] in x.problem.edges.indices.filter { x.slotOf[$0] >= 0 && !x.isFixed[$0] } }
        guard !placedList(self).isEmpty else { return }
        var affected: [Int] = []
        var pool: [Int] = []
        for round in 0..<rounds {
            let start = mark
            let before = objective
            affected.removeAll(keepingCapacity: true)
            if round % 2 == 0 {
                let p = Int(rng.next() % UInt64(problem.P))
                guard !incident[p].isEmpty else { continue }
                // p and one to three of its possible partners, met or not.
                var group = [p]
                for _ in 0..<(1 + Int(rng.next() % 3)) {
                    let e = Int(incident[p][Int(rng.next() % UInt64(incident[p].count))])
                    let q = problem.edges[e].a == p ? problem.edges[e].b : problem.edges[e].a
                    if !group.contains(q) { group.append(q) }
                }
                for r in group {
                    affected.append(r)
                    for e32 in incident[r] where slotOf[Int(e32)] >= 0 && !isFixed[Int(e32)] { unplace(Int(e32)) }
                }
            } else {
                let s = Int(rng.next() % UInt64(S))
                for _ in 0..<3 where !inSlot[s].isEmpty {
                    let e = Int(inSlot[s][Int(rng.next() % UInt64(inSlot[s].count))])
                    if isFixed[e] { continue }
                    affected.append(problem.edges[e].a)
                    affected.append(problem.edges[e].b)
                    unplace(e)
                }
            }
            pool.removeAll(keepingCapacity: true)
            for p in affected { for e in incident[p] where slotOf[Int(e)] < 0 { pool.append(Int(e)) } }
            pool.sort()
            var unique: [Int] = []
            for e in pool where unique.last != e { unique.append(e) }
            // Greedy refill by marginal gain, with a little seeded noise to explore.
            let keyed = unique.map { e -> (Double, Int) in
                let edge = problem.edges[e]
                let noise = Double(rng.next() % 1000) / 1000 * 0.05
                return (edge.value + problem.marginal(edge.a, degree[edge.a] + 1) + problem.marginal(edge.b, degree[edge.b] + 1) + noise, e)
            }.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
            for (_, e) in keyed where slotOf[e] < 0 && underLimit(e) { _ = tryPlace(e, depth: 1, randomSlot: round % 4 < 2) }
            if objective > before + 1e-9 { commit() } else { rollback(start) }
        }
        commit()
    }

    /// Puts `e` in the slot where dropping what is in the way (its partners' meetings
    /// there, the cheapest meeting when the tables are full, their cheapest meeting when
    /// at their limit) gains most; the dropped meetings are re-placed when they can be.
    mutating func exchange(_ e: Int) -> Bool {
        let edge = problem.edges[e]
        guard !blocked[e] else { return false }
        let before = objective
        var bestSlot = -1
        var bestObjective = before + 1e-9
        for s in 0..<S where problem.available(edge.a, s) && problem.available(edge.b, s) {
            let start = mark
            if makeRoom(e, s) {
                place(e, s)
                if objective > bestObjective { bestObjective = objective; bestSlot = s }
            }
            rollback(start)
        }
        guard bestSlot >= 0 else { return false }
        _ = makeRoom(e, bestSlot)
        place(e, bestSlot)
        return true
    }

    /// Removes what keeps `e` out of slot `s`, re-placing removed meetings elsewhere when
    /// possible. False (state possibly changed; roll back) when a fixed meeting is in the way.
    private mutating func makeRoom(_ e: Int, _ s: Int) -> Bool {
        let edge = problem.edges[e]
        var removed: [Int] = []
        for p in [edge.a, edge.b] {
            let x = Int(busy[p * S + s])
            if x >= 0 {
                if isFixed[x] { return false }
                unplace(x)
                removed.append(x)
            }
        }
        for p in [edge.a, edge.b] where degree[p] >= problem.limit[p] {
            // Drop their cheapest movable meeting.
            guard let worst = cheapestMovable(meetings(of: p), { !isFixed[$0] }) else { return false }
            unplace(worst)
        }
        if used[s] >= problem.capacity[s] {
            guard let v = cheapest(in: s, count: 1).first else { return false }
            unplace(v)
            removed.append(v)
        }
        place(e, s)
        for r in removed where underLimit(r) { _ = tryPlace(r, depth: 1, avoid: s) }
        unplace(e)
        return true
    }
}

extension SplitMix64 {
    /// The planner's generator for a seed (offset, so that plans keep the sequence they had).
    init(plannerSeed seed: UInt64) { self.init(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }

    /// Fisher–Yates with this generator: the same order for the same seed everywhere.
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }
}
