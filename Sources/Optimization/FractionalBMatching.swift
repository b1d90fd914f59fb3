/// The fractional b-matching with concave degree bonuses, solved exactly: which pairs to
/// choose, by how much, when each participant has a capacity and all pairs together a total.
/// The event planner's slot-free relaxation (its meetings without the slots); usable by any
/// optimiser that chooses pairs under per-participant limits (round tables, consortia).
///
/// Keeps each participant at most `capacity[p]` meetings, at most `total` meetings in all,
/// each pair at most once and the concave per-participant bonus; drops the slots. That
/// is the fractional b-matching LP, solved as a min-cost circulation on the bipartite
/// double cover: every participant p is a left node Lₚ and a right node Rₚ, every pair
/// {a, b} the two arcs La→Rb and Lb→Ra of capacity 1 and gain v/2, the bonus steps sit on
/// the arcs source→Lₚ and Rₚ→sink (gain m_k/2 for the k-th unit, concave), and the arc
/// sink→source carries at most 2·total units. A flow f gives the half-integral
/// b-matching x_e = (f(La→Rb) + f(Lb→Ra)) / 2 of the same value, and every fractional
/// b-matching gives a flow at least as good, so the flow optimum is the LP optimum.
///
/// Solved by successive shortest paths on a pseudoflow: node prices (from Lagrangian prices
/// when given, such as the event planner's `UpperBound`, which leaves little to repair) fix every arc's flow
/// by the sign of its reduced cost, then Dijkstra on reduced costs moves each unit of
/// excess to a node in deficit, one unit per path, until the flow is balanced.
///
/// Complexity: O(X · (E + P) log P) for X units of excess to repair: 2·min(total, Σ
/// capacity) at most, far fewer from good prices; capped by a work budget of `sweeps`
/// passes over the graph.
package struct FractionalBMatching: Sendable {
    /// A pair that may be chosen: participants `a` ≠ `b`, and the gain of choosing it whole.
    package struct Pair: Sendable, Hashable {
        package var a: Int
        package var b: Int
        package var value: Double

        package init(a: Int, b: Int, value: Double) {
            self.a = a
            self.b = b
            self.value = value
        }
    }

    /// x_e of each pair: 0, 0.5 or 1. The LP optimum, unless the work budget ran out
    /// (`complete` false: then x may break a limit, and the caller must check).
    package private(set) var x: [Double]
    /// The relaxation's value at x: Σ value·x + the bonus of the fractional degrees.
    package private(set) var value: Double
    /// False when the work budget ran out before the flow was optimal.
    package private(set) var complete: Bool
    /// An upper bound on the relaxation (hence on every schedule), from the final node
    /// prices by weak duality: valid whatever rounding did to the flow; equal to `value`
    /// up to rounding at the optimum.
    package private(set) var bound: Double

    /// - Parameters:
    ///   - participants: number of participants.
    ///   - capacity: most meetings of each participant.
    ///   - bonus: gain of the k-th meeting (k from 1) of a participant; non-increasing in k.
    ///   - pairs: the pairs that may meet, with their value.
    ///   - total: most meetings in all (the tables).
    ///   - prices: Lagrangian prices μ of the participants and z of a table (as the
    ///     event planner's `UpperBound` computes them) to start from; any values are correct, good ones are fast.
    ///   - sweeps: the work budget, in passes over the graph's arcs.
    ///
    /// - Complexity: O(X · (E + P) log P) for X units of excess to repair (see the type).
    package init(participants P: Int, capacity: [Int], bonus: (Int, Int) -> Double, pairs: [Pair], total: Int,
                 prices: (participants: [Double], table: Double)? = nil, sweeps: Int = 1000) {
        var flow = DoubleCoverFlow(participants: P, capacity: capacity, bonus: bonus, pairs: pairs,
                                   total: min(total, capacity.reduce(0, +)), prices: prices)
        // A work budget (counted, never timed, so the result stays deterministic): about a
        // thousand sweeps of the graph. From the Lagrangian prices the flow needs under 200
        // (1000 x 16 x 300: 110-270 paths, 40-190 sweeps); if ever exhausted, the flow is
        // left unbalanced, the selection below still keeps every limit, and the bound
        // stays valid.
        let budget = sweeps * (2 * pairs.count + 2 * P + 2)
        var complete = false
        while flow.relaxations < budget {
            if !flow.augment() { complete = true; break }
        }
        self.complete = complete
        let E = pairs.count
        var x = [Double](repeating: 0, count: E)
        var degree = [Double](repeating: 0, count: P)
        var value = 0.0
        for e in 0..<E {
            x[e] = (flow.flow[2 * e] ? 0.5 : 0) + (flow.flow[2 * e + 1] ? 0.5 : 0)
            value += x[e] * pairs[e].value
            degree[pairs[e].a] += x[e]
            degree[pairs[e].b] += x[e]
        }
        for p in 0..<P {
            let whole = Int(degree[p])
            for k in stride(from: 1, through: whole, by: 1) { value += bonus(p, k) }
            value += (degree[p] - Double(whole)) * bonus(p, whole + 1)
        }
        self.x = x
        self.value = value
        bound = flow.dualBound()
    }
}
