import Consortia
import MatchCore
import Testing
import JSONSupport

@Suite struct CallTests {
    func call(_ text: String) throws -> Call { try Call.parse(try JSONParser.parse(Array(text.utf8))) }

    @Test func aCallFileReadsAsDocumented() throws {
        let c = try call("""
            {"id": "HORIZON-CL4-X", "title": "Quiet robots", "text": "t",
             "needs": [{"id": "n1", "title": "acoustic sensors", "codes": ["03007"], "keywords": ["MEMS microphones"], "required": true, "weight": 2},
                       {"id": "n2", "text": "field pilots"}],
             "rules": {"minPartners": 3, "maxPartners": 8, "minCountries": 3, "eligibleCountries": "horizon-europe",
                       "minFromMemberStates": 1, "kinds": {"company": {"min": 1}, "knowledge-institution": {"min": 1}},
                       "excludeSameOrganisation": true, "exclude": ["x-1"]}}
            """)
        #expect(c.id == "HORIZON-CL4-X" && c.needs.count == 2)
        #expect(c.needs[0] == CallNeed(id: "n1", title: "acoustic sensors", codes: ["03007"], keywords: ["MEMS microphones"], required: true, weight: 2))
        #expect(c.needs[1].weight == 1 && !c.needs[1].required)
        #expect(c.rules.eligibleCountries == .horizonEurope)
        #expect(c.rules.kinds == [.company: 1, .knowledgeInstitution: 1])
        #expect(c.rules.minFromMemberStates == 1 && c.rules.excludeSameOrganisation && c.rules.exclude == ["x-1"])
    }

    @Test func everyProblemOfACallFileIsNamedByField() {
        #expect(throws: CallFileError([
            "needs[0].weight: expected a number ≥ 0, found \"high\"",
            "needs[1]: says nothing to match against; give a title, text, codes or keywords",
            "rules.minCountrys: unknown field (known: eligibleCountries, exclude, excludeSameOrganisation, kinds, maxPartners, minCountries, minFromMemberStates, minPartners)",
            "rules.minPartners: 5 is more than rules.maxPartners (3)",
            "rules.eligibleCountries[1]: expected an ISO 3166-1 alpha-2 code such as DK, found \"XX\"",
            "rules.kinds.startup: unknown kind; use one of company, researcher, knowledge-institution, cluster, public-body, other",
        ])) {
            try call("""
                {"id": "c", "needs": [{"id": "a", "title": "x", "weight": "high"}, {"id": "b"}],
                 "rules": {"minPartners": 5, "maxPartners": 3, "eligibleCountries": ["DK", "XX"], "kinds": {"startup": {"min": 1}}, "minCountrys": 2}}
                """)
        }
    }

    @Test func horizonEuropeIsTheMemberStatesAndTheAssociatedCountriesAsStored() {
        #expect(HorizonEurope.memberStates.count == 27)
        #expect(HorizonEurope.memberStates.isDisjoint(with: HorizonEurope.associatedCountries))
        #expect(HorizonEurope.eligibleCountries.contains("GR") && HorizonEurope.eligibleCountries.contains("GB"))
        #expect(!HorizonEurope.eligibleCountries.contains("EL") && !HorizonEurope.eligibleCountries.contains("US"))
        #expect(HorizonEurope.eligibleCountries.allSatisfy { CountryCode.normalise($0) == $0 })
    }

    @Test func infeasibleCallsNameTheFirstFailingRule() {
        func candidate(_ id: String, _ country: String, _ kind: ParticipantKind = .company, org: String? = nil) -> ConsortiumCandidate {
            ConsortiumCandidate(id: id, kind: kind, country: country, organisation: org)
        }
        var rules = CallRules()
        (rules.minPartners, rules.minCountries) = (3, 3)
        let need = CallNeed(id: "n1", keywords: ["k"], required: true)
        let call = Call(id: "c", title: "c", needs: [need], rules: rules)
        let dk = [candidate("a", "DK"), candidate("b", "DK"), candidate("c", "DK")]
        #expect(CallFeasibility.firstFailingRule(call, population: dk, bestCoverage: [(0.5, "a")])
                == "rules.minCountries: only 1 eligible country has participants (DK); the call needs 3")
        #expect(CallFeasibility.firstFailingRule(call, population: Array(dk.prefix(2)), bestCoverage: [(0.5, "a")])?
                    .hasPrefix("rules.minPartners: only 2 participants are eligible") == true)
        let three = [candidate("a", "DK"), candidate("b", "SE"), candidate("c", "NO", .researcher)]
        #expect(CallFeasibility.firstFailingRule(call, population: three, bestCoverage: [(0.04, "b")])
                == "needs[0].required: no eligible participant's offers cover need \"n1\" at 0.10 or more (the best, b, covers it 0.04)")
        var kinds = call
        kinds.rules.kinds = [.knowledgeInstitution: 1]
        #expect(CallFeasibility.firstFailingRule(kinds, population: three, bestCoverage: [(0.5, "a")])
                == "rules.kinds.knowledge-institution.min: only 0 eligible participants are of kind knowledge-institution; the call needs 1")
        var states = call
        states.rules.minFromMemberStates = 3
        #expect(CallFeasibility.firstFailingRule(states, population: three, bestCoverage: [(0.5, "a")])
                == "rules.minFromMemberStates: only 2 eligible participants are in an EU member state; the call needs 3")
        var orgs = call
        orgs.rules.excludeSameOrganisation = true
        let sameOrg = [candidate("a", "DK", org: "X"), candidate("b", "SE", org: "x"), candidate("c", "NO")]
        #expect(CallFeasibility.firstFailingRule(orgs, population: sameOrg, bestCoverage: [(0.5, "a")])?
                    .hasPrefix("rules.excludeSameOrganisation: the eligible participants come from only 2 different organisations") == true)
        #expect(CallFeasibility.firstFailingRule(call, population: three, bestCoverage: [(0.5, "a")]) == nil)
    }
}
