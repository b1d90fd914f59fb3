/// The planner's own upper bound: no schedule of the event can score higher.
///
/// Relaxes the slots away and keeps: each participant at most its limit of meetings, at
/// most the total table capacity, each pair at most once, the concave fairness bonus.
/// The bound is the Lagrangian dual of that b-matching LP (which equals the bipartite
/// double-cover relaxation):
///
///   UB(μ, z) = C·z + Σ_p Σ_k max(0, m_k + μ_p) + Σ_e max(0, v_e − μ_a − μ_b − z)
///
/// valid for every μ and z ≥ 0 by weak duality. Exact coordinate descent (each μ_p has a
/// closed-form minimiser: the deg(p)-th smallest breakpoint) drives it down; the best
/// value seen is returned, so the bound is always valid even when descent stalls.
///
/// Complexity: O(rounds · E log E).
enum UpperBound {
    /// The bound, and the Lagrangian prices where it was reached: μ of each participant
    /// and z of a table (a good start for `SlotFreeRelaxation`).
    struct Result {
        var value: Double
        var prices: [Double]
        var tablePrice: Double
    }

    static func compute(_ x: Scheduler, rounds: Int = 60) -> Result {
        let pr = x.problem
        let P = pr.P
        // Fixed meetings are constant; everything else is relaxed.
        var constant = 0.0
        var fixedCount = [Int](repeating: 0, count: P)
        var fixedTotal = 0
        for e in pr.edges.indices where x.isFixed[e] {
            constant += pr.edges[e].value
            fixedCount[pr.edges[e].a] += 1
            fixedCount[pr.edges[e].b] += 1
            fixedTotal += 1
        }
        for p in 0..<P { for k in stride(from: 1, through: fixedCount[p], by: 1) { constant += pr.marginal(p, k) } }
        // Free slots per participant, after the fixed meetings.
        var cap = [Int](repeating: 0, count: P)
        for p in 0..<P {
            var free = 0
            for s in 0..<pr.S where pr.available(p, s) && x.busy[p * pr.S + s] < 0 { free += 1 }
            cap[p] = max(0, min(pr.limit[p] - fixedCount[p], free))
        }
        let C = max(0, pr.capacity.reduce(0, +) - fixedTotal)
        // Edges that can still happen: a common slot free of fixed meetings.
        var E: [(a: Int, b: Int, v: Double)] = []
        for (e, edge) in pr.edges.enumerated() where !x.isFixed[e] && cap[edge.a] > 0 && cap[edge.b] > 0 {
            var common = false
            for s in 0..<pr.S where pr.available(edge.a, s) && pr.available(edge.b, s)
                && x.busy[edge.a * pr.S + s] < 0 && x.busy[edge.b * pr.S + s] < 0 { common = true; break }
            if common { E.append((edge.a, edge.b, edge.value)) }
        }
        var incident = [[Int]](repeating: [], count: P)
        for (i, e) in E.enumerated() { incident[e.a].append(i); incident[e.b].append(i) }
        // Bonus steps of each participant after its fixed meetings.
        func bonus(_ p: Int, _ k: Int) -> Double { pr.marginal(p, fixedCount[p] + k) }

        var mu = [Double](repeating: 0, count: P)
        var z = 0.0
        func value() -> Double {
            var ub = Double(C) * z
            for p in 0..<P { for k in stride(from: 1, through: cap[p], by: 1) { ub += max(0, bonus(p, k) + mu[p]) } }
            for e in E { ub += max(0, e.v - mu[e.a] - mu[e.b] - z) }
            return ub
        }
        var best = value()
        var bestMu = mu, bestZ = z
        var points: [Double] = []
        for _ in 0..<rounds {
            for p in 0..<P {
                let deg = incident[p].count
                if deg == 0 { mu[p] = -bonus(p, 1) - 1; continue }
                points.removeAll(keepingCapacity: true)
                for k in stride(from: 1, through: cap[p], by: 1) { points.append(-bonus(p, k)) }
                for i in incident[p] {
                    let e = E[i]
                    points.append(e.v - mu[e.a == p ? e.b : e.a] - z)
                }
                points.sort()
                mu[p] = points[deg - 1]
            }
            if E.count > C {
                var residual = E.map { $0.v - mu[$0.a] - mu[$0.b] }
                residual.sort(by: >)
                z = max(0, residual[C])
            } else { z = 0 }
            let v = value()
            let improved = v < best - 1e-9 * max(1, abs(best))
            if v < best { best = v; bestMu = mu; bestZ = z }
            if !improved { break }
        }
        return Result(value: constant + best, prices: bestMu, tablePrice: bestZ)
    }
}
