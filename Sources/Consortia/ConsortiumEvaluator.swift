import MatchCore

/// The problem in flat arrays, for the search's inner loops: value and rule shortfalls of a
/// set of members, and of every one-member swap of it.
struct ConsortiumEvaluator {
    let m: Int, n: Int
    let coverage: [Double]
    let pairs: [Double]
    /// Need weights over their sum.
    let needWeight: [Double]
    let required: [Int]
    let threshold: Double
    let country: [Int], countries: Int
    let kind: [Int], kindMin: [Int]
    let memberState: [Int]
    /// Organisation index, or -1 when organisations do not matter or it has none.
    let organisation: [Int], organisations: Int
    let minCountries: Int, minFromMemberStates: Int
    let difference: Int
    let coverageWeight: Double, complementarityWeight: Double
    /// What one broken rule (one country, member or need short) costs in the search's
    /// objective: more than any difference in value, so that a feasible set always wins.
    static let penalty = 4.0

    init(_ p: ConsortiumProblem) {
        m = p.candidates.count
        n = p.needs.count
        coverage = p.coverage
        pairs = p.pairs
        let total = p.needs.reduce(0) { $0 + $1.weight }
        needWeight = p.needs.map { total > 0 ? $0.weight / total : 0 }
        required = p.needs.indices.filter { p.needs[$0].required }
        threshold = p.weights.requiredCoverage
        let countryIndex = Dictionary(Set(p.candidates.map(\.country)).sorted().enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        country = p.candidates.map { countryIndex[$0.country]! }
        countries = countryIndex.count
        let kinds = ParticipantKind.allCases
        kind = p.candidates.map { kinds.firstIndex(of: $0.kind)! }
        kindMin = kinds.map { p.rules.kinds[$0] ?? 0 }
        memberState = p.candidates.map { HorizonEurope.memberStates.contains($0.country) ? 1 : 0 }
        if p.rules.excludeSameOrganisation {
            let names = Set(p.candidates.compactMap(\.organisation)).sorted()
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            organisation = p.candidates.map { $0.organisation.flatMap { index[$0] } ?? -1 }
            organisations = names.count
        } else {
            organisation = [Int](repeating: -1, count: m)
            organisations = 0
        }
        minCountries = p.rules.minCountries
        minFromMemberStates = p.rules.minFromMemberStates
        difference = p.weights.minimumDifference
        coverageWeight = p.weights.coverage
        complementarityWeight = p.weights.complementarity
    }

    func value(_ s: [Int]) -> Double {
        var cover = 0.0
        for j in 0..<n {
            var best = 0.0
            for i in s { best = max(best, coverage[i * n + j]) }
            cover += needWeight[j] * best
        }
        return coverageWeight * cover + complementarityWeight * meanPair(s)
    }

    func meanPair(_ s: [Int]) -> Double {
        let k = s.count
        guard k > 1 else { return 0 }
        var sum = 0.0
        for a in 0..<k { for b in (a + 1)..<k { sum += pairs[s[a] * m + s[b]] } }
        return sum * 2 / Double(k * (k - 1))
    }

    /// How far a set is from meeting the rules (0: it meets them all), counting each
    /// missing country, member state member, member of a kind, duplicate organisation,
    /// uncovered required need, and member shared with an earlier proposal beyond the
    /// minimum difference. The size is the caller's.
    func shortfall(_ s: [Int], earlier: [[Bool]]) -> Int {
        var seenCountry = Set<Int>(), kinds = [Int](repeating: 0, count: kindMin.count), states = 0
        var orgs = Set<Int>(), duplicates = 0
        for i in s {
            seenCountry.insert(country[i])
            kinds[kind[i]] += 1
            states += memberState[i]
            if organisation[i] >= 0 && !orgs.insert(organisation[i]).inserted { duplicates += 1 }
        }
        var short = max(0, minCountries - seenCountry.count) + max(0, minFromMemberStates - states) + duplicates
        for k in kinds.indices { short += max(0, kindMin[k] - kinds[k]) }
        for j in required where s.allSatisfy({ coverage[$0 * n + j] < threshold }) { short += 1 }
        for e in earlier { short += max(0, s.count(where: { e[$0] }) - (s.count - difference)) }
        return short
    }

    func objective(_ s: [Int], earlier: [[Bool]]) -> Double {
        value(s) - Self.penalty * Double(shortfall(s, earlier: earlier))
    }
}

extension ConsortiumEvaluator {
    /// Best-improvement swap search: replaces one member (never `fixed`) by one non-member
    /// while that raises the objective.
    /// - Complexity: per pass O(k · (k·n + m·(n + k + p))) for k members, n needs, m
    ///   candidates and p earlier proposals.
    func improve(_ s: inout [Int], fixed: Int?, earlier: [[Bool]]) -> Double {
        let k = s.count
        var current = objective(s, earlier: earlier)
        guard k > 0 else { return current }
        let pairScale = k > 1 ? complementarityWeight * 2 / Double(k * (k - 1)) : 0
        var inSet = [Bool](repeating: false, count: m)
        var best = [Double](repeating: 0, count: n)
        var countryCount = [Int](repeating: 0, count: countries), orgCount = [Int](repeating: 0, count: organisations)
        var kindCount = [Int](repeating: 0, count: kindMin.count)
        var shared = [Int](repeating: 0, count: earlier.count)
        while true {
            for i in s { inSet[i] = true }
            var move: (position: Int, candidate: Int)?
            var moveValue = current
            for position in 0..<k where s[position] != fixed {
                let out = s[position]
                for j in 0..<n { best[j] = 0 }
                for c in 0..<countries { countryCount[c] = 0 }
                for c in 0..<organisations { orgCount[c] = 0 }
                for c in kindCount.indices { kindCount[c] = 0 }
                for e in earlier.indices { shared[e] = 0 }
                var states = 0, duplicates = 0, distinct = 0, pairSum = 0.0
                for (a, i) in s.enumerated() where a != position {
                    for j in 0..<n { best[j] = max(best[j], coverage[i * n + j]) }
                    if countryCount[country[i]] == 0 { distinct += 1 }
                    countryCount[country[i]] += 1
                    if organisation[i] >= 0 { if orgCount[organisation[i]] > 0 { duplicates += 1 }; orgCount[organisation[i]] += 1 }
                    kindCount[kind[i]] += 1
                    states += memberState[i]
                    for e in earlier.indices where earlier[e][i] { shared[e] += 1 }
                    for (b, i2) in s.enumerated() where b > a && b != position { pairSum += pairs[i * m + i2] }
                }
                var kindShort = 0
                for c in kindCount.indices { kindShort += max(0, kindMin[c] - kindCount[c]) }
                let allowedShared = k - difference
                for v in 0..<m where !inSet[v] && v != out {
                    var cover = 0.0, missing = 0
                    let row = v * n
                    for j in 0..<n { cover += needWeight[j] * max(best[j], coverage[row + j]) }
                    for j in required where max(best[j], coverage[row + j]) < threshold { missing += 1 }
                    var ps = pairSum
                    let prow = v * m
                    for (a, i) in s.enumerated() where a != position { ps += pairs[prow + i] }
                    var short = missing + duplicates
                    short += max(0, minCountries - distinct - (countryCount[country[v]] == 0 ? 1 : 0))
                    short += max(0, minFromMemberStates - states - memberState[v])
                    short += kindShort - (kindCount[kind[v]] < kindMin[kind[v]] ? 1 : 0)
                    if organisation[v] >= 0 && orgCount[organisation[v]] > 0 { short += 1 }
                    for e in earlier.indices { short += max(0, shared[e] + (earlier[e][v] ? 1 : 0) - allowedShared) }
                    let f = coverageWeight * cover + pairScale * ps - Self.penalty * Double(short)
                    if f > moveValue + 1e-12 { (moveValue, move) = (f, (position, v)) }
                }
            }
            for i in s { inSet[i] = false }
            guard let move else { return current }
            s[move.position] = move.candidate
            current = moveValue
        }
    }
}
