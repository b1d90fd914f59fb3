import Foundation
import Testing
@testable import MatchCore
@testable import ClusterMatchApp
import JSONSupport

/// EEN profiles as the partner web service answers `GET /profiles`: full and limited records,
/// `"N/A"`, `openForEOI`, partnership types, targeted countries, SDG goals, pages in any order.
/// Fixtures: `Tests/Fixtures/imports/een-service-page{1,2}.json` (see the README there).
@Suite("import: EEN partner web service pages", .serialized)
struct EENServiceCLITests {
    static let offer = "TODE20250310001"          // full TO, License agreement, targets DK, NO, UK
    static let compatible = "TRDK20250401002"     // full TR, License agreement + Technical cooperation
    static let incompatible = "TRSE20250402003"   // full TR, Commercial agency agreement only
    static let limited = "BRFR20250501004"        // limited BR, not expired
    static let closed = "TOIT20250201005"         // published TO, openForEOI false
    static let page1 = Fixtures.path("een-service-page1.json"), page2 = Fixtures.path("een-service-page2.json")

    func importPages(_ pages: [String], db: String, extra: [String] = []) throws {
        for page in pages {
            let r = try CLI.run(["import", page, "--db", db] + extra)
            #expect(r.status == 0, "stderr: \(r.stderr)")
        }
    }

    func show(_ id: String, db: String) throws -> JSONValue {
        try JSONParser.parse(try CLI.run(["participants", "show", id, "--db", db, "--format", "json"]).stdout)
    }

    @Test func limitedRecordsAreKeptWithoutNAAndTheFullOfferSurvivesItsLimitedPage() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let first = try CLI.run(["import", Self.page1, "--db", db, "--format", "csv"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stdout.contains(",een-json,5,0,0,0"))
        #expect(first.stderr.contains("1 limited profile (reference and status only) kept but left out of matching"))
        #expect(first.stderr.contains("1 profile closed for expressions of interest kept"))

        let limited = try show(Self.limited, db: db)
        #expect(limited["name"] == .string(Self.limited))   // exempt from the title: named by its reference
        #expect(limited["country"] == "FR")                 // "N/A" country: the reference's
        #expect(limited["offers"] == nil && limited["needs"] == nil && limited["description"] == nil)
        #expect(limited["attributes"]?["een"]?["limited"] == true)
        #expect(limited["attributes"]?["een"]?["expired"] == false)
        #expect(limited["attributes"]?["een"]?["status"] == "Under validation")

        try importPages([Self.page2], db: db)
        let export = try CLI.run(["participants", "export", "--db", db])
        #expect(export.status == 0)
        #expect(export.stdout.split(separator: "\n").count == 6)
        #expect(!export.stdout.contains("N/A"))

        // The TO came back limited on page 2: its title, offer and keywords stay.
        let offer = try show(Self.offer, db: db)
        #expect(offer["name"] == "German university offers a licence for ultrasonic weld inspection")
        #expect(offer["offers"]?[0]?["title"] == "German university offers a licence for ultrasonic weld inspection")
        #expect(offer["offers"]?[0]?["keywords"]?.arrayValue?.contains("Ultrasonic weld inspection") == true)
        let een = offer["attributes"]?["een"]
        #expect(een?["limited"] == nil)
        #expect(een?["typesOfPartnership"] == ["License agreement"])
        #expect(een?["targetedCountries"] == ["DK", "NO", "GB"])  // UK → GB
        #expect(een?["created"] == "2025-03-10T08:00:00")
        #expect(een?["lastModified"] == "2025-03-12T09:15:00")
        #expect(een?["submitted"] == "2025-03-10")             // read from `created`
        #expect(een?["publicURL"] == "https://een.ec.europa.eu/partnering-opportunities/TODE20250310001")
        #expect(een?["openForEOI"] == true)
    }

    @Test func limitedAndClosedProfilesAreInNobodysListAndExplainSaysWhy() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try importPages([Self.page1, Self.page2], db: db)
        let out = dir.path("lists.jsonl")
        let all = try CLI.run(["match-all", "--db", db, "--out", out, "--top", "20", "--no-reasons"])
        #expect(all.status == 0, "stderr: \(all.stderr)")
        let lists = try String(contentsOfFile: out, encoding: .utf8)
        #expect(lists.contains(Self.compatible))  // the file holds lists at all
        #expect(!lists.contains(Self.limited))
        #expect(!lists.contains(Self.closed))

