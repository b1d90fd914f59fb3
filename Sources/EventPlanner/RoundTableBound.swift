/// A Lagrangian upper bound on the round-table objective, much tighter than
/// `RoundTableProblem.upperBound()` when the pair scores join people who fit different themes.
///
/// **The relaxation.** Drop the constraints that tie the tables together — "at most one table
/// per session" (multiplier μ[p,s] ≥ 0) and "at most `perParticipant` tables" (λ[p] ≥ 0) —
/// and move them into the objective. For any feasible seating with tables M_g (theme θ_g,
/// session s_g), since every seated p has Σ_g [p ∈ M_g] ≤ perParticipant and at most one seat
/// per session,
///
///     value = Σ_g v(θ_g, M_g)
///           ≤ Σ_g Σ_{p∈M_g} (fit[p,θ_g] − λ[p] − μ[p,s_g]) + pairs(M_g)  +  perParticipant·Σ_p λ[p] + Σ_{p,s} μ[p,s]
///           ≤ Σ_s tables[s] · max(0, U_s)  +  perParticipant·Σ_p λ[p] + Σ_{p,s} μ[p,s]  =: L(λ, μ)
///
/// where U_s is any upper bound on the best reduced table value of session s:
/// max over themes θ, sizes k in size.min…size.max and sets M of k people available in s of
/// r(M) = Σ_{p∈M} a_p + 2w Σ_{{p,q}⊆M} pair[p,q], with a_p = fit[p,θ] − λ[p] − μ[p,s] and
/// w = 1/(size.max − 1). (An empty table is worth 0, hence max(0, ·).) So L(λ, μ) ≥ the optimum
/// for every λ, μ ≥ 0; the subgradient method below only looks for small ones.
///
/// **The table bound U_s** (a Gilmore–Lawler bound with the linear terms spread over the
/// table). For |M| = k ≥ 2, Σ_{p∈M} Σ_{q∈M∖p} a_q = (k − 1) Σ_{q∈M} a_q, so for α = 1/k
///
///     r(M) = Σ_{p∈M} [ a_p/k + Σ_{q∈M∖p} (w·pair[p,q] + a_q/k) ]
///          ≤ Σ_{p∈M} h_p,   h_p = a_p/k + (sum of the k − 1 largest w·pair[p,q] + a_q/k over q ≠ p available in s)
///          ≤ sum of the k largest h_p.
///
/// Unlike the plain bound (each person's best partners, wherever they sit), a partner q counts
/// here with their own (reduced) fit to the theme: complementary partners who fit another
/// theme have a_q ≪ 0 and drop out. (The same with α = 1, the classical bound, is also
/// valid; it is used to skip themes quickly, see `price`.) For k = 1, r = a_p.
extension RoundTableProblem {
    /// The smallest L(λ, μ) found by a subgradient method started from the multipliers the
    /// seating suggests (each seated participant's share of their table's value), never
    /// above `upperBound()`. Deterministic: a fixed number of steps, index order throughout.
    ///
    /// - Parameters:
    ///   - seating: a good seating (its value steers the step size and starts the multipliers).
    ///   - iterations: subgradient steps.
    /// - Complexity: O(iterations · S · T · (size.max − size.min + 1) · P · (d + size.max)),
    ///   d the largest number of pair partners of one participant.
    func lagrangianBound(seating: RoundTableSearch? = nil, iterations: Int = 20) -> Double {
        let plain = upperBound()
        guard perParticipant > 0, maxSize >= 1, P > 0, G > 0 else { return plain }
        var bound = LagrangianBound(self)
        return min(plain, bound.run(seating: seating, iterations: iterations))
    }
}

/// The working state of `lagrangianBound`.
struct LagrangianBound {
    let pr: RoundTableProblem
    /// w·pair[p,q] for q with a pair score, by p.
    let partners: [[(q: Int, v: Double)]]
    /// Who may sit in session s.
    let pool: [[Int]]
    /// w times the sum of p's `size.max − 1` highest pair scores.
    let bestCompany: [Double]
    /// True when p's `perParticipant` is below the sessions p may come to (else λ[p] stays 0).
    let capped: [Bool]
    var lambda: [Double]
    /// mu[p * S + s]
    var mu: [Double]
    // Scratch.
    var a: [Double]
    var h: [Double]
    var mark: [Int]

