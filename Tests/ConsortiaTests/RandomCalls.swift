import Consortia
import MatchCore

/// Random consortium problems for property and exactness tests.
struct RandomCalls {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func double() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }

    /// `m` candidates from a few countries, organisations and kinds; `n` needs, some
    /// required; sparse coverage (most candidates cover a need not at all) and symmetric
    /// pair scores; rules drawn so that most instances are feasible.
    mutating func problem(candidates m: Int, needs n: Int, lead: Bool = false) -> ConsortiumProblem {
        let countries = ["DE", "DK", "NO", "SE", "US"], kinds: [ParticipantKind] = [.company, .knowledgeInstitution, .researcher]
        let candidates = (0..<m).map { i in
            ConsortiumCandidate(id: "p\(String(format: "%03d", i))", kind: kinds[int(0...2)], country: countries[int(0...4)],
                                organisation: int(0...3) == 0 ? "org\(int(0...2))" : nil)
        }
        let needs = (0..<n).map { j in CallNeed(id: "n\(j)", keywords: ["k\(j)"], required: int(0...2) == 0, weight: Double(int(1...3))) }
        var coverage = [Double](repeating: 0, count: m * n)
        for x in coverage.indices where int(0...2) == 0 { coverage[x] = double() }
        var pairs = [Double](repeating: 0, count: m * m)
        for i in 0..<m { for j in (i + 1)..<m { let v = double() * 0.6 - 0.05; pairs[i * m + j] = v; pairs[j * m + i] = v } }
        var rules = CallRules()
        rules.minPartners = int(2...3)
        rules.maxPartners = rules.minPartners + int(0...2)
        rules.minCountries = int(0...3)
        rules.minFromMemberStates = int(0...1)
        if int(0...1) == 0 { rules.kinds[.company] = 1 }
        if int(0...2) == 0 { rules.kinds[.knowledgeInstitution] = 1 }
        rules.excludeSameOrganisation = int(0...1) == 0
        return ConsortiumProblem(candidates: candidates, needs: needs, coverage: coverage, pairs: pairs, rules: rules,
                                 lead: lead ? int(0...(m - 1)) : nil)
    }
}

/// The reference the tests compare with: every subset, the rules and the value written
/// out again from their definitions in docs/consortium.md (not the optimiser's code).
enum BruteForce {
    static func meetsRules(_ p: ConsortiumProblem, _ s: [Int]) -> Bool {
        let r = p.rules, members = s.map { p.candidates[$0] }
        guard s.count >= r.minPartners, s.count <= r.maxPartners else { return false }
        guard Set(members.map(\.country)).count >= r.minCountries else { return false }
        guard members.filter({ HorizonEurope.memberStates.contains($0.country) }).count >= r.minFromMemberStates else { return false }
        for (kind, min) in r.kinds where members.filter({ $0.kind == kind }).count < min { return false }
        if r.excludeSameOrganisation {
            let orgs = members.compactMap(\.organisation)
            if Set(orgs).count != orgs.count { return false }
        }
        for (j, need) in p.needs.enumerated() where need.required {
            if (s.map { p.coverage($0, j) }.max() ?? 0) < p.weights.requiredCoverage { return false }
        }
        if let lead = p.lead, !s.contains(lead) { return false }
        return true
    }

    static func value(_ p: ConsortiumProblem, _ s: [Int]) -> Double {
        let w = p.needs.map(\.weight), total = w.reduce(0, +)
        let cover = p.needs.indices.map { j in w[j] * (s.map { p.coverage($0, j) }.max() ?? 0) }.reduce(0, +) / total
        var pairs: [Double] = []
        for a in s.indices { for b in s.indices where b > a { pairs.append(p.pair(s[a], s[b])) } }
        let mean = pairs.isEmpty ? 0 : pairs.reduce(0, +) / Double(pairs.count)
        return 0.7 * cover + 0.3 * mean
    }

    /// Every feasible set, best first (value, then members), and the proposals: each the
    /// best that has ≥ 2 members outside every earlier one.
    static func proposals(_ p: ConsortiumProblem, count: Int) -> [(members: [Int], value: Double)] {
        var all: [(members: [Int], value: Double)] = []
        let m = p.candidates.count
        for mask in 1..<(1 << m) {
            let s = (0..<m).filter { mask & (1 << $0) != 0 }
            if s.count <= p.rules.maxPartners, meetsRules(p, s) { all.append((s, value(p, s))) }
        }
        all.sort { abs($0.value - $1.value) > 1e-12 ? $0.value > $1.value : $0.members.lexicographicallyPrecedes($1.members) }
        var chosen: [(members: [Int], value: Double)] = []
        for c in all where chosen.count < count {
            if chosen.allSatisfy({ prior in c.members.filter { !prior.members.contains($0) }.count >= 2 }) { chosen.append(c) }
        }
        return chosen
    }
}