        let own = try CLI.run(["match", Self.closed, "--db", db])
        #expect(own.stderr.contains("\(Self.closed) is closed for expressions of interest"))
        let asked = try JSONParser.parse(try CLI.run(["match", Self.closed, "--include-expired", "--db", db, "--format", "json"]).stdout)
        #expect(asked.arrayValue?.compactMap { $0["id"]?.stringValue }.contains(Self.compatible) == true)

        let toLimited = try JSONParser.parse(try CLI.run(["explain", Self.compatible, Self.limited, "--db", db, "--format", "json"]).stdout)
        #expect(toLimited["rank"] == .null)
        #expect(toLimited["excludedBy"]?.stringValue?.contains("\(Self.limited) is a limited EEN profile") == true)
        let toClosed = try CLI.run(["explain", Self.compatible, Self.closed, "--db", db])
        #expect(toClosed.status == 0, "stderr: \(toClosed.stderr)")
        #expect(toClosed.stdout.contains("Not on the list: \(Self.closed) is closed for expressions of interest (EEN openForEOI false)."))
    }

    @Test func partnershipTypesKeepTheIncompatibleRequestApartAndNameTheRule() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try importPages([Self.page1, Self.page2], db: db)
        let list = try JSONParser.parse(try CLI.run(["match", Self.offer, "--db", db, "--format", "json", "--top", "20"]).stdout)
        let ids = list.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.contains(Self.compatible))
        #expect(!ids.contains(Self.incompatible))
        let e = try JSONParser.parse(try CLI.run(["explain", Self.offer, Self.incompatible, "--db", db, "--format", "json"]).stdout)
        #expect(e["excludedBy"] == .string(
            "no compatible type of partnership: \(Self.offer) seeks \"License agreement\", \(Self.incompatible) seeks \"Commercial agency agreement\" (rules.eenPartnership)"))
        // The targeted countries are said: the offer targets DK, NO, GB; the Swedish request is elsewhere.
        let back = try JSONParser.parse(try CLI.run(["explain", Self.incompatible, Self.offer, "--db", db, "--format", "json"]).stdout)
        #expect(back["notes"] == ["they target DK, NO, GB; you are in SE"])
        // Profile types: a TO never meets another TO under brokerage, but does under peers (rule off).
        let types = try JSONParser.parse(try CLI.run(["explain", Self.offer, "BRNL20250601006", "--db", db, "--format", "json"]).stdout)
        #expect(types["excludedBy"]?.stringValue?.hasPrefix("EEN profile types do not pair: \(Self.offer) is a TO, which meets RDR or TR") == true)
        let peers = try JSONParser.parse(try CLI.run(["explain", Self.compatible, Self.incompatible, "--db", db, "--format", "json", "--profile", "peers"]).stdout)
        #expect(peers["excludedBy"] == .null)
    }

    /// The compatible request is the offer's first partner, scored on the one direction that
    /// exists (the offer's offers against the request's needs), not on a harmonic mean that
    /// would be 0 for every offer–request pair.
    @Test func theCompatibleRequestIsTheOffersFirstPartnerOnTheDirectionThatExists() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        try importPages([Self.page1, Self.page2], db: db)
        let list = try JSONParser.parse(try CLI.run(["match", Self.offer, "--db", db, "--format", "json"]).stdout)
        let first = list.arrayValue?.first
        #expect(first?["id"]?.stringValue == Self.compatible)
        // Scored on the offer's offers against the request's needs alone.
        let forward = first?["forward"]?.doubleValue ?? 0
        #expect(forward > 0.3)
        // Brokerage weighs complementarity 0.9: on the one direction, the score is most of it.
        #expect((first?["score"]?.doubleValue ?? 0) >= 0.8 * forward)
    }

    @Test func pagesInAnyOrderRepeatedGiveTheSameDatabase() throws {
        let dir = try TemporaryDirectory()
        try importPages([Self.page1, Self.page2], db: dir.path("a.sqlite"))
        try importPages([Self.page2, Self.page1, Self.page2], db: dir.path("b.sqlite"))
        let a = try CLI.run(["participants", "export", "--db", dir.path("a.sqlite")])
        let b = try CLI.run(["participants", "export", "--db", dir.path("b.sqlite")])
        #expect(a.status == 0 && b.status == 0)
        #expect(!a.stdout.isEmpty)
        #expect(a.stdout == b.stdout)
        let again = try CLI.run(["import", Self.page2, "--db", dir.path("a.sqlite")])
        #expect(again.stdout.contains("Nothing changed."))
    }

    @Test func sinceCountsTheRecordsModifiedOnOrAfterTheDay() throws {
        let dir = try TemporaryDirectory()
        // lastModified on page 1: 03-12, 04-02, 04-03, 05-01, 05-20.
        let r = try CLI.run(["import", Self.page1, "--db", dir.path("x.sqlite"), "--dry-run", "--since", "2025-04-03"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("3 of 5 records modified on or after 2025-04-03"))
        let bad = try CLI.run(["import", Self.page1, "--db", dir.path("x.sqlite"), "--since", "last week"])
        #expect(bad.status == 64)
    }

    @Test func sdgGoalsBecomeCodesOfTheLoadedTaxonomyElseKeywords() throws {
        let dir = try TemporaryDirectory()
        let without = dir.path("a.sqlite"), with = dir.path("b.sqlite")
        try importPages([Self.page1], db: without)
        let plain = try show(Self.offer, db: without)
        #expect(plain["keywords"]?.arrayValue?.contains("GOAL 9: Industry, Innovation and Infrastructure") == true)
        #expect(plain["competences"] == nil)

        let t = try CLI.run(["taxonomy", "import", Fixtures.path("taxonomy-sdg.csv"), "--db", with])
        #expect(t.status == 0, "stderr: \(t.stderr)")
        try importPages([Self.page1], db: with)
        let coded = try show(Self.offer, db: with)
        // By goal number ("GOAL 9: …") and by label ("Responsible Consumption and Production" is goal 12).
        #expect(coded["competences"]?.arrayValue?.compactMap { $0["code"]?.stringValue } == ["sdg:009", "sdg:012"])
        #expect(coded["offers"]?[0]?["codes"] == ["sdg:009", "sdg:012"])
        #expect(coded["keywords"]?.arrayValue?.contains("GOAL 9: Industry, Innovation and Infrastructure") == false)
        #expect(coded["attributes"]?["een"]?["sdgKeywords"]?.arrayValue?.count == 2)
    }

    @Test func malformedXMLIsAnErrorWithFileAndLineNotACrash() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path("bad.xml")
        let bytes = Array("<?xml version=\"1.0\"?>\n<pod>\n<profile><".utf8) + [0xFD] + Array("eference/></profile></pod>\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let r = try CLI.run(["import", file, "--db", dir.path("x.sqlite"), "--as", "een-xml"])
        #expect(r.status == 65)
        #expect(r.stderr.contains("bad.xml:3: not UTF-8 text (byte 0xFD"))
    }
}

