/// Seats participants at themed tables: themes allotted to tables in proportion to how
/// many participants fit each best, a greedy seating by gain, a repair of tables below
/// the minimum size, then a local search (join, move, swap, replace, change theme, open
/// an empty table) while the objective grows. Deterministic: every loop runs in index
/// order and ties keep the lower index.
struct RoundTableSearch {
    let pr: RoundTableProblem
    var theme: [Int]
    var members: [[Int]]
    /// seat[p * S + s]: the table p sits at in session s, or -1.
    var seat: [Int]
    var count: [Int]
    /// link[g * P + p]: sum of p's pair scores with the members of g (p excluded); by table,
    /// so that a member's arrival or departure updates one contiguous row.
    var link: [Double]
    var objective = 0.0
    /// kept[p * S + s]: a seat a re-plan keeps.
    var kept: [Bool]
    let eps = 1e-9

    init(_ pr: RoundTableProblem) {
        self.pr = pr
        theme = [Int](repeating: 0, count: pr.G)
        members = [[Int]](repeating: [], count: pr.G)
        seat = [Int](repeating: -1, count: pr.P * pr.S)
        count = [Int](repeating: 0, count: pr.P)
        link = [Double](repeating: 0, count: pr.P * pr.G)
        kept = [Bool](repeating: false, count: pr.P * pr.S)
    }

    // MARK: Moves

    func size(_ g: Int) -> Int { members[g].count }
    func gain(_ p: Int, _ g: Int) -> Double { pr.fit[p * pr.T + theme[g]] + 2 * pr.weight * link[g * pr.P + p] }

    mutating func add(_ p: Int, _ g: Int) {
        objective += gain(p, g)
        members[g].append(p)
        seat[p * pr.S + pr.sessionOf[g]] = g
        count[p] += 1
        updateLinks(g, p, by: 1)
    }

    mutating func remove(_ p: Int, _ g: Int) {
        members[g].removeAll { $0 == p }
        seat[p * pr.S + pr.sessionOf[g]] = -1
        count[p] -= 1
        updateLinks(g, p, by: -1)
        objective -= gain(p, g)
    }

    /// Adds (sign 1) or takes away (−1) p's pair scores to everyone's link with table g (the
    /// pair scores are symmetric, so p's row is everyone's score with p).
    mutating func updateLinks(_ g: Int, _ p: Int, by sign: Double) {
        let P = pr.P
        pr.pair.withUnsafeBufferPointer { pair in
            link.withUnsafeMutableBufferPointer { link in
                let row = pair.baseAddress! + p * P
                let to = link.baseAddress! + g * P
                if sign > 0 {
                    for q in 0..<P { to[q] += row[q] }
                } else {
                    for q in 0..<P { to[q] -= row[q] }
                }
            }
        }
    }

    mutating func setTheme(_ g: Int, _ θ: Int) {
        for p in members[g] { objective += pr.fit[p * pr.T + θ] - pr.fit[p * pr.T + theme[g]] }
        theme[g] = θ
    }

    /// A table may lose a member: it stays within the bounds or empties.
    func canLeave(_ g: Int) -> Bool { size(g) - 1 >= pr.minSize || size(g) == 1 }
    /// A table may gain a member without opening (opening goes through `openTables`).
    func canJoin(_ g: Int) -> Bool { size(g) < pr.maxSize && (size(g) + 1 >= pr.minSize) && (size(g) > 0 || pr.minSize <= 1) }

    /// Who may take a seat in session s now.
    func free(_ p: Int, _ s: Int) -> Bool { pr.available(p, s) && seat[p * pr.S + s] < 0 && count[p] < pr.perParticipant }

    // MARK: Construction

