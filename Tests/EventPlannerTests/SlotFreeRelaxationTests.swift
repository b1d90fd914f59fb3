import Testing
@testable import EventPlanner
import MatchCore
import Foundation

/// The slot-free relaxation against exhaustive search on tiny instances.
@Suite("slot-free relaxation")
struct SlotFreeRelaxationTests {
    struct Instance {
        var P: Int
        var capacity: [Int]
        var pairs: [SlotFreeRelaxation.Pair]
        var total: Int
        var fairness: Double

        func bonus(_ p: Int, _ k: Int) -> Double {
            // Concave, and different per participant (as after fixed meetings).
            fairness * 0.5 * pow(0.5, Double(k - 1 + p % 2))
        }

        /// The relaxation's objective at a (fractional) x: values plus the concave bonus
        /// of each fractional degree.
        func value(_ x: [Double]) -> Double? {
            var degree = [Double](repeating: 0, count: P)
            var v = 0.0
            for (e, pair) in pairs.enumerated() {
                v += x[e] * pair.value
                degree[pair.a] += x[e]
                degree[pair.b] += x[e]
            }
            guard x.reduce(0, +) <= Double(total) + 1e-9 else { return nil }
            for p in 0..<P {
                guard degree[p] <= Double(capacity[p]) + 1e-9 else { return nil }
                let whole = Int(degree[p] + 1e-9)
                for k in stride(from: 1, through: whole, by: 1) { v += bonus(p, k) }
                if degree[p] - Double(whole) > 1e-9 { v += (degree[p] - Double(whole)) * bonus(p, whole + 1) }
            }
            return v
        }

        /// Best value over every x in `levels`^E (exhaustive).
        func best(levels: [Double]) -> Double {
            var x = [Double](repeating: 0, count: pairs.count)
            var best = -Double.infinity
            func search(_ i: Int) {
                if i == pairs.count { if let v = value(x) { best = max(best, v) }; return }
                for l in levels { x[i] = l; search(i + 1) }
                x[i] = 0
            }
            search(0)
            return best
        }

        func solve() -> SlotFreeRelaxation {
            SlotFreeRelaxation(participants: P, capacity: capacity, bonus: bonus, pairs: pairs, total: total)
        }
    }

    static func random(seed: UInt64, bipartite: Bool, maxPairs: Int, totalBinds: Bool) -> Instance {
        var rng = SplitMix64(seed: seed &* 7919)
        let P = 4 + Int(rng.next() % 4)
        var seen = Set<Int>()
        var pairs: [SlotFreeRelaxation.Pair] = []
        for _ in 0..<(4 * maxPairs) where pairs.count < maxPairs {
            var a = Int(rng.next() % UInt64(P)), b = Int(rng.next() % UInt64(P))
            if bipartite { a = a & ~1; b = b | 1 }  // even participants meet odd ones only
            guard a != b, a < P, b < P, !seen.contains(min(a, b) * P + max(a, b)) else { continue }
            seen.insert(min(a, b) * P + max(a, b))
            pairs.append(.init(a: a, b: b, value: Double(rng.next() % 1000) / 100))
        }
        let capacity = (0..<P).map { _ in Int(rng.next() % 4) }
        let fairness = rng.next() % 3 == 0 ? 0 : Double(rng.next() % 300) / 100
        return Instance(P: P, capacity: capacity, pairs: pairs, total: totalBinds ? 1 + Int(rng.next() % 4) : 1000, fairness: fairness)
    }

    @Test(arguments: Array(UInt64(1)...40))
    func isHalfIntegralFeasibleAndAtLeastTheBestIntegerSolution(seed: UInt64) throws {
        let instance = Self.random(seed: seed, bipartite: false, maxPairs: 12, totalBinds: seed % 2 == 0)
        let r = instance.solve()
        #expect(r.x.allSatisfy { $0 == 0 || $0 == 0.5 || $0 == 1 })
        let own = try #require(instance.value(r.x), "infeasible x \(r.x)")
        #expect(abs(own - r.value) < 1e-9)
        let integer = instance.best(levels: [0, 1])
        #expect(r.value >= integer - 1e-9, "relaxation \(r.value) below the integer optimum \(integer)")
    }