@Suite("EEN sync: a page laid over what is stored")
struct EENSyncTests {
    func profile(limited: Bool, modified: String, status: String, title: String? = nil) -> Participant {
        var een: JSONObject = ["reference": "TODE20250310001", "type": "TO", "status": .string(status), "lastModified": .string(modified), "expired": false]
        if limited { een["limited"] = true }
        return Participant(id: "TODE20250310001", kind: .company, name: title ?? "TODE20250310001", country: "DE",
                           offers: title.map { [Statement(title: $0)] } ?? [], attributes: ["een": .object(een)])
    }

    @Test func contentFromTheFullRecordStatusFromTheNewerInEitherOrder() {
        let full = profile(limited: false, modified: "2025-03-12T09:15:00", status: "Published", title: "Weld inspection")
        let laterLimited = profile(limited: true, modified: "2025-06-01T00:00:00", status: "Closed")
        for merged in [EENSync.merge(incoming: laterLimited, stored: full), EENSync.merge(incoming: full, stored: laterLimited)] {
            #expect(merged.name == "Weld inspection")
            #expect(merged.offers.first?.title == "Weld inspection")
            #expect(merged.attributes?["een"]?["status"] == "Closed")
            #expect(merged.attributes?["een"]?["lastModified"] == "2025-06-01T00:00:00")
            #expect(merged.attributes?["een"]?["limited"] == nil)
        }
        // Both orders give the same record, byte for byte.
        #expect(EENSync.merge(incoming: laterLimited, stored: full) == EENSync.merge(incoming: full, stored: laterLimited))
        // An older full record does not overwrite a newer one.
        let newer = profile(limited: false, modified: "2025-07-01", status: "Published", title: "New title")
        #expect(EENSync.merge(incoming: full, stored: newer).name == "New title")
        #expect(EENSync.needsStored(incoming: full, stored: (false, "2025-07-01")))
        #expect(!EENSync.needsStored(incoming: newer, stored: (false, "2025-03-12T09:15:00")))
    }
}
