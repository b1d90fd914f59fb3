import MatchCore

extension MatchEngine {
    /// Whether the `newOnly` rule (the profile's, or asked for with `newOnly`) leaves out a
    /// pair because it already collaborated or met. False without history.
    package func excludesAsNotNew(_ a: String, _ b: String, newOnly: Bool) -> Bool {
        guard newOnly || profile.rules.newOnly, let network else { return false }
        return network.collaborated(a, b)
    }

    /// "1 partner", "12 partners".
    static func partners(_ n: Int) -> String { "\(n) partner\(n == 1 ? "" : "s")" }

    /// What the history says about a pair, for explanations: earlier work together, common
    /// partners (`you both worked with Acme (2019) and Fraunhofer IDMT (2021)`), and how
    /// active both are where the profile's `activity` adds to the score.
    /// - Parameter name: a history member's display name (`ClusterMatch.historyNames`); its id when nil.
    package func historyNotes(_ a: String, _ b: String, name: (String) -> String?) -> [String] {
        guard let network else { return [] }
        var notes: [String] = []
        if let tie = network.ties(a, b), let together = tie.together {
            // Only meetings of two: say "met"; a project or partnership among the records: as before.
            let done = tie.relation == .met ? "met" : "worked together or met"
            notes.append("you already \(done) (last in \(together.prefix(4)))"
                         + (profile.rules.newOnly ? "; the profile's newOnly rule leaves such pairs out" : ""))
        }
        if let common = network.explanation(a, b, name: name) { notes.append(common) }
        // Activity adds to the score only with the most active, and only where the pair shares
        // content or partners: say so where it does.
        // The term's own value and relation first: the pair's parts (its products) only for a
        // gate that content alone can open. Match-all asks this for every listed pair.
        let matrix = matcher.matrix
        if let term = matcher.pairTerms.first(where: { $0.name == .activity }), let i = matrix.row(of: a), let j = matrix.row(of: b),
           term.value(i, j) > 0,
           term.related?(i, j) != false || matcher.scoreParts(row: i, partner: j).contains(where: { $0.name == .activity && $0.value > 0 }) {
            notes.append("active in the history: you worked with \(Self.partners(network.partnerCount(a))), they with \(Self.partners(network.partnerCount(b))) (activity counts with the most active)")
        }
        return notes
    }
}

extension ClusterMatch {
    /// Display names for the history notes of the pairs `(a, b)`: the names of the up to three
    /// common partners each note shows (participants, also those met at events, else the
    /// names history imports gave), read in one query.
    func historyNames(forPairs pairs: [(String, String)], engine: MatchEngine) throws -> [String: String] {
        guard let network = engine.network else { return [:] }
        var wanted: Set<String> = []
        for (a, b) in pairs { for p in network.strongestCommonPartners(a, b, limit: 3).partners { wanted.insert(p.id) } }
        return try store.displayNames(of: wanted)
    }

    /// Display names of every history member, for notes on every list (`match-all`).
    func historyNames(engine: MatchEngine) throws -> [String: String] {
        try store.displayNames(of: Set(engine.network?.ids ?? []))
    }
}
