import Testing
@testable import Importers
@testable import MatchCore

@Suite("Cluster profiles")
struct ClusterProfilesTests {
    @Test func jsonWithNestedAndFlatKeys() throws {
        let c = try ClusterProfiles.read(try Fixture.bytes("clusters.json"), file: "clusters.json", asOf: "2026-01-01")
        #expect(c.rejected.isEmpty, "\(c.rejected)")
        let sound = c.records[0].participant
        #expect(sound.id == "dk-sound")
        #expect(sound.kind == .cluster)
        #expect(sound.region == "DK01")
        #expect(sound.keywords == ["Electronics", "Digital", "Audio technology", "Hearing healthcare", "acoustic sensors", "machine learning"])
        #expect(sound.attributes?["cluster"]?["members"] == ["sme": 120, "large": 15, "research": 12, "public": 3, "other": 4])
        #expect(sound.attributes?["cluster"]?["memberTotal"] == 154)
        #expect(sound.attributes?["cluster"]?["label"] == ["level": "Gold", "validUntil": "2099-03-31", "valid": true])
        let robotics = c.records[1].participant
        #expect(robotics.id == "cluster-dk-robotics-valley-odense")
        #expect(robotics.keywords.contains("Mobility - Transport - Automotive"))
        #expect(robotics.attributes?["cluster"]?["members"] == ["sme": 85, "large": 6])
        #expect(robotics.attributes?["cluster"]?["label"] == ["level": "Silver", "validUntil": "2021-06-30", "valid": false])
    }

    @Test func csvWithBOMSemicolonsAndEveryProblemListed() throws {
        let c = try ClusterProfiles.read(try Fixture.bytes("clusters.csv"), file: "clusters.csv", asOf: "2026-01-01")
        #expect(c.records.map(\.participant.id) == ["cluster-de-hydrogen-valley-sud"])
        #expect(c.records[0].participant.keywords == ["Energy-intensive industries", "hydrogen", "electrolysers"])
        let text = try #require(c.rejected.first).description
        #expect(text.contains("clusters.csv:3: field 'Country' value \"Atlantis\""))
        #expect(text.contains("field 'SME members' value \"-3\""))
        #expect(text.contains("field 'Label' value \"Platinum\": must be Bronze, Silver or Gold"))
        #expect(text.contains("field 'Label valid until' value \"31.02.2025\""))
    }

    @Test func nutsRegionMustFitTheCountry() throws {
        let c = try ClusterProfiles.read(Array(#"[{"name": "X", "country": "SE", "nutsRegion": "DK01"}, {"name": "Y", "country": "DK", "nuts": "not nuts"}]"#.utf8),
                                         file: "c.json", asOf: "2026-01-01")
        #expect(c.rejected.count == 2)
        #expect(c.rejected[0].description.contains("is in DK, but the country is SE"))
        #expect(c.rejected[1].description.contains("is not a NUTS code"))
    }
}
