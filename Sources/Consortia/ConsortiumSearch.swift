import Dispatch
import MatchCore

/// Finds the best consortia of a problem, each differing from the better ones.
///
/// Proposal r is the best set of members that meets every rule of the call and has at
/// least `minimumDifference` members outside each of proposals 1…r−1. When the candidates
/// allow at most `exhaustiveLimit` sets of an allowed size, every set is checked and the
/// proposals are exact. Otherwise, for each size, a greedy start and randomised greedy
/// starts (seeded: the same input gives the same proposals) are improved by swapping one
/// member at a time, then kicked (two members replaced at random) and improved again. Every
/// feasible set met is kept, and the proposals are picked from them as from the list of
/// every set; a round searches again away from the proposals so far, until there are
/// enough or a round finds nothing new. The benchmark against an exact solver is in
/// Benchmarks/consortium-highs.py.
package struct ConsortiumSearch: Sendable {
    package let problem: ConsortiumProblem
    /// Check every set when there are at most this many.
    package var exhaustiveLimit: Double = 200_000
    /// Randomised greedy starts per size, besides the plain greedy one.
    package var starts = 3
    /// Kicks per start.
    package var kicks = 6
    package var seed: UInt64 = 0x5eed

    package init(problem: ConsortiumProblem) { self.problem = problem }

    /// The sizes the rules allow with these candidates.
    var sizes: ClosedRange<Int>? {
        let low = max(problem.rules.minPartners, 1)
        let high = min(problem.rules.maxPartners, problem.candidates.count)
        return low <= high ? low...high : nil
    }

    /// How many sets of an allowed size there are (those holding the lead, with a lead).
    package var setCount: Double {
        guard let sizes else { return 0 }
        let free = problem.candidates.count - (problem.lead == nil ? 0 : 1)
        return sizes.reduce(0.0) { $0 + binomial(free, $1 - (problem.lead == nil ? 0 : 1)) }
    }

    /// True when `proposals` checks every set (the answer is exact).
    package var isExhaustive: Bool { setCount <= exhaustiveLimit }

    /// Up to `count` proposals, best first; fewer when no more sets meet the rules.
    package func proposals(_ count: Int) -> [Consortium] {
        guard count > 0, sizes != nil else { return [] }
        return isExhaustive ? exhaustive(count) : searched(count)
    }

    // MARK: Every set

    func exhaustive(_ count: Int) -> [Consortium] {
        let ev = ConsortiumEvaluator(problem), sizes = sizes!
        var feasible: [(value: Double, members: [Int])] = []
        let lead = problem.lead
        let others = (0..<problem.candidates.count).filter { $0 != lead }
        var chosen: [Int] = lead.map { [$0] } ?? []
        func visit(from start: Int) {
            if sizes.contains(chosen.count), ev.shortfall(chosen, earlier: []) == 0 {
                feasible.append((ev.value(chosen), chosen.sorted()))
            }
            guard chosen.count < sizes.upperBound else { return }
            for x in start..<others.count {
                chosen.append(others[x])
                visit(from: x + 1)
                chosen.removeLast()
            }
        }
        visit(from: 0)
        feasible.sort { $0.value != $1.value ? $0.value > $1.value : $0.members.lexicographicallyPrecedes($1.members) }
        var result: [Consortium] = []
        for f in feasible where result.count < count {
            if result.allSatisfy({ differs(f.members, from: $0.members) }) { result.append(Consortium(f.members, in: problem)) }
        }
        return result
    }

    /// At least `minimumDifference` of `a`'s members are not in `b`.
    func differs(_ a: [Int], from b: [Int]) -> Bool {
        a.count(where: { !b.contains($0) }) >= problem.weights.minimumDifference
    }

    // MARK: Local search

    func searched(_ count: Int) -> [Consortium] {
        let ev = ConsortiumEvaluator(problem), sizes = Array(sizes!)
        // Every feasible set any round found; the proposals are picked from it as from the
        // list of every set, so a later round's better find still ranks first.
        var archive: [[Int]: Double] = [:]
        var result: [Consortium] = []
        for round in 0..<(2 * count) {
            var earlier: [[Bool]] = []
            for c in result {
                var mask = [Bool](repeating: false, count: problem.candidates.count)
                for i in c.members { mask[i] = true }
                earlier.append(mask)
            }
            let frozen = earlier
            var found = [[[Int]: Double]](repeating: [:], count: sizes.count)
            found.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: sizes.count) { x in
                    out[x] = feasibleSets(size: sizes[x], ev: ev, earlier: frozen, seed: seed &+ UInt64(round * 1_000 + sizes[x]))
                }
            }
            let before = archive.count
            for sets in found { archive.merge(sets) { a, _ in a } }
            let ranked = archive.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.lexicographicallyPrecedes($1.key) }
            result = []
            for (members, _) in ranked where result.count < count {
                if result.allSatisfy({ differs(members, from: $0.members) }) { result.append(Consortium(members, in: problem)) }
            }
            if result.count == count || archive.count == before { break }
        }
        return result
    }

    /// The feasible sets of one size met on the way from several starts (sorted members →
    /// value): every local optimum and every improvement after a kick.
    func feasibleSets(size k: Int, ev: ConsortiumEvaluator, earlier: [[Bool]], seed: UInt64) -> [[Int]: Double] {
        var rng = SplitMix64(seed: seed)
        let m = problem.candidates.count, lead = problem.lead
        var sets: [[Int]: Double] = [:]
        func consider(_ s: [Int]) {
            guard ev.shortfall(s, earlier: earlier) == 0 else { return }
            let sorted = s.sorted()
            if sets[sorted] == nil { sets[sorted] = ev.value(sorted) }
        }
        for start in 0...starts {
            var s = greedy(size: k, ev: ev, earlier: earlier, pick: start == 0 ? 1 : 3, rng: &rng)
            var f = ev.improve(&s, fixed: lead, earlier: earlier)
            consider(s)
            for _ in 0..<kicks {
                var t = s
                let movable = (0..<k).filter { t[$0] != lead }
                guard !movable.isEmpty, m > k else { break }
                for _ in 0..<min(2, movable.count) {
                    let position = movable[Int(rng.next() % UInt64(movable.count))]
                    var v = Int(rng.next() % UInt64(m))
                    while t.contains(v) { v = (v + 1) % m }
                    t[position] = v
                }
                let g = ev.improve(&t, fixed: lead, earlier: earlier)
                consider(t)
                if g > f + 1e-12 { (s, f) = (t, g) }
            }
        }
        return sets
    }

    /// The set closest to meeting the rules (fewest shortfalls, then best value), for
    /// saying which rule fails when no set meets them all.
    package func closestMiss() -> [Int]? {
        guard let sizes else { return nil }
        let ev = ConsortiumEvaluator(problem)
        var rng = SplitMix64(seed: seed)
        var best: (f: Double, s: [Int])?
        for k in sizes {
            var s = greedy(size: k, ev: ev, earlier: [], pick: 1, rng: &rng)
            let f = ev.improve(&s, fixed: problem.lead, earlier: [])
            if best == nil || f > best!.f { best = (f, s.sorted()) }
        }
        return best?.s
    }

    /// A set of `k` members built one at a time, each the best addition by the objective
    /// (or one of the `pick` best, at random).
    func greedy(size k: Int, ev: ConsortiumEvaluator, earlier: [[Bool]], pick: Int, rng: inout SplitMix64) -> [Int] {
        var s: [Int] = problem.lead.map { [$0] } ?? []
        var inSet = [Bool](repeating: false, count: problem.candidates.count)
        for i in s { inSet[i] = true }
        while s.count < k {
            var top: [(f: Double, v: Int)] = []
            for v in 0..<problem.candidates.count where !inSet[v] {
                let f = ev.objective(s + [v], earlier: earlier)
                if top.count < pick || f > top[top.count - 1].f {
                    top.append((f, v))
                    top.sort { $0.f != $1.f ? $0.f > $1.f : $0.v < $1.v }
                    if top.count > pick { top.removeLast() }
                }
            }
            let chosen = top[pick == 1 ? 0 : Int(rng.next() % UInt64(top.count))].v
            s.append(chosen)
            inSet[chosen] = true
        }
        return s
    }
}

/// n choose k as a Double (exact while below 2⁵³).
func binomial(_ n: Int, _ k: Int) -> Double {
    guard k >= 0, k <= n else { return 0 }
    var result = 1.0
    for i in 0..<min(k, n - k) { result = result * Double(n - i) / Double(i + 1) }
    return result.rounded()
}
