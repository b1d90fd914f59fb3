import Testing
@testable import Optimization

/// A small deterministic generator, so that these tests need nothing but the module.
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// A random instance: participants, capacities, pairs and a non-increasing bonus per
/// participant (negative steps included: then a unit of flow costs, and may stay unused).
struct FlowInstance {
    var P: Int
    var capacity: [Int]
    var pairs: [FractionalBMatching.Pair]
    var total: Int
    /// bonusSteps[p][k-1]: the gain of p's k-th unit, for k up to capacity + 1.
    var bonusSteps: [[Double]]

    func bonus(_ p: Int, _ k: Int) -> Double { bonusSteps[p][k - 1] }

    init(seed: UInt64, maxPairs: Int, negativeBonus: Bool) {
        var rng = TestRandom(state: seed &* 7919)
        P = 3 + rng.below(4)
        var seen = Set<Int>()
        var pairs: [FractionalBMatching.Pair] = []
        for _ in 0..<(4 * maxPairs) where pairs.count < maxPairs {
            let a = rng.below(P), b = rng.below(P)
            guard a != b, seen.insert(min(a, b) * P + max(a, b)).inserted else { continue }
            pairs.append(.init(a: a, b: b, value: Double(rng.below(1000)) / 100))
        }
        self.pairs = pairs
        let capacity = (0..<P).map { _ in rng.below(4) }
        self.capacity = capacity
        total = rng.below(2) == 0 ? 1 + rng.below(4) : 1000
        bonusSteps = capacity.map { c in
            var level = Double(rng.below(300)) / 100 - (negativeBonus ? 2 : 0)
            // One step past the capacity: callers may ask for it (times a zero fraction).
            return (0...c).map { _ in
                defer { level -= Double(rng.below(150)) / 100 }
                return level
            }
        }
    }

    /// The best gain over every integer circulation of the double cover, by enumeration:
    /// each pair arc La→Rb and Lb→Ra is used or not (4^E choices); conservation then fixes
    /// the source, sink and closing arcs (p's source arc carries L(p)'s out-degree, its
    /// sink arc R(p)'s in-degree, the closing arc every unit), and concavity says which
    /// bonus steps they carry (the first ones).
    func exhaustiveBest() -> Double {
        let E = pairs.count
        var best = -Double.infinity
        for mask in 0..<(1 << (2 * E)) {
            var out = [Int](repeating: 0, count: P), into = [Int](repeating: 0, count: P)
            var gain = 0.0, units = 0
            for arc in 0..<(2 * E) where mask & (1 << arc) != 0 {
                let pair = pairs[arc / 2]
                let (from, to) = arc % 2 == 0 ? (pair.a, pair.b) : (pair.b, pair.a)
                out[from] += 1
                into[to] += 1
                gain += pair.value / 2
                units += 1
            }
            guard units <= 2 * min(total, capacity.reduce(0, +)) else { continue }
            guard (0..<P).allSatisfy({ out[$0] <= capacity[$0] && into[$0] <= capacity[$0] }) else { continue }
            for p in 0..<P {
                for k in stride(from: 1, through: out[p], by: 1) { gain += bonus(p, k) / 2 }
                for k in stride(from: 1, through: into[p], by: 1) { gain += bonus(p, k) / 2 }
            }
            best = max(best, gain)
        }
        return best
    }

    func solvedFlow(prices: (participants: [Double], table: Double)? = nil) -> DoubleCoverFlow {
        var flow = DoubleCoverFlow(participants: P, capacity: capacity, bonus: bonus, pairs: pairs,
                                   total: min(total, capacity.reduce(0, +)), prices: prices)
        while flow.augment() {}
        return flow
    }
}

extension DoubleCoverFlow {
    /// The circulation's gain (minus its cost), read from the arcs it uses.
    var gain: Double {
        var g = 0.0
        for arc in cost.indices where flow[arc] { g -= cost[arc] }
        for p in 0..<P {
            for k in 0..<left[p] { g -= step(p, k) }
            for k in 0..<right[p] { g -= step(p, k) }
        }
        return g
    }
}

/// The min-cost circulation on the bipartite double cover, against exhaustive enumeration
/// of every integer circulation on small random graphs.
@Suite("min-cost flow on the double cover")
struct DoubleCoverFlowTests {
    @Test(arguments: Array(UInt64(1)...40))
    func reachesTheExhaustiveOptimum(seed: UInt64) {
        let instance = FlowInstance(seed: seed, maxPairs: 7, negativeBonus: seed % 3 == 0)
        let flow = instance.solvedFlow()
        let best = instance.exhaustiveBest()
        #expect(abs(flow.gain - best) < 1e-9, "flow \(flow.gain), exhaustive optimum \(best)")
    }

