import Testing
@testable import MatchCore

/// The all-pairs filter of a profile's rules against `exclusion`, pair by pair.
@Suite("Rules as an all-pairs filter")
struct PairFilterTests {
    static func directory(n: Int, optOut: (Int) -> Bool) -> (ids: [String], entries: [ParticipantDirectory.Entry]) {
        let kinds: [ParticipantKind] = [.company, .researcher, .cluster]
        let entries = (0..<n).map { i in
            ParticipantDirectory.Entry(kind: kinds[i % 3], country: ["DK", "DE"][i % 2], organisation: i % 4 == 0 ? "acme" : nil,
                                       employees: nil, clusters: i % 5 == 0 ? ["c1"] : [], optOut: optOut(i), een: nil)
        }
        return ((0..<n).map { "r\($0)" }, entries)
    }

    static func expectSame(_ rules: MatchRules, _ d: (ids: [String], entries: [ParticipantDirectory.Entry]), _ filter: ((Int, Int) -> Bool)?) {
        for i in d.ids.indices {
            for j in d.ids.indices where j != i {
                let want = rules.exclusion(d.ids[i], d.entries[i], d.ids[j], d.entries[j]) == nil
                #expect((filter?(i, j) ?? true) == want, "pair \(i) \(j)")
            }
        }
    }

    @Test func optingOutAloneIsALookUpAndNobodyOptedOutIsNoFilter() {
        let rules = MatchRules()  // peers: no rule but opting out
        let some = Self.directory(n: 30) { $0 % 7 == 3 }
        let filter = rules.pairFilter(ids: some.ids, entries: some.entries)
        #expect(filter != nil)
        Self.expectSame(rules, some, filter)
        #expect(filter!(3, 4) && !filter!(4, 3))  // the partner's opt-out counts, not the asker's
        let none = Self.directory(n: 30) { _ in false }
        #expect(rules.pairFilter(ids: none.ids, entries: none.entries) == nil)
        Self.expectSame(rules, none, nil)
    }

    @Test(arguments: 0..<4)
    func anyOtherRuleAsksExclusion(rule: Int) {
        var rules = MatchRules()
        switch rule {
        case 0: rules.excludeSameOrganisation = true
        case 1: rules.excludeSameCluster = true
        case 2: rules.requireDifferentCountry = true
        default: rules.kindPairs = [MatchRules.KindPair(.company, .researcher)]
        }
        let d = Self.directory(n: 30) { $0 % 9 == 2 }
        let filter = rules.pairFilter(ids: d.ids, entries: d.entries)
        #expect(filter != nil)
        Self.expectSame(rules, d, filter)
        #expect(d.ids.indices.contains { i in d.ids.indices.contains { j in j != i && !filter!(i, j) && !d.entries[j].optOut } },
                "the rule excludes some pair besides opt-outs")
    }

    /// Every rule at once on a directory where the rules' corner cases occur: several
    /// organisations and none, several clusters per row, participants that are others'
    /// clusters, EEN profiles on one side and on both. The filter compares interned facts;
    /// `exclusion` compares the entries: they must agree on every pair, and every rule must
    /// decide some pair alone.
    @Test func everyRuleAtOnceAgreesWithExclusionPairByPair() {
        let n = 48
        let kinds = ParticipantKind.allCases
        let ids = (0..<n).map { "p\($0)" }
        let entries = (0..<n).map { i in
            ParticipantDirectory.Entry(
                kind: kinds[(i * 7) % kinds.count], country: ["DK", "DE", "SE"][(i / 2) % 3],
                organisation: i % 6 == 0 ? nil : ["Acme", "acme", "Beta", "Gamma"][i % 4], employees: nil,
                clusters: Set([i % 5 == 0 ? "c1" : nil, i % 7 == 0 ? "c2" : nil, i % 11 == 0 ? "p3" : nil, i % 13 == 1 ? "p20" : nil].compactMap { $0 }),
                optOut: i % 17 == 4,
                een: i % 3 == 0 ? EENPartnering(type: ["BO", "BR", "TO", "TR"][(i / 3) % 4], partnershipTypes: ["Commercial agreement"]) : nil)
        }
        var all = MatchRules()
        all.excludeSameOrganisation = true
        all.excludeSameCluster = true
        all.requireDifferentCountry = true
        all.eenPartnership = true
        all.kindPairs = [MatchRules.KindPair(.company, .researcher), MatchRules.KindPair(.company, .company),
                         MatchRules.KindPair(.cluster, .knowledgeInstitution)]
        Self.expectSame(all, (ids, entries), all.pairFilter(ids: ids, entries: entries))
        // Each rule alone also agrees, and excludes a pair the others would allow.
        for rule in 0..<5 {
            var one = MatchRules()
            switch rule {
            case 0: one.excludeSameOrganisation = true
            case 1: one.excludeSameCluster = true
            case 2: one.requireDifferentCountry = true
            case 3: one.eenPartnership = true
            default: one.kindPairs = all.kindPairs
            }
            let filter = one.pairFilter(ids: ids, entries: entries)
            Self.expectSame(one, (ids, entries), filter)
            #expect(ids.indices.contains { i in ids.indices.contains { j in j != i && !filter!(i, j) && !entries[j].optOut } }, "rule \(rule)")
        }
    }
}