    mutating func construct() {
        let (P, S, T) = (pr.P, pr.S, pr.T)
        // Kept seats first, with their tables' themes.
        for (g, θ) in pr.keptTheme where g < pr.G && θ < T { theme[g] = θ }
        for (key, g) in pr.keptSeat.sorted(by: { $0.key < $1.key }) {
            let p = key / S
            guard g < pr.G, seat[key] < 0, count[p] < pr.perParticipant, size(g) < pr.maxSize else { continue }
            add(p, g)
            kept[key] = true
        }
        // Themes of the other tables: D'Hondt over all tables by how many participants fit
        // each theme best (weighted by the seats they may take), handed out to the sessions
        // in turn, so that the strongest themes are in every session and the others get a
        // table somewhere instead of repeating the strongest.
        var votes = [Double](repeating: 0, count: max(T, 1))
        for p in 0..<P where T > 0 {
            let sessions = (0..<S).filter { pr.available(p, $0) }.count
            guard sessions > 0 else { continue }
            var best = 0
            for θ in 1..<T where pr.fit[p * T + θ] > pr.fit[p * T + best] { best = θ }
            votes[best] += Double(min(pr.perParticipant, sessions))
        }
        var given = [Int](repeating: 0, count: max(T, 1))
        for g in 0..<pr.G where !members[g].isEmpty { given[theme[g]] += 1 }
        var interleaved: [Int] = []
        for t in 0..<(pr.tables.max() ?? 0) { for s in 0..<S where t < pr.tables[s] { interleaved.append(pr.offset[s] + t) } }
        var next = 0
        for g in interleaved where members[g].isEmpty {
            var best = 0
            var bestQuotient = -1.0
            for θ in 0..<max(T, 1) {
                let q = votes[θ] / Double(given[θ] + 1)
                if q > bestQuotient + 1e-12 { best = θ; bestQuotient = q }
            }
            if bestQuotient <= 0 { best = next % max(T, 1); next += 1 }
            theme[g] = best
            given[best] += 1
        }
        // Greedy: strongest fit first, each to the table where they add most.
        var order = Array(0..<P)
        let strongest = (0..<P).map { p in (0..<T).map { pr.fit[p * T + $0] }.max() ?? 0 }
        order.sort { (strongest[$0], -$0) > (strongest[$1], -$1) }
        for _ in 0..<pr.perParticipant {
            for p in order where count[p] < pr.perParticipant {
                var best = -1
                var bestGain = -Double.infinity
                for g in 0..<pr.G where size(g) < pr.maxSize && free(p, pr.sessionOf[g]) {
                    let v = gain(p, g)
                    if v > bestGain + eps { best = g; bestGain = v }
                }
                if best >= 0 { add(p, best) }
            }
        }
        repair()
    }

    /// Tables below the minimum (after greedy seating, a ruin, or in a re-plan a cancelled or
    /// no longer available member): each is filled — from who is free, then from tables of
    /// its session above the minimum (seats a re-plan does not keep first) — or emptied, its
    /// members seated where they add most. Of the two, the one that moves fewer kept seats:
    /// filling moves one kept seat per kept donor, emptying moves every kept seat of the table
    /// (ties: fill). So a re-plan changes as few of the previous seats as it can.
    mutating func repair() {
        for g in 0..<pr.G where size(g) > 0 && size(g) < pr.minSize {
            let s = pr.sessionOf[g]
            var filled = self
            let moved = filled.fill(g)
            let keptHere = members[g].filter { kept[$0 * pr.S + s] }.count
            if let moved, moved <= keptHere {
                self = filled
                continue
            }
            let leaving = members[g]
            for p in leaving {
                remove(p, g)
                kept[p * pr.S + s] = false
            }
            for p in leaving {
                var best = -1
                var bestGain = -Double.infinity
                for h in 0..<pr.G where h != g && canJoin(h) && free(p, pr.sessionOf[h]) {
                    let v = gain(p, h)
                    if v > bestGain + eps { best = h; bestGain = v }
                }
                if best >= 0 { add(p, best) }
            }
        }
    }

    /// Fills table g up to the minimum: who is free and gains most there, else the member of a
    /// table of the session above the minimum who loses least by moving (a seat the re-plan
    /// does not keep before a kept one). - Returns: how many kept seats moved, nil when the
    /// table could not be filled.
    mutating func fill(_ g: Int) -> Int? {
        let s = pr.sessionOf[g]
        var moved = 0
        while size(g) < pr.minSize {
            var best = -1
            var bestGain = -Double.infinity
            for p in 0..<pr.P where free(p, s) {
                let v = gain(p, g)
                if v > bestGain + eps { best = p; bestGain = v }
            }
            if best < 0 {
                var from = (p: -1, h: -1, kept: true, loss: Double.infinity)
                for h in pr.offset[s]..<(pr.offset[s] + pr.tables[s]) where h != g && size(h) > pr.minSize {
                    for p in members[h] {
                        let k = kept[p * pr.S + s]
                        let loss = gain(p, h) - gain(p, g)
                        if (k ? 1 : 0, loss) < (from.kept ? 1 : 0, from.loss - eps) { from = (p, h, k, loss) }
                    }
                }
                guard from.p >= 0 else { return nil }
                remove(from.p, from.h)
                if from.kept {
                    kept[from.p * pr.S + s] = false
                    moved += 1
                }
                best = from.p
            }
            add(best, g)
        }
        return moved
    }

    // MARK: Local search

    /// Improving moves until none is left or `passes` are done.
    mutating func improve(passes: Int = 60) {
        for _ in 0..<passes {
            var improved = false
            for p in 0..<pr.P {
                for s in 0..<pr.S where pr.available(p, s) && !kept[p * pr.S + s] {
                    if improveSeat(p, s) { improved = true }
                }
            }
            for g in 0..<pr.G where !members[g].isEmpty && pr.keptTheme[g] == nil {
                let best = pr.bestTheme(members[g])
                if best.theme != theme[g] && best.value > pr.value(theme: theme[g], members: members[g]) + eps {
                    setTheme(g, best.theme)
                    improved = true
                }
            }
            if openTables() { improved = true }
            if !improved { break }
        }
    }

