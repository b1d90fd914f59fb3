extension RoundTableSearch {
    /// Exchanges the themes of two tables in different sessions, each table then rebuilt
    /// around its new theme (`rebuild`), and keeps the exchange when the objective grew.
    ///
    /// Why: which session a theme's table is in decides who can sit there (one in five
    /// participants is away for part of a day). The seat moves and a table's rebuild change one
    /// table at a time, so a theme placed in a session where few of its people are free stays
    /// there; at 300 participants moving themes between sessions was worth more than every
    /// other move (the transport-optimal seating of the themes the planner chose: 183.1 as
    /// placed, 188.8 after exchanges; Benchmarks/roundtables/README.md).
    /// - Returns: true when tables were exchanged.
    @discardableResult
    mutating func exchangeSessions(sweeps: Int = 2) -> Bool {
        var any = false
        for _ in 0..<sweeps {
            var improved = false
            for g in 0..<pr.G where pr.keptTheme[g] == nil && !hasKept(g) {
                for h in (g + 1)..<pr.G where pr.sessionOf[h] != pr.sessionOf[g] && theme[h] != theme[g]
                    && pr.keptTheme[h] == nil && !hasKept(h) && !(members[g].isEmpty && members[h].isEmpty) {
                    var trial = self
                    let (θg, θh) = (theme[g], theme[h])
                    trial.rebuild(g, theme: θh)
                    trial.rebuild(h, theme: θg)
                    if trial.objective > objective + eps {
                        self = trial
                        improved = true
                    }
                }
            }
            if !improved { break }
            any = true
            improve(passes: 4)
        }
        return any
    }

    /// Exchanges between sessions and table rebuilds in turn while exchanges improve (at most
    /// `rounds` times): the end of each search in `solve`.
    mutating func exchangeThenRebuild(rounds: Int = 3) {
        for _ in 0..<rounds {
            guard exchangeSessions() else { return }
            guard rebuildTables() else { return }
        }
    }

    /// True when a re-plan keeps a seat at table g.
    func hasKept(_ g: Int) -> Bool {
        let s = pr.sessionOf[g]
        return members[g].contains { kept[$0 * pr.S + s] }
    }
}
