import MatchCore

/// One participant who may join a consortium, as the optimiser sees it.
package struct ConsortiumCandidate: Sendable, Hashable {
    package var id: String
    package var kind: ParticipantKind
    package var country: String
    /// Lower-cased organisation name, or nil (then it shares its organisation with no one).
    package var organisation: String?

    package init(id: String, kind: ParticipantKind, country: String, organisation: String?) {
        self.id = id
        self.kind = kind
        self.country = country
        self.organisation = organisation?.lowercased()
    }
}

/// How a consortium's value is composed, and the constants of its rules, in one place.
///
/// `value = coverage·coverageWeight + complementarity·complementarityWeight + history`:
/// - coverage: Σ over needs of weight × the best member's coverage of it, over Σ weights (0…1);
/// - complementarity: the mean pair score of the members under the scoring profile;
/// - history: 0 (no collaboration history is stored yet; the profile will set its bonus).
package struct ConsortiumWeights: Sendable, Hashable {
    package var coverage: Double = 0.7
    package var complementarity: Double = 0.3
    package var history: Double = 0
    /// A required need counts as covered when its best member covers it at least this well
    /// (the cosine of the member's offers and the need; unrelated profiles score near 0,
    /// a shared keyword phrase typically 0.2–0.6).
    package var requiredCoverage: Double = 0.10
    /// Each proposal has at least this many members who are not in any one better-ranked
    /// proposal, so that the top 5 are not one group with one member swapped.
    package var minimumDifference: Int = 2

    package init() {}
}

/// A consortium search: candidates, how well each covers each need, how well each pair
/// complements each other, and the call's rules.
package struct ConsortiumProblem: Sendable {
    /// Sorted by id: indices are the order ties are broken by.
    package var candidates: [ConsortiumCandidate]
    package var needs: [CallNeed]
    /// `coverage[i * needs.count + n]`: how well candidate i's offers cover need n (≥ 0).
    package var coverage: [Double]
    /// `pairs[i * candidates.count + j]`: the pair score of i and j (symmetric).
    package var pairs: [Double]
    package var rules: CallRules
    /// Index of a candidate every proposal contains.
    package var lead: Int?
    package var weights: ConsortiumWeights

    package init(candidates: [ConsortiumCandidate], needs: [CallNeed], coverage: [Double], pairs: [Double], rules: CallRules,
                lead: Int? = nil, weights: ConsortiumWeights = ConsortiumWeights()) {
        precondition(coverage.count == candidates.count * needs.count && pairs.count == candidates.count * candidates.count)
        precondition(zip(candidates, candidates.dropFirst()).allSatisfy { $0.id < $1.id }, "candidates must be sorted by id")
        self.candidates = candidates
        self.needs = needs
        self.coverage = coverage.map { max($0, 0) }
        self.pairs = pairs
        self.rules = rules
        self.lead = lead
        self.weights = weights
    }

    package func coverage(_ i: Int, _ n: Int) -> Double { coverage[i * needs.count + n] }
    package func pair(_ i: Int, _ j: Int) -> Double { pairs[i * candidates.count + j] }

    /// The parts of a set of members' value.
    package func components(of members: [Int]) -> (coverage: Double, complementarity: Double, history: Double) {
        let total = needs.reduce(0) { $0 + $1.weight }
        var cover = 0.0
        for n in needs.indices {
            var best = 0.0
            for i in members { best = max(best, coverage(i, n)) }
            cover += needs[n].weight * best
        }
        var sum = 0.0
        for a in members.indices { for b in members.indices where b > a { sum += pair(members[a], members[b]) } }
        let k = members.count
        return (total > 0 ? cover / total : 0, k > 1 ? sum * 2 / Double(k * (k - 1)) : 0, 0)
    }

    /// The value the search maximises (see `ConsortiumWeights`).
    package func value(of members: [Int]) -> Double {
        let c = components(of: members)
        return weights.coverage * c.coverage + weights.complementarity * c.complementarity + weights.history * c.history
    }

    /// The first rule (by its JSON key) that a set of members breaks, or nil. Diversity
    /// between proposals is not a rule of the call and is not checked here.
    package func brokenRule(_ members: [Int]) -> String? {
        let r = rules, chosen = members.map { candidates[$0] }
        if members.count < r.minPartners { return "rules.minPartners" }
        if members.count > r.maxPartners { return "rules.maxPartners" }
        if Set(chosen.map(\.country)).count < r.minCountries { return "rules.minCountries" }
        if let eligible = r.eligibleCountries.codes, chosen.contains(where: { !eligible.contains($0.country) }) { return "rules.eligibleCountries" }
        if chosen.count(where: { HorizonEurope.memberStates.contains($0.country) }) < r.minFromMemberStates { return "rules.minFromMemberStates" }
        for (kind, min) in r.kinds.sorted(by: { $0.key < $1.key }) where chosen.count(where: { $0.kind == kind }) < min {
            return "rules.kinds.\(kind.rawValue).min"
        }
        if r.excludeSameOrganisation {
            let orgs = chosen.compactMap(\.organisation)
            if Set(orgs).count < orgs.count { return "rules.excludeSameOrganisation" }
        }
        if chosen.contains(where: { r.exclude.contains($0.id) }) { return "rules.exclude" }
        for n in needs.indices where needs[n].required {
            if members.allSatisfy({ coverage($0, n) < weights.requiredCoverage }) { return "needs[\(n)].required" }
        }
        if let lead, !members.contains(lead) { return "lead" }
        return nil
    }

    /// For each member (in `members` order), the needs it covers: each need is covered by
    /// its best member (ties: the smaller id), when that member covers it at all.
    package func covers(_ members: [Int]) -> [[Int]] {
        var result = [[Int]](repeating: [], count: members.count)
        for n in needs.indices {
            var best = -1, value = 0.0
            for (m, i) in members.enumerated() {
                let c = coverage(i, n)
                if c > value || (best >= 0 && c == value && i < members[best]) { (best, value) = (m, c) }
            }
            if best >= 0 { result[best].append(n) }
        }
        return result
    }
}

/// A proposed consortium: members (candidate indices, ascending), value and its parts.
package struct Consortium: Sendable, Hashable {
    package var members: [Int]
    package var value: Double
    package var coverage: Double
    package var complementarity: Double
    package var history: Double

    init(_ members: [Int], in problem: ConsortiumProblem) {
        self.members = members.sorted()
        let c = problem.components(of: self.members)
        (coverage, complementarity, history) = c
        value = problem.value(of: self.members)
    }

    /// Better first: higher value, then the lexicographically smaller member list.
    func ranksBefore(_ other: Consortium) -> Bool {
        value != other.value ? value > other.value : members.lexicographicallyPrecedes(other.members)
    }
}
