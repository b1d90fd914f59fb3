/// The seating in indices: participants sorted by id, sessions in time order, tables
/// numbered across sessions (`offset[s] + t`), themes in the given order.
///
/// The objective: every member of a table contributes how well they fit the table's theme
/// plus their pair scores with the others at the table divided by `size.max − 1`, so a
/// full table of partners who all score 1 with each other gives each member 1 for
/// company and the theme fit on top. Summed over members, a pair's score counts twice
/// (once from each side) with weight `1 / (size.max − 1)`.
struct RoundTableProblem {
    var P: Int
    var S: Int
    var T: Int
    var tables: [Int]
    var offset: [Int]
    var sessionOf: [Int]
    var G: Int { sessionOf.count }
    var minSize: Int
    var maxSize: Int
    var perParticipant: Int
    /// avail[p * S + s]
    var avail: [Bool]
    /// fit[p * T + θ], in 0…1.
    var fit: [Double]
    /// pair[p * P + q], symmetric, 0 on the diagonal.
    var pair: [Double]
    /// Seats a re-plan keeps (p * S + s → table), and the themes of their tables.
    var keptSeat: [Int: Int] = [:]
    var keptTheme: [Int: Int] = [:]

    init(P: Int, S: Int, T: Int, tables: [Int], minSize: Int, maxSize: Int, perParticipant: Int,
         avail: [Bool], fit: [Double], pair: [Double]) {
        self.P = P
        self.S = S
        self.T = T
        self.tables = tables
        var offset: [Int] = [], sessionOf: [Int] = []
        for (s, n) in tables.enumerated() {
            offset.append(sessionOf.count)
            sessionOf += [Int](repeating: s, count: n)
        }
        self.offset = offset
        self.sessionOf = sessionOf
        self.minSize = minSize
        self.maxSize = maxSize
        self.perParticipant = perParticipant
        self.avail = avail
        self.fit = fit
        self.pair = pair
    }

    /// Weight of one pair score, seen from one member.
    var weight: Double { maxSize > 1 ? 1 / Double(maxSize - 1) : 0 }

    func available(_ p: Int, _ s: Int) -> Bool { avail[p * S + s] }

    /// The value of one table with this theme and these members.
    func value(theme: Int, members: [Int]) -> Double {
        var v = 0.0
        for (i, p) in members.enumerated() {
            v += fit[p * T + theme]
            for q in members[(i + 1)...] { v += 2 * weight * pair[p * P + q] }
        }
        return v
    }

    /// The best theme for these members and the table's value with it (ties: lower index).
    func bestTheme(_ members: [Int]) -> (theme: Int, value: Double) {
        var best = (theme: 0, value: -Double.infinity)
        for θ in 0..<max(T, 1) {
            let v = value(theme: θ, members: members)
            if v > best.value + 1e-12 { best = (θ, v) }
        }
        return best
    }

    /// An upper bound on the objective: each participant takes at most
    /// min(perParticipant, sessions available) seats, each worth at most their best theme
    /// fit plus their `size.max − 1` highest pair scores times the weight; and no more seats
    /// than the tables hold. The sum of the highest such seat values is the bound.
    ///
    /// - Complexity: O(P² log P).
    func upperBound() -> Double {
        var seats: [Double] = []
        let k = maxSize - 1
        for p in 0..<P {
            let copies = min(perParticipant, (0..<S).filter { available(p, $0) }.count)
            guard copies > 0 else { continue }
            var bestFit = 0.0
            for θ in 0..<T { bestFit = max(bestFit, fit[p * T + θ]) }
            let row = (0..<P).map { pair[p * P + $0] }.filter { $0 > 0 }.sorted(by: >)
            let company = row.prefix(k).reduce(0, +) * weight
            seats += [Double](repeating: bestFit + company, count: copies)
        }
        let capacity = tables.reduce(0, +) * maxSize
        return seats.sorted(by: >).prefix(capacity).reduce(0, +)
    }
}
