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
    package func historyNotes(_ a: String, _ b: String, names: [String: String]) -> [String] {
        guard let network else { return [] }
        var notes: [String] = []
        if let tie = network.ties(a, b) {
            notes.append("you already worked together (last in \(tie.newest.prefix(4)))"
                         + (profile.rules.newOnly ? "; the profile's newOnly rule leaves such pairs out" : ""))
        }
        if let common = network.explanation(a, b, name: { names[$0] }) { notes.append(common) }
        return notes
    }
}
