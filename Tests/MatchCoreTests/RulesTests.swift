import JSONSupport
import Testing
@testable import MatchCore

@Suite("Scoring profiles, rules and filters")
struct RulesTests {
    typealias Entry = ParticipantDirectory.Entry
    let company = Entry(kind: .company, country: "DK", organisation: "Acme", employees: 30, clusters: ["dk-sound"], optOut: false)

    func entry(_ kind: ParticipantKind = .company, country: String = "SE", organisation: String? = nil, employees: Int? = nil,
               clusters: Set<String> = [], optOut: Bool = false) -> Entry {
        Entry(kind: kind, country: country, organisation: organisation, employees: employees, clusters: clusters, optOut: optOut)
    }

    @Test func kindPairsAreUnordered() {
        var rules = MatchRules()
        rules.kindPairs = [MatchRules.KindPair(.researcher, .company)]
        #expect(rules.exclusion("a", company, "b", entry(.researcher)) == nil)
        #expect(rules.exclusion("b", entry(.researcher), "a", company) == nil)
        #expect(rules.exclusion("a", company, "c", entry(.company))?.message.contains("company with a company") == true)
    }

    @Test func organisationClusterCountryAndOptOut() {
        var rules = MatchRules()
        rules.excludeSameOrganisation = true
        rules.excludeSameCluster = true
        rules.requireDifferentCountry = true
        #expect(rules.exclusion("a", company, "b", entry(organisation: "ACME"))?.message.hasPrefix("same organisation") == true)
        #expect(rules.exclusion("a", company, "b", entry(clusters: ["dk-sound", "x"]))?.message == "both in cluster dk-sound")
        #expect(rules.exclusion("a", company, "dk-sound", entry(.cluster))?.message == "both in cluster dk-sound")  // its own cluster
        #expect(rules.exclusion("a", company, "b", entry(country: "DK"))?.message.hasPrefix("same country") == true)
        #expect(rules.exclusion("a", company, "b", entry(optOut: true))?.message == "b has opted out of being suggested")
        #expect(rules.exclusion("a", company, "b", entry()) == nil)
    }

    @Test func filtersOnKindCountrySizeClusterAndIDs() {
        let f = MatchFilters(kinds: [.company], countries: ["SE"], sizeBands: [.small], clusters: ["se-robotics"], excludeIDs: ["x"])
        #expect(f.allows(entry(employees: 20, clusters: ["se-robotics"]), id: "ok"))
        #expect(!f.allows(entry(employees: 20, clusters: ["se-robotics"]), id: "x"))
        #expect(!f.allows(entry(employees: 300, clusters: ["se-robotics"]), id: "ok"))
        #expect(!f.allows(entry(employees: nil, clusters: ["se-robotics"]), id: "ok"))
        #expect(!f.allows(entry(country: "DK", employees: 20, clusters: ["se-robotics"]), id: "ok"))
        #expect(!f.allows(entry(.researcher, employees: 20, clusters: ["se-robotics"]), id: "ok"))
        #expect(!f.allows(entry(employees: 20, clusters: ["dk-food"]), id: "ok"))
    }

    @Test(arguments: [(9, SizeBand.micro), (10, .small), (49, .small), (50, .medium), (249, .medium), (250, .large)])
    func sizeBandsFollowTheEUDefinition(employees: Int, band: SizeBand) {
        #expect(SizeBand(employees: employees) == band)
    }

    @Test func profileFilesAreValidatedByField() throws {
        let good: JSONValue = ["name": "x", "weights": ["complementarity": 2, "similarity": 1, "keywords": 1],
                               "rules": ["kinds": [["company", "researcher"]], "requireDifferentCountry": true, "minimumScore": 0.1]]
        let p = try ScoringProfile.parse(good, source: "x.json")
        #expect(p.weights.complementarity == 0.5)
        #expect(p.weights.similarity == 0.25)
        #expect(p.rules.kindPairs == [MatchRules.KindPair(.company, .researcher)])
        #expect(p.rules.requireDifferentCountry)
        #expect(abs(p.rules.minimumScore - 0.1) < 1e-7)
        let bad: [(JSONValue, String)] = [
            (["weights": ["similarity": 1]], "name"),
            (["name": "x", "weights": ["similarity": 0]], "weights"),
            (["name": "x", "weights": ["similarity": -1]], "weights.similarity"),
            (["name": "x", "weights": ["similarity": 1], "rules": ["kinds": [["company", "alien"]]]], "rules.kinds[0]"),
            (["name": "x", "weights": ["similarity": 1], "rules": ["excludeSameCluster": "yes"]], "rules.excludeSameCluster"),
        ]
        for (json, field) in bad {
            #expect(throws: ScoringProfileError.self) { try ScoringProfile.parse(json, source: "x.json") }
            do { _ = try ScoringProfile.parse(json, source: "x.json") } catch { #expect(error.field == field) }
        }
    }

    @Test func minimumScoreDropsWeakPartners() {
        var rng = SeededRandom(seed: 3)
        let rows = (0..<50).map { i in
            (id: "p\(i)", vectors: ParticipantVectors(profile: MatcherTests.randomUnit(8, &rng), offers: MatcherTests.randomUnit(8, &rng),
                                                      needs: MatcherTests.randomUnit(8, &rng), keywords: MatcherTests.randomUnit(8, &rng)))
        }
        let m = CompetenceMatrix(dimension: 8, rows: rows)
        let top = Matcher(matrix: m, weights: .peers, minimumScore: 0.3).topMatches(forRow: 0, k: 50)
        #expect(!top.isEmpty && top.count < 49)
        #expect(top.allSatisfy { $0.score >= 0.3 })
    }
}

@Suite("Cluster profiles from members")
struct ClusterProfileTests {
    func unit(_ v: [Float]) -> [Float] { ClusterProfile.normalised(v) }
    func views(_ v: [Float]) -> ParticipantVectors { ParticipantVectors(profile: unit(v), offers: unit(v), needs: unit(v), keywords: unit(v)) }

    /// Three members on topic x, one off topic: the cluster leans to x, and the off-topic
    /// member counts less than an on-topic one (relevance, not head count or size).
    @Test func offTopicMembersCountLess() {
        let members = [views([1, 0.1, 0]), views([1, 0, 0.1]), views([0.9, 0.1, 0.1]), views([0, 0, 1])]
        let c = ClusterProfile.aggregate(members: members, own: nil)
        #expect(c.profile[0] > 0.9)
        #expect(c.profile[2] < 0.35)
        // Plain averaging would give the off-topic member a full quarter of the weight.
        let plain = unit(members.reduce([Float](repeating: 0, count: 3)) { acc, m in zip(acc, m.profile).map { $0 + $1 } })
        #expect(c.profile[2] < plain[2])
    }

    @Test func ownFocusTakesItsShareAndEmptyMembersAreSkipped() {
        let zero = ParticipantVectors(profile: [0, 0], offers: [0, 0], needs: [0, 0], keywords: [0, 0])
        let c = ClusterProfile.aggregate(members: [views([1, 0]), zero], own: views([0, 1]))
        let expected = unit([0.7, 0.3])
        #expect(abs(c.profile[0] - expected[0]) < 1e-6 && abs(c.profile[1] - expected[1]) < 1e-6)
        let onlyOwn = ClusterProfile.aggregate(members: [], own: views([0, 1]))
        #expect(onlyOwn.profile == [0, 1])
    }
}