    /// Without the total binding, the fractional b-matching polytope has half-integral
    /// vertices, so the best half-integral point is the LP optimum: the flow must reach it.
    @Test(arguments: Array(UInt64(1)...30))
    func equalsTheBestHalfIntegralPoint(seed: UInt64) {
        let instance = Self.random(seed: seed, bipartite: false, maxPairs: 9, totalBinds: false)
        let r = instance.solve()
        let lp = instance.best(levels: [0, 0.5, 1])
        #expect(abs(r.value - lp) < 1e-9, "relaxation \(r.value), exhaustive LP optimum \(lp)")
    }

    /// On bipartite pairs the relaxation is exact: its value is the integer optimum and x is whole.
    @Test(arguments: Array(UInt64(1)...30))
    func isExactOnBipartitePairs(seed: UInt64) {
        let instance = Self.random(seed: seed, bipartite: true, maxPairs: 12, totalBinds: seed % 2 == 0)
        let r = instance.solve()
        let integer = instance.best(levels: [0, 1])
        #expect(abs(r.value - integer) < 1e-9, "relaxation \(r.value), integer optimum \(integer)")
    }

    /// Any starting prices give the same optimum (good ones only leave less to repair),
    /// and the dual bound from the final prices meets the value.
    @Test(arguments: Array(UInt64(1)...30))
    func startingPricesChangeNothingButTheWork(seed: UInt64) {
        let instance = Self.random(seed: seed, bipartite: false, maxPairs: 12, totalBinds: seed % 2 == 1)
        var rng = SplitMix64(seed: seed)
        let prices = (0..<instance.P).map { _ in Double(rng.next() % 2000) / 100 - 10 }
        let table = Double(rng.next() % 500) / 100
        let cold = instance.solve()
        let warm = SlotFreeRelaxation(participants: instance.P, capacity: instance.capacity, bonus: instance.bonus,
                                      pairs: instance.pairs, total: instance.total, prices: (prices, table))
        #expect(abs(cold.value - warm.value) < 1e-9, "cold \(cold.value), warm \(warm.value)")
        for r in [cold, warm] {
            #expect(r.bound >= r.value - 1e-9)
            #expect(r.bound <= r.value + 1e-6)
        }
    }

    /// Stopped by its work budget, the relaxation is not optimal, but its bound (weak
    /// duality at whatever prices it reached) still holds.
    @Test(arguments: Array(UInt64(1)...30))
    func theBoundHoldsWhenTheBudgetRunsOut(seed: UInt64) {
        let instance = Self.random(seed: seed, bipartite: false, maxPairs: 12, totalBinds: seed % 2 == 0)
        let integer = instance.best(levels: [0, 1])
        for sweeps in [0, 1, 2] {
            let r = SlotFreeRelaxation(participants: instance.P, capacity: instance.capacity, bonus: instance.bonus,
                                       pairs: instance.pairs, total: instance.total, sweeps: sweeps)
            #expect(r.bound >= integer - 1e-9, "sweeps \(sweeps): bound \(r.bound) below the integer optimum \(integer)")
        }
    }

    /// An odd cycle where every participant takes one meeting: the relaxation takes every
    /// pair by half (value 3 · 1/2 · 3 = 4.5), above the best whole choice (one pair, 3).
    @Test func oddCycleIsHalfIntegral() {
        let instance = Instance(P: 3, capacity: [1, 1, 1], pairs: [.init(a: 0, b: 1, value: 3), .init(a: 1, b: 2, value: 3), .init(a: 0, b: 2, value: 3)],
                                total: 10, fairness: 0)
        let r = instance.solve()
        #expect(r.x == [0.5, 0.5, 0.5])
        #expect(abs(r.value - 4.5) < 1e-12)
    }
}
