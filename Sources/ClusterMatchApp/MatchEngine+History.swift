import MatchCore

extension MatchEngine {
    /// Whether the `newOnly` rule (the profile's, or asked for with `newOnly`) leaves out a
    /// pair because it already collaborated or met. False without history.
    package func excludesAsNotNew(_ a: String, _ b: String, newOnly: Bool) -> Bool {
        guard newOnly || profile.rules.newOnly, let network else { return false }
        return network.collaborated(a, b)
    }

    /// What the history says about a pair, for explanations: earlier work together, and
    /// common partners (`you both worked with Acme (2019) and Fraunhofer IDMT (2021)`).
    /// - Parameter name: a history member's display name (`ClusterMatch.historyNames`); its id when nil.
    package func historyNotes(_ a: String, _ b: String, name: (String) -> String?) -> [String] {
        guard let network else { return [] }
        var notes: [String] = []
        if let tie = network.ties(a, b) {
            notes.append("you already worked together (last in \(tie.newest.prefix(4)))"
                         + (profile.rules.newOnly ? "; the profile's newOnly rule leaves such pairs out" : ""))
        }
        if let common = network.explanation(a, b, name: name) { notes.append(common) }
        return notes
    }
}

extension ClusterMatch {
    /// Display names of history members: participants' names (of `participants` when given,
    /// else looked up, so that partners met at an event are named too), else the names
    /// history imports gave (`MatchStore.historyNames`).
    func historyNames(participants: [Participant?]? = nil) throws -> @Sendable (String) -> String? {
        var names = try store.historyNames()
        if let participants { for p in participants { if let p { names[p.id] = p.name } } }
        let known = names, store = self.store
        return { id in known[id] ?? (participants == nil ? (try? store.participant(id))?.name : nil) }
    }
}
