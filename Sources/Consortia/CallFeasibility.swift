import MatchCore

/// Rules no set of participants can meet, found before any search: each message names the
/// rule by its JSON key, in the order of the call file's keys.
package enum CallFeasibility {
    /// The first rule the eligible participants cannot meet, as a message for people, or nil.
    /// - Parameters:
    ///   - population: every participant who may be proposed (eligible country, not
    ///     excluded, not opted out).
    ///   - bestCoverage: per need, the best coverage among them and who gives it.
    package static func firstFailingRule(_ call: Call, population: [ConsortiumCandidate],
                                        bestCoverage: [(value: Double, id: String?)],
                                        weights: ConsortiumWeights = ConsortiumWeights()) -> String? {
        let r = call.rules
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        if population.count < r.minPartners {
            return "rules.minPartners: only \(plural(population.count, "participant is", "participants are")) eligible (after rules.eligibleCountries, rules.exclude and opt-outs); the call needs at least \(r.minPartners)"
        }
        if r.minCountries > r.maxPartners {
            return "rules.minCountries: \(r.minCountries) countries cannot be met by at most \(r.maxPartners) partners (rules.maxPartners)"
        }
        let countries = Set(population.map(\.country)).sorted()
        if countries.count < r.minCountries {
            return "rules.minCountries: only \(plural(countries.count, "eligible country has", "eligible countries have")) participants (\(countries.joined(separator: ", "))); the call needs \(r.minCountries)"
        }
        if r.minFromMemberStates > r.maxPartners {
            return "rules.minFromMemberStates: \(r.minFromMemberStates) members from EU member states cannot be met by at most \(r.maxPartners) partners (rules.maxPartners)"
        }
        let states = population.count(where: { HorizonEurope.memberStates.contains($0.country) })
        if states < r.minFromMemberStates {
            return "rules.minFromMemberStates: only \(plural(states, "eligible participant is", "eligible participants are")) in an EU member state; the call needs \(r.minFromMemberStates)"
        }
        for (kind, min) in r.kinds.sorted(by: { $0.key < $1.key }) {
            let have = population.count(where: { $0.kind == kind })
            if have < min {
                return "rules.kinds.\(kind.rawValue).min: only \(plural(have, "eligible participant is", "eligible participants are")) of kind \(kind.rawValue); the call needs \(min)"
            }
        }
        let kindTotal = r.kinds.values.reduce(0, +)
        if kindTotal > r.maxPartners {
            return "rules.kinds: the minimums add up to \(kindTotal) members, more than rules.maxPartners (\(r.maxPartners))"
        }
        if r.excludeSameOrganisation {
            let named = population.compactMap(\.organisation)
            let distinct = Set(named).count + (population.count - named.count)
            if distinct < r.minPartners {
                return "rules.excludeSameOrganisation: the eligible participants come from only \(plural(distinct, "organisation", "different organisations")); the call needs at least \(r.minPartners) partners (rules.minPartners)"
            }
        }
        for (n, need) in call.needs.enumerated() where need.required {
            let best = bestCoverage[n]
            if best.value < weights.requiredCoverage {
                let by = best.id.map { " (the best, \($0), covers it \(format(best.value)))" } ?? ""
                return "needs[\(n)].required: no eligible participant's offers cover need \"\(need.id)\" at \(format(weights.requiredCoverage)) or more\(by)"
            }
        }
        return nil
    }

    static func format(_ x: Double) -> String {
        let scaled = (x * 100).rounded()
        let whole = Int(scaled) / 100, cents = abs(Int(scaled)) % 100
        return "\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }
}

/// The candidates a search considers out of a large population.
package enum CandidatePool {
    /// Indices (ascending) of the participants worth considering: the lead; the best
    /// `perNeed` for each need; the best `perNeed` overall, of each kind with a minimum, and
    /// from member states when the call needs them; the best two of each of the countries
    /// whose best participant ranks highest, when the call needs several countries.
    /// "Best overall" is the weighted mean coverage of the needs.
    /// - Complexity: O(P·n + L·P log P) for P participants, n needs and L lists.
    package static func select(population: [ConsortiumCandidate], coverage: [Double], needs: [CallNeed], rules: CallRules,
                              lead: Int?, perNeed: Int) -> [Int] {
        let p = population.count, n = needs.count
        let total = needs.reduce(0) { $0 + $1.weight }
        var solo = [Double](repeating: 0, count: p)
        for i in 0..<p { for j in 0..<n { solo[i] += needs[j].weight * coverage[i * n + j] } ; solo[i] /= max(total, 1e-12) }
        var keep = Set<Int>()
        if let lead { keep.insert(lead) }
        func best(_ k: Int, by score: (Int) -> Double, among: ((Int) -> Bool)? = nil) {
            var ranked = (0..<p).filter { among?($0) ?? true }
            ranked.sort { score($0) != score($1) ? score($0) > score($1) : $0 < $1 }
            keep.formUnion(ranked.prefix(k))
        }
        for j in 0..<n { best(perNeed, by: { coverage[$0 * n + j] }) }
        best(perNeed, by: { solo[$0] })
        for (kind, min) in rules.kinds where min > 0 { best(max(perNeed, 2 * min), by: { solo[$0] }, among: { population[$0].kind == kind }) }
        if rules.minFromMemberStates > 0 {
            best(max(perNeed, 2 * rules.minFromMemberStates), by: { solo[$0] }, among: { HorizonEurope.memberStates.contains(population[$0].country) })
        }
        if rules.minCountries > 1 {
            var byCountry: [String: [Int]] = [:]
            for i in 0..<p { byCountry[population[i].country, default: []].append(i) }
            let ranked = byCountry.map { country, members in
                (country, members.sorted { solo[$0] != solo[$1] ? solo[$0] > solo[$1] : $0 < $1 })
            }.sorted { solo[$0.1[0]] != solo[$1.1[0]] ? solo[$0.1[0]] > solo[$1.1[0]] : $0.0 < $1.0 }
            for (_, members) in ranked.prefix(max(2 * rules.maxPartners, rules.minCountries + 4)) { keep.formUnion(members.prefix(2)) }
        }
        return keep.sorted()
    }
}
