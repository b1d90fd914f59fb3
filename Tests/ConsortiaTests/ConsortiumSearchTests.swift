import Consortia
import MatchCore
import Testing

@Suite struct ConsortiumSearchTests {
    @Test(arguments: 0..<40)
    func everyProposalMeetsEveryRuleAndDiffersFromTheBetterOnes(seed: Int) {
        var gen = RandomCalls(seed: UInt64(seed))
        let exhaustive = seed % 2 == 0
        let problem = gen.problem(candidates: exhaustive ? 11 : 40, needs: gen.int(2...6), lead: seed % 3 == 0)
        var search = ConsortiumSearch(problem: problem)
        if !exhaustive { search.exhaustiveLimit = 0 }
        let proposals = search.proposals(5)
        for (r, c) in proposals.enumerated() {
            #expect(problem.brokenRule(c.members) == nil, "proposal \(r + 1) of seed \(seed)")
            #expect(BruteForce.meetsRules(problem, c.members))
            #expect(abs(c.value - BruteForce.value(problem, c.members)) < 1e-9)
            if let lead = problem.lead { #expect(c.members.contains(lead)) }
            for prior in proposals[..<r] {
                #expect(c.members.filter { !prior.members.contains($0) }.count >= 2, "proposal \(r + 1) is too close to a better one")
            }
            if r > 0 { #expect(c.value <= proposals[r - 1].value + 1e-12) }
        }
        // Feasible instances get at least one proposal (the search is complete on 11
        // candidates; on 40, the brute force below would be too slow, so only 11 checks this).
        if exhaustive { #expect(proposals.isEmpty == BruteForce.proposals(problem, count: 1).isEmpty) }
    }

    @Test(arguments: 0..<30)
    func checkingEverySetGivesTheBruteForceProposals(seed: Int) {
        var gen = RandomCalls(seed: 1_000 + UInt64(seed))
        let problem = gen.problem(candidates: gen.int(6...12), needs: gen.int(1...5), lead: seed % 2 == 1)
        let search = ConsortiumSearch(problem: problem)
        #expect(search.isExhaustive)
        let found = search.proposals(5), expected = BruteForce.proposals(problem, count: 5)
        #expect(found.map(\.members) == expected.map(\.members))
        for (a, b) in zip(found, expected) { #expect(abs(a.value - b.value) < 1e-9) }
    }

    @Test(arguments: 0..<30)
    func theLocalSearchFindsTheOptimumOfSmallInstances(seed: Int) {
        var gen = RandomCalls(seed: 2_000 + UInt64(seed))
        let problem = gen.problem(candidates: 14, needs: gen.int(2...6), lead: seed % 2 == 0)
        var search = ConsortiumSearch(problem: problem)
        search.exhaustiveLimit = 0
        let found = search.proposals(1), expected = BruteForce.proposals(problem, count: 1)
        #expect(found.count == expected.count)
        if let f = found.first, let e = expected.first { #expect(f.value >= 0.99 * e.value, "seed \(seed): \(f.value) vs optimum \(e.value)") }
    }

    /// Five candidates each cover one need fully and complement each other; thirty
    /// look-alikes cover two or three needs each, but only partly, and pair less well.
    @Test(arguments: [true, false])
    func aPlantedConsortiumThatCoversEveryNeedComesFirst(exhaustive: Bool) {
        var gen = RandomCalls(seed: 7)
        let n = 5, m = exhaustive ? 12 : 35
        let planted = exhaustive ? [2, 4, 6, 8, 10] : [3, 9, 14, 22, 30]
        let candidates = (0..<m).map { ConsortiumCandidate(id: "p\(String(format: "%03d", $0))", kind: .company, country: ["DK", "SE", "DE"][$0 % 3], organisation: nil) }
        var coverage = [Double](repeating: 0, count: m * n), pairs = [Double](repeating: 0, count: m * m)
        for i in 0..<m where !planted.contains(i) {
            for j in 0..<n where gen.int(0...1) == 0 { coverage[i * n + j] = 0.45 + 0.3 * gen.double() }
        }
        for (j, i) in planted.enumerated() { coverage[i * n + j] = 0.9 }
        for i in 0..<m { for k in 0..<m where i != k {
            let v = planted.contains(i) && planted.contains(k) ? 0.5 : 0.1 + 0.2 * gen.double()
            pairs[i * m + k] = v; pairs[k * m + i] = v
        } }
        var rules = CallRules()
        (rules.minPartners, rules.maxPartners, rules.minCountries) = (3, 6, 3)
        let needs = (0..<n).map { CallNeed(id: "n\($0)", keywords: ["k\($0)"]) }
        let problem = ConsortiumProblem(candidates: candidates, needs: needs, coverage: coverage, pairs: pairs, rules: rules)
        var search = ConsortiumSearch(problem: problem)
        if !exhaustive { search.exhaustiveLimit = 0 }
        #expect(search.isExhaustive == exhaustive)
        let first = search.proposals(3).first
        #expect(first?.members == planted)
        #expect(first.map { problem.covers($0.members) } == planted.indices.map { [$0] })
    }

    @Test func aNeedIsCoveredByItsBestMemberAndTiesGoToTheSmallerID() {
        let candidates = ["a", "b", "c"].map { ConsortiumCandidate(id: $0, kind: .company, country: "DK", organisation: nil) }
        let needs = ["x", "y", "z"].map { CallNeed(id: $0, keywords: [$0]) }
        // x: b best; y: a and c tie; z: nobody.
        let coverage = [0.2, 0.5, 0, 0.5, 0.1, 0, 0, 0.5, 0]
        let p = ConsortiumProblem(candidates: candidates, needs: needs, coverage: coverage, pairs: [Double](repeating: 0, count: 9), rules: CallRules())
        #expect(p.covers([0, 1, 2]) == [[1], [0], []])
        #expect(abs(p.components(of: [0, 1, 2]).coverage - (0.5 + 0.5 + 0) / 3) < 1e-12)
    }

    /// Two companies exist but share an organisation: each rule alone can be met, not both.
    @Test func rulesThatConflictOnlyTogetherGiveNoProposalAndTheClosestSetNamesOne() {
        let candidates = [ConsortiumCandidate(id: "a", kind: .company, country: "DK", organisation: "X"),
                          ConsortiumCandidate(id: "b", kind: .company, country: "SE", organisation: "x"),
                          ConsortiumCandidate(id: "c", kind: .researcher, country: "DE", organisation: nil),
                          ConsortiumCandidate(id: "d", kind: .researcher, country: "NO", organisation: nil)]
        var rules = CallRules()
        (rules.minPartners, rules.maxPartners, rules.excludeSameOrganisation) = (3, 3, true)
        rules.kinds = [.company: 2]
        let needs = [CallNeed(id: "n", keywords: ["k"])]
        let problem = ConsortiumProblem(candidates: candidates, needs: needs, coverage: [0.5, 0.4, 0.3, 0.2],
                                        pairs: [Double](repeating: 0.1, count: 16), rules: rules)
        let call = Call(id: "c", title: "c", needs: needs, rules: rules)
        #expect(CallFeasibility.firstFailingRule(call, population: candidates, bestCoverage: [(0.5, "a")]) == nil)
        for limit in [200_000.0, 0] {
            var search = ConsortiumSearch(problem: problem)
            search.exhaustiveLimit = limit
            #expect(search.proposals(3).isEmpty)
            let closest = search.closestMiss()
            #expect(closest != nil)
            #expect(closest.flatMap(problem.brokenRule).map { ["rules.kinds.company.min", "rules.excludeSameOrganisation"].contains($0) } == true)
        }
    }
}