    init(_ pr: RoundTableProblem) {
        self.pr = pr
        let w = pr.weight
        partners = (0..<pr.P).map { p in (0..<pr.P).compactMap { q in pr.pair[p * pr.P + q] > 0 && q != p ? (q, w * pr.pair[p * pr.P + q]) : nil } }
        bestCompany = (0..<pr.P).map { p in
            (0..<pr.P).map { pr.pair[p * pr.P + $0] }.filter { $0 > 0 }.sorted(by: >).prefix(max(0, pr.maxSize - 1)).reduce(0, +) * w
        }
        pool = (0..<pr.S).map { s in (0..<pr.P).filter { pr.available($0, s) } }
        capped = (0..<pr.P).map { p in pr.perParticipant < (0..<pr.S).filter { pr.available(p, $0) }.count }
        lambda = [Double](repeating: 0, count: pr.P)
        mu = [Double](repeating: 0, count: pr.P * pr.S)
        a = [Double](repeating: 0, count: pr.P)
        h = [Double](repeating: 0, count: pr.P)
        mark = [Int](repeating: -1, count: pr.P)
    }

    /// U_s and the people of the best table bound (its k largest h_p), by pricing every theme
    /// and size. Themes are priced in the order of a cheaper bound (each person's reduced fit
    /// plus their `size.max − 1` best pair scores times w, the k largest of those), and a theme
    /// whose cheaper bound cannot beat the best table so far is skipped: it cannot change U_s.
    mutating func price(_ s: Int) -> (value: Double, members: [Int]) {
        let people = pool[s]
        let n = people.count
        guard n > 0 else { return (0, []) }
        let T = max(pr.T, 1)
        // Fewer people than a table needs: no table can open (worth 0 through max(0, U_s)).
        guard max(1, pr.minSize) <= min(pr.maxSize, n) else { return (-Double.infinity, []) }
        let kRange = max(1, pr.minSize)...min(pr.maxSize, n)
        // The cheap bound of each theme.
        var quick: [(θ: Int, v: Double)] = []
        var c = [Double](repeating: 0, count: n)
        for θ in 0..<T {
            for (i, p) in people.enumerated() { c[i] = reducedFit(p, θ, s) + bestCompany[p] }
            c.sort(by: >)
            var total = 0.0, top = -Double.infinity
            for (i, v) in c.prefix(kRange.upperBound).enumerated() {
                total += v
                if i + 1 >= kRange.lowerBound { top = max(top, total) }
            }
            quick.append((θ, top))
        }
        quick.sort { ($0.v, -$0.θ) > ($1.v, -$1.θ) }
        var best = (value: -Double.infinity, members: [Int]())
        var order = [Int](repeating: 0, count: n)
        var buffer = [Double](repeating: 0, count: pr.maxSize)
        for (θ, cheap) in quick where cheap > best.value {
            for p in people { a[p] = reducedFit(p, θ, s) }
            for i in 0..<n { order[i] = people[i] }
            order.sort { (a[$0], -$0) > (a[$1], -$1) }
            for k in kRange {
                var totalMin = Double.infinity
                var chosen: [Int] = []
                for α in k > 1 ? [1 / Double(k)] : [1.0] {
                    let β = k > 1 ? (1 - α) / Double(k - 1) : 0
                    for p in people {
                        var v = α * a[p]
                        if k > 1 {
                            // The k − 1 largest of w·pair[p,q] + β a_q, kept in `buffer`
                            // (descending): p's partners, then the others by a_q (sorted),
                            // skipping p and the partners.
                            var filled = 0
                            func offer(_ x: Double) {
                                if filled < k - 1 { filled += 1 } else if x <= buffer[k - 2] { return }
                                var i = filled - 1
                                while i > 0 && buffer[i - 1] < x { buffer[i] = buffer[i - 1]; i -= 1 }
                                buffer[i] = x
                            }
                            for (q, pv) in partners[p] where pr.available(q, s) {
                                offer(pv + β * a[q])
                                mark[q] = p
                            }
                            var taken = 0
                            for q in order where q != p && mark[q] != p {
                                offer(β * a[q])
                                taken += 1
                                if taken == k - 1 { break }
                            }
                            for (q, _) in partners[p] { mark[q] = -1 }
                            for i in 0..<filled { v += buffer[i] }
                        }
                        h[p] = v
                    }
                    let top = Self.largest(k, of: people, by: h)
                    let total = top.reduce(0) { $0 + h[$1] }
                    if total < totalMin { totalMin = total; chosen = Array(top) }
                }
                if totalMin > best.value { best = (totalMin, chosen) }
            }
        }
        return best
    }