    @Test(arguments: Array(UInt64(1)...40))
    func isABalancedCirculationWithinEveryCapacity(seed: UInt64) {
        let instance = FlowInstance(seed: seed, maxPairs: 7, negativeBonus: seed % 2 == 0)
        let flow = instance.solvedFlow()
        #expect(flow.excess.allSatisfy { $0 == 0 })
        var out = [Int](repeating: 0, count: instance.P), into = [Int](repeating: 0, count: instance.P)
        for arc in flow.flow.indices where flow.flow[arc] {
            out[Int(flow.tail[arc])] += 1
            into[Int(flow.head[arc])] += 1
        }
        #expect(out == flow.left, "source arcs carry what leaves each L(p)")
        #expect(into == flow.right, "sink arcs carry what enters each R(p)")
        #expect(flow.left.reduce(0, +) == flow.closing && flow.right.reduce(0, +) == flow.closing)
        #expect(flow.closing <= flow.closingCapacity)
        #expect((0..<instance.P).allSatisfy { flow.left[$0] <= instance.capacity[$0] && flow.right[$0] <= instance.capacity[$0] })
    }

    /// Weak duality at the final prices meets the optimum, from any starting prices.
    @Test(arguments: Array(UInt64(1)...30))
    func theDualBoundMeetsTheOptimumFromAnyPrices(seed: UInt64) {
        let instance = FlowInstance(seed: seed, maxPairs: 6, negativeBonus: false)
        var rng = TestRandom(state: seed)
        let prices = (0..<instance.P).map { _ in Double(rng.below(2000)) / 100 - 10 }
        let best = instance.exhaustiveBest()
        for flow in [instance.solvedFlow(), instance.solvedFlow(prices: (prices, Double(rng.below(500)) / 100))] {
            #expect(abs(flow.gain - best) < 1e-9, "flow \(flow.gain), exhaustive optimum \(best)")
            #expect(flow.dualBound() >= best - 1e-9)
            #expect(flow.dualBound() <= best + 1e-6)
        }
    }
}

/// The b-matching read off the flow: half-integral, within every limit, and as good as the
/// best half-integral choice found by enumeration when the total does not bind.
@Suite("fractional b-matching")
struct FractionalBMatchingTests {
    /// The LP objective at x (nil when x breaks a limit): values plus each participant's
    /// bonus, interpolated linearly at a fractional degree.
    func objective(_ instance: FlowInstance, _ x: [Double]) -> Double? {
        var degree = [Double](repeating: 0, count: instance.P)
        var v = 0.0
        for (e, pair) in instance.pairs.enumerated() {
            v += x[e] * pair.value
            degree[pair.a] += x[e]
            degree[pair.b] += x[e]
        }
        guard x.reduce(0, +) <= Double(instance.total) + 1e-9 else { return nil }
        for p in 0..<instance.P {
            guard degree[p] <= Double(instance.capacity[p]) + 1e-9 else { return nil }
            let whole = Int(degree[p] + 1e-9)
            for k in stride(from: 1, through: whole, by: 1) { v += instance.bonus(p, k) }
            if degree[p] - Double(whole) > 1e-9 { v += (degree[p] - Double(whole)) * instance.bonus(p, whole + 1) }
        }
        return v
    }

    @Test(arguments: Array(UInt64(1)...30))
    func matchesTheBestHalfIntegralChoice(seed: UInt64) {
        var instance = FlowInstance(seed: seed, maxPairs: 7, negativeBonus: false)
        instance.total = 1000
        let r = FractionalBMatching(participants: instance.P, capacity: instance.capacity, bonus: instance.bonus,
                                    pairs: instance.pairs, total: instance.total)
        #expect(r.complete)
        #expect(r.x.allSatisfy { $0 == 0 || $0 == 0.5 || $0 == 1 })
        #expect(objective(instance, r.x).map { abs($0 - r.value) < 1e-9 } == true)
        var x = [Double](repeating: 0, count: instance.pairs.count)
        var best = -Double.infinity
        func search(_ i: Int) {
            if i == x.count { if let v = objective(instance, x) { best = max(best, v) }; return }
            for level in [0, 0.5, 1.0] { x[i] = level; search(i + 1) }
        }
        search(0)
        #expect(abs(r.value - best) < 1e-9, "b-matching \(r.value), exhaustive \(best)")
    }
}