    /// The best improving move for p's seat in session s; true when one was made.
    mutating func improveSeat(_ p: Int, _ s: Int) -> Bool {
        let (S, T, G, w) = (pr.S, pr.T, pr.G, 2 * pr.weight)
        let here = seat[p * S + s]
        let tablesOfS = pr.offset[s]..<(pr.offset[s] + pr.tables[s])
        enum Move { case none, join(Int), move(from: Int, to: Int), swap(Int, q: Int, g1: Int), replace(q: Int) }
        var best: Move = .none
        var bestDelta = eps
        if here < 0 {
            if count[p] < pr.perParticipant {
                for g in tablesOfS where canJoin(g) {
                    let d = gain(p, g)
                    if d > bestDelta { best = .join(g); bestDelta = d }
                }
                // Replace a member (who then sits nowhere in this session).
                for g in tablesOfS where !members[g].isEmpty {
                    let fp = pr.fit[p * T + theme[g]] + w * link[g * pr.P + p]
                    for q in members[g] where !kept[q * S + s] {
                        let d = fp - w * pr.pair[p * pr.P + q] - gain(q, g)
                        if d > bestDelta { best = .replace(q: q); bestDelta = d }
                    }
                }
            } else {
                // Move the seat from another session here.
                for s2 in 0..<S where s2 != s {
                    let g0 = seat[p * S + s2]
                    guard g0 >= 0, !kept[p * S + s2], canLeave(g0) else { continue }
                    let loss = gain(p, g0)
                    for g in tablesOfS where canJoin(g) {
                        let d = gain(p, g) - loss
                        if d > bestDelta { best = .move(from: g0, to: g); bestDelta = d }
                    }
                }
            }
        } else {
            let loss = gain(p, here)
            if canLeave(here) {
                for g in 0..<G where g != here && canJoin(g) {
                    let s2 = pr.sessionOf[g]
                    guard s2 == s || (pr.available(p, s2) && seat[p * S + s2] < 0) else { continue }
                    let d = gain(p, g) - loss
                    if d > bestDelta { best = .move(from: here, to: g); bestDelta = d }
                }
            }
            for g1 in tablesOfS where g1 != here && !members[g1].isEmpty {
                for q in members[g1] where !kept[q * S + s] {
                    let pq = pr.pair[p * pr.P + q]
                    let dp = pr.fit[p * T + theme[g1]] + w * (link[g1 * pr.P + p] - pq) - loss
                    let dq = pr.fit[q * T + theme[here]] + w * (link[here * pr.P + q] - pq) - gain(q, g1)
                    if dp + dq > bestDelta { best = .swap(here, q: q, g1: g1); bestDelta = dp + dq }
                }
            }
            // Give the seat to someone free.
            for q in 0..<pr.P where q != p && free(q, s) {
                let d = gain(q, here) - w * pr.pair[q * pr.P + p] - loss
                if d > bestDelta { best = .replace(q: q); bestDelta = d }
            }
        }
        switch best {
        case .none: return false
        case .join(let g): add(p, g)
        case .move(let from, let to): remove(p, from); add(p, to)
        case .swap(let g0, let q, let g1): remove(p, g0); remove(q, g1); add(p, g1); add(q, g0)
        case .replace(let q):
            if here < 0 {
                let g = seat[q * S + s]
                remove(q, g); add(p, g)
            } else {
                remove(p, here); add(q, here)
            }
        }
        return true
    }

    /// Opens empty tables for participants who are still free, when enough fit a theme.
    /// - Parameter start: the table to look at first (the search rotates it).
    mutating func openTables(start: Int = 0) -> Bool {
        var opened = false
        for i in 0..<pr.G where members[(i + start) % pr.G].isEmpty {
            let g = (i + start) % pr.G
            let s = pr.sessionOf[g]
            let pool = (0..<pr.P).filter { free($0, s) }
            guard pool.count >= pr.minSize else { continue }
            var best = (theme: -1, people: [Int](), value: eps)
            for θ in 0..<max(pr.T, 1) {
                // Greedy by what each adds to those already chosen: theme fit and pair scores.
                var people: [Int] = []
                var chosen = Set<Int>()
                while people.count < pr.minSize {
                    var next = -1
                    var nextGain = -Double.infinity
                    for p in pool where !chosen.contains(p) {
                        let v = pr.fit[p * pr.T + θ] + 2 * pr.weight * people.reduce(0) { $0 + pr.pair[p * pr.P + $1] }
                        if v > nextGain + eps { next = p; nextGain = v }
                    }
                    people.append(next)
                    chosen.insert(next)
                }
                let v = pr.value(theme: θ, members: people)
                if v > best.value { best = (θ, people, v) }
            }
            guard best.theme >= 0 else { continue }
            theme[g] = best.theme
            for p in best.people { add(p, g) }
            opened = true
        }
        return opened
    }
}
