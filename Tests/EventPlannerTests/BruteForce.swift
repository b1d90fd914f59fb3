@testable import EventPlanner

/// The exact optimum of small plans: every assignment of the free meetings to a slot, or to
/// none, on top of what `base` already holds.
enum BruteForce {
    /// - Complexity: O((S + 1)^n) for n free edges and S slots: tiny instances only.
    static func optimum(_ base: Scheduler, free: [Int]) -> Double {
        var best = base.objective
        var x = base
        func search(_ i: Int) {
            if i == free.count { best = max(best, x.objective); return }
            search(i + 1)
            let e = free[i]
            guard x.underLimit(e) else { return }
            for s in 0..<x.problem.S where x.fits(e, s) {
                x.place(e, s)
                search(i + 1)
                x.unplace(e)
            }
        }
        search(0)
        return best
    }
}
