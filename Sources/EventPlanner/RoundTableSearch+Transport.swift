import Optimization

extension RoundTableSearch {
    /// Changes one table's theme at a time (or closes or opens it), each time reseating
    /// everyone the re-plan does not keep by the seating of greatest theme fit for the new
    /// set of table themes (`seatedForThemes`), then improving moves; keeps the change when
    /// the objective grew, until no change helps (at most `sweeps` passes).
    ///
    /// Why: the seat moves and a table's rebuild move a few people at a time, so when a
    /// better set of themes needs many people to move at once (a popular theme at two tables
    /// instead of a theme a few people want, or the other way round), every step towards it
    /// loses and the search stays where it is. With three themes and 13 people at three tables
    /// (Benchmarks/roundtables-highs.py's first event with semantic views) the searches all
    /// ended at 93.4 % of HiGHS's optimum with a popular theme twice; reseating for the third
    /// theme reaches the optimum. The objective is mostly theme fit, and with the themes fixed
    /// the fit part is a transportation problem solved exactly (`MinCostFlow`).
    ///
    /// - Returns: true when a table changed.
    @discardableResult
    mutating func retheme(sweeps: Int = 4) -> Bool {
        bestPerTable(sweeps: sweeps, polish: 0, where: { x, g in x.pr.keptTheme[g] == nil && !x.hasKept(g) }) { x, g, consider in
            let used = x.members.map { !$0.isEmpty }
            for θ in -1..<x.pr.T where θ >= 0 || used[g] {
                if θ == x.theme[g] && used[g] { continue }
                var themes = x.theme
                var open = used
                if θ < 0 { open[g] = false } else { open[g] = true; themes[g] = θ }
                guard var trial = x.seatedForThemes(themes, open: open) else { continue }
                trial.improve(passes: 4)
                consider(trial)
            }
        }
    }

    /// True when `retheme` fits a work budget: one sweep solves G × (T + 1) flows of at most
    /// P × G arcs and as many augmenting paths as seats; 60 million units of that product.
    /// Events of up to ~100 participants run it; 300 participants at 36 tables of 36 themes
    /// (4 billion) do not (their searches rely on rebuilds and exchanges).
    static func rethemeFits(_ pr: RoundTableProblem) -> Bool {
        let seats = min(pr.P * pr.perParticipant, pr.G * pr.maxSize)
        let work = Double(pr.G) * Double(pr.T + 1) * Double(seats) * Double(pr.P * pr.G)
        return work <= 60_000_000
    }

    /// The seating with these table themes, the open tables only, and the seats a re-plan
    /// keeps, whose theme fit is greatest: a min-cost flow from participants (at most
    /// `perParticipant` seats, the kept ones counted) through the sessions they are free for
    /// to the open tables of that session (at most `size.max` seats, the first `size.min` of
    /// them with a bonus no fit outweighs, so every table that can reach its minimum does).
    /// A table that still cannot is closed and the flow solved again. Pair scores are not in
    /// the flow; the caller's moves add them. Nil when no table is left open.
    func seatedForThemes(_ themes: [Int], open: [Bool]) -> RoundTableSearch? {
        let (P, S, G) = (pr.P, pr.S, pr.G)
        var open = open
        var x = RoundTableSearch(pr)
        for g in 0..<G { x.theme[g] = themes[g] }
        for g in 0..<G {
            let s = pr.sessionOf[g]
            for p in members[g] where kept[p * S + s] {
                x.add(p, g)
                x.kept[p * S + s] = true
            }
        }
        let bonus = 1_000.0
        while open.contains(true) {
            // Nodes: 0 source, 1 sink, 2 + p participants, 2 + P + p·S + s a participant in a
            // session, 2 + P + P·S + g tables.
            var flow = MinCostFlow(nodes: 2 + P + P * S + G)
            let table = 2 + P + P * S
            var seatArcs: [(p: Int, g: Int, arc: Int)] = []
            for p in 0..<P where x.count[p] < pr.perParticipant {
                flow.addArc(from: 0, to: 2 + p, capacity: pr.perParticipant - x.count[p], cost: 0)
                for s in 0..<S where pr.available(p, s) && x.seat[p * S + s] < 0 {
                    let node = 2 + P + p * S + s
                    flow.addArc(from: 2 + p, to: node, capacity: 1, cost: 0)
                    for g in pr.offset[s]..<(pr.offset[s] + pr.tables[s]) where open[g] {
                        let arc = flow.addArc(from: node, to: table + g, capacity: 1, cost: -pr.fit[p * pr.T + themes[g]])
                        seatArcs.append((p, g, arc))
                    }
                }
            }
            for g in 0..<G where open[g] {
                let needed = max(0, pr.minSize - x.size(g))
                let room = pr.maxSize - x.size(g)
                if needed > 0 { flow.addArc(from: table + g, to: 1, capacity: needed, cost: -bonus) }
                if room > needed { flow.addArc(from: table + g, to: 1, capacity: room - needed, cost: 0) }
            }
            _ = flow.run(source: 0, sink: 1)
            var size = (0..<G).map { x.size($0) }
            for (_, g, arc) in seatArcs where flow.flow(on: arc) > 0 { size[g] += 1 }
            let short = (0..<G).filter { open[$0] && size[$0] > 0 && size[$0] < pr.minSize && !x.hasKept($0) }
            if short.isEmpty {
                for (p, g, arc) in seatArcs where flow.flow(on: arc) > 0 { x.add(p, g) }
                x.repair()  // a kept table short of its minimum, in a re-plan
                return x
            }
            for g in short { open[g] = false }
        }
        return nil
    }
}