    /// The k entries of `people` with the largest `value` (ties: lower index first), in O(n·k).
    static func largest(_ k: Int, of people: [Int], by value: [Double]) -> [Int] {
        var top: [Int] = []
        top.reserveCapacity(k + 1)
        for p in people {
            if top.count == k, let last = top.last, (value[last], -last) >= (value[p], -p) { continue }
            var i = top.count
            top.append(p)
            while i > 0 && (value[top[i - 1]], -top[i - 1]) < (value[p], -p) { top[i] = top[i - 1]; i -= 1 }
            top[i] = p
            if top.count > k { top.removeLast() }
        }
        return top
    }

    func reducedFit(_ p: Int, _ θ: Int, _ s: Int) -> Double {
        (pr.T > 0 ? pr.fit[p * pr.T + θ] : 0) - lambda[p] - mu[p * pr.S + s]
    }

    /// L(λ, μ), with the best table bound of each session.
    mutating func evaluate() -> (value: Double, tables: [(value: Double, members: [Int])]) {
        var total = 0.0
        var tables: [(value: Double, members: [Int])] = []
        for s in 0..<pr.S {
            let t = price(s)
            tables.append(t)
            total += Double(pr.tables[s]) * max(0, t.value)
        }
        for p in 0..<pr.P {
            total += Double(pr.perParticipant) * lambda[p]
            for s in 0..<pr.S { total += mu[p * pr.S + s] }
        }
        return (total, tables)
    }

    mutating func run(seating: RoundTableSearch?, iterations: Int) -> Double {
        let (P, S) = (pr.P, pr.S)
        var target = 0.0
        if let x = seating {
            target = x.objective
            // Each seated participant's share of their table: fit plus half their pair scores there.
            for p in 0..<P {
                var shares: [(s: Int, v: Double)] = []
                for s in 0..<S {
                    let g = x.seat[p * S + s]
                    guard g >= 0 else { continue }
                    shares.append((s, pr.fit[p * pr.T + x.theme[g]] + pr.weight * x.link[g * pr.P + p]))
                }
                if capped[p] && shares.count >= pr.perParticipant {
                    let floor = shares.map(\.v).min() ?? 0
                    lambda[p] = floor
                    for (s, v) in shares { mu[p * S + s] = v - floor }
                } else {
                    for (s, v) in shares { mu[p * S + s] = v }
                }
            }
        }
        var best = Double.infinity
        var step = 1.0
        var sinceBetter = 0
        for _ in 0..<max(1, iterations) {
            let (value, tables) = evaluate()
            if value < best - 1e-12 { best = value; sinceBetter = 0 } else {
                sinceBetter += 1
                if sinceBetter >= 8 { step /= 2; sinceBetter = 0 }
            }
            // Subgradient: how often the relaxation seats p in s, minus what is allowed.
            var seats = [Double](repeating: 0, count: P * S)
            for s in 0..<S where tables[s].value > 0 {
                for p in tables[s].members { seats[p * S + s] = Double(pr.tables[s]) }
            }
            var gMu = [Double](repeating: 0, count: P * S)
            var gLambda = [Double](repeating: 0, count: P)
            var norm = 0.0
            for p in 0..<P {
                var total = 0.0
                for s in 0..<S where pr.available(p, s) {
                    total += seats[p * S + s]
                    var g = seats[p * S + s] - 1
                    if mu[p * S + s] <= 0 && g < 0 { g = 0 }
                    gMu[p * S + s] = g
                    norm += g * g
                }
                if capped[p] {
                    var g = total - Double(pr.perParticipant)
                    if lambda[p] <= 0 && g < 0 { g = 0 }
                    gLambda[p] = g
                    norm += g * g
                }
            }
            guard norm > 0 else { break }
            let t = step * max(value - target, 1e-6 * max(1, value)) / norm
            for i in 0..<(P * S) { mu[i] = max(0, mu[i] + t * gMu[i]) }
            for p in 0..<P { lambda[p] = max(0, lambda[p] + t * gLambda[p]) }
            if step < 1e-4 { break }
        }
        return best
    }
}
