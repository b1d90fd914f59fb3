import Foundation
import Testing
@testable import Importers
@testable import MatchCore
import JSONSupport

@Suite("EEN: partnership rule, visibility, SDG goals")
struct EENPartnershipTests {
    typealias Entry = ParticipantDirectory.Entry

    func entry(_ type: String?, _ partnership: [String] = [], country: String = "DE") -> Entry {
        Entry(kind: .company, country: country, organisation: nil, employees: nil, clusters: [], optOut: false,
              een: EENPartnering(type: type, partnershipTypes: partnership))
    }

    var rules: MatchRules {
        var r = MatchRules()
        r.eenPartnership = true
        return r
    }

    @Test func theTableIsSymmetricAndEveryLabelFitsItself() {
        for a in EENPartnership.knownLabels {
            #expect(EENPartnership.compatible(a, a))
            for b in EENPartnership.knownLabels { #expect(EENPartnership.compatible(a, b) == EENPartnership.compatible(b, a), "\(a) / \(b)") }
        }
    }

    @Test(arguments: [
        ("License agreement", "License agreement", true),
        ("  licence   AGREEMENT ", "License agreement", true),       // trimmed, any case, British spelling
        ("License agreement", "Commercial agency agreement", false), // the issue's case
        ("License agreement", "Commercial agreement with technical assistance", true),
        ("Commercial agreement", "Commercial agreement with technical assistance", true),
        ("Joint venture agreement", "Investment agreement", true),
        ("Joint venture agreement", "License agreement", false),
        ("Outsourcing agreement", "Manufacturing agreement", true),
        ("Technical cooperation agreement", "Research cooperation agreement", true),
        ("Barter deal", "barter DEAL ", true),                      // unknown: only the same label
        ("Barter deal", "Commercial agreement", false),
    ])
    func compatibility(a: String, b: String, expected: Bool) {
        #expect(EENPartnership.compatible(a, b) == expected)
    }

    @Test func oneCompatiblePairOfTypesIsEnoughAndNoTypesConstrainNothing() {
        let offer = entry("TO", ["License agreement"])
        #expect(rules.exclusion("to", offer, "tr", entry("TR", ["Commercial agency agreement", "Technical cooperation agreement", "License agreement"])) == nil)
        #expect(rules.exclusion("to", offer, "tr", entry("TR", [])) == nil)
        #expect(rules.exclusion("to", offer, "tr", entry("TR", ["Commercial agency agreement"]))?.message ==
            "no compatible type of partnership: to seeks \"License agreement\", tr seeks \"Commercial agency agreement\" (rules.eenPartnership)")
        // Without attributes.een on one side, or with the rule off, nothing.
        let plain = Entry(kind: .company, country: "DK", organisation: nil, employees: nil, clusters: [], optOut: false)
        #expect(rules.exclusion("to", offer, "x", plain) == nil)
        #expect(MatchRules().exclusion("to", offer, "tr", entry("TR", ["Commercial agency agreement"])) == nil)
    }

    @Test func profileTypesPairAsEENBrokersThem() {
        let allowed: Set<[String]> = [["BO", "BR"], ["TO", "TR"], ["RDR", "TO"], ["RDR", "RDR"]]
        let types = ["BO", "BR", "TO", "TR", "RDR"]
        for a in types {
            for b in types {
                let why = rules.exclusion("a", entry(a), "b", entry(b))?.message
                #expect((why == nil) == allowed.contains([a, b].sorted()), "\(a) ↔ \(b): \(why ?? "allowed")")
            }
        }
        #expect(rules.exclusion("a", entry("TO"), "b", entry("BR"))?.message ==
            "EEN profile types do not pair: a is a TO, which meets RDR or TR, and b is a BR (rules.eenPartnership)")
        #expect(rules.exclusion("a", entry(nil), "b", entry("BR")) == nil)
    }

    @Test func scoringProfilesReadTheRuleAndTheShippedOnesSetIt() throws {
        let p = try ScoringProfile.parse(["name": "x", "weights": ["similarity": 1], "rules": ["eenPartnership": true]], source: "x.json")
        #expect(p.rules.eenPartnership)
        #expect(throws: ScoringProfileError.self) {
            try ScoringProfile.parse(["name": "x", "weights": ["similarity": 1], "rules": ["eenPartnership": "yes"]], source: "x.json")
        }
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Profiles/scoring")
        for (name, on) in [("brokerage", true), ("research", true), ("cluster-to-cluster", true), ("peers", false)] {
            let json = try JSONParser.parse([UInt8](try Data(contentsOf: folder.appendingPathComponent("\(name).json"))))
            #expect(try ScoringProfile.parse(json, source: name).rules.eenPartnership == on, "\(name)")
        }
    }

    @Test func notAvailableEmptyAndNullAreAbsent() throws {
        for absent in ["N/A", " n/a ", "N.A.", "", "  "] { #expect(EENProfile.present(absent) == nil, "\(absent)") }
        #expect(EENProfile.present(" NASA ") == "NASA")
        let json = Array("""
            [{"reference": "BRFR20250501004", "title": "N/A", "shortSummary": null, "description": "", "technologyKeywords": ["N/A"],
              "typesOfPartnership": null, "profileStatus": {"name": "Draft"}, "openForEOI": "false"}]
            """.utf8)
        let contents = try EENJSON.read(json, file: "p.json", asOf: "2026-01-01")
        let p = try #require(contents.records.first?.participant)
        #expect(p.name == "BRFR20250501004")
        #expect(p.needs.isEmpty && p.keywords.isEmpty && p.description == nil)
        #expect(p.attributes?["een"]?["limited"] == true)
        #expect(p.attributes?["een"]?["openForEOI"] == false)
        #expect(!isMatchable(p))
        #expect(unmatchableReason(p)?.contains("limited EEN profile") == true)
        #expect(contents.notes.contains { $0.hasPrefix("1 limited profile") })
    }

    @Test(arguments: [("GOAL 7: Affordable and Clean Energy", 7), ("SDG 13", 13), ("goal 04", 4), ("17", 17), ("7. Energy", 7),
                      ("Climate Action", nil), ("GOAL 18", nil), ("2030 Agenda", nil)] as [(String, Int?)])
    func sdgGoalNumbers(text: String, number: Int?) {
        #expect(SDGGoals.number(in: text) == number)
    }

    @Test func sdgGoalsBecomeCodesByNumberOrLabel() {
        let taxonomy = Taxonomy(terms: [
            TaxonomyTerm(namespace: "sdg", code: "007", label: "GOAL 7: Affordable and Clean Energy", level: 1, parent: nil),
            TaxonomyTerm(namespace: "sdg", code: "013", label: "GOAL 13: Climate Action", level: 1, parent: nil),
        ])
        var p = Participant(id: "x", kind: .company, name: "x", country: "DE", keywords: ["SDG 7", "climate action", "Life on Land"],
                            needs: [Statement(title: "x", keywords: ["SDG 7", "climate action", "Life on Land"])],
                            attributes: ["een": ["sdgKeywords": ["SDG 7", "climate action", "Life on Land"]]])
        #expect(SDGGoals.Index(taxonomy).resolve(&p) == 2)
        #expect(p.competences.map(\.code) == ["sdg:007", "sdg:013"])
        #expect(p.needs[0].codes == ["sdg:007", "sdg:013"])
        #expect(p.keywords == ["Life on Land"])
        #expect(SDGGoals.Index(Taxonomy()).isEmpty)
    }
}
