import Foundation
import Testing
@testable import Importers
@testable import MatchCore

enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/imports")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// A billion-laughs document: ten levels of ten references each.
    static var entityBomb: String {
        var s = "<?xml version=\"1.0\"?>\n<!DOCTYPE pod [\n <!ENTITY lol0 \"lol\">\n"
        for i in 1...9 { s += " <!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">\n" }
        return s + "]>\n<pod><profile><content><title>&lol9;</title></content></profile></pod>\n"
    }
}

@Suite("EEN partnering opportunities")
struct EENTests {
    @Test(arguments: [
        ("BOFR20231010001", "BO", "FR", "2023-10-10"), ("RDRDE20260728021", "RDR", "DE", "2026-07-28"),
        ("rdruk20190507003", "RDR", "GB", "2019-05-07"), ("BOEL20220912002", "BO", "GR", "2022-09-12"),
        (" TRSE20240229001 ", "TR", "SE", "2024-02-29"),
    ])
    func validReferences(text: String, type: String, country: String, date: String) throws {
        let r = try EENReference.parse(text).get()
        #expect(r.type.rawValue == type)
        #expect(r.country == country)
        #expect(r.date == date)
    }

    @Test(arguments: ["BOFR2023101000", "XXFR20231010001", "BOXX20231010001", "BOFR20231310001", "TRSE20230229001", "BOFR2023101000A", ""])
    func invalidReferences(text: String) {
        #expect(throws: InvalidReference.self) { try EENReference.parse(text).get() }
    }

    @Test func dates() {
        #expect(EENDate.normalise("2025-01-20T09:30:00Z") == "2025-01-20")
        #expect(EENDate.normalise("12/09/2022") == "2022-09-12")
        #expect(EENDate.normalise("20240229") == "2024-02-29")
        #expect(EENDate.normalise("31.02.2025") == nil)
        #expect(EENDate.normalise("soon") == nil)
    }

    @Test func xmlExport() throws {
        let c = try EENXML.read(try Fixture.bytes("een-profiles.xml"), file: "een.xml", asOf: "2026-01-01")
        #expect(c.rejected.isEmpty, "\(c.rejected)")
        let byID = Dictionary(uniqueKeysWithValues: c.records.map { ($0.participant.id, $0) })
        let to = try #require(byID["TOFR20231010001"]?.participant)
        #expect(to.offers.count == 1 && to.needs.isEmpty)
        #expect(to.country == "FR")
        #expect(to.offers[0].codes == ["een-tech:01003003", "een-tech:04005", "een-market:01003003", "nace:C.26.4"])
        #expect(to.offers[0].text?.hasPrefix("The system listens to the blades & the gearbox.\nPartners sought") == true)
        #expect(to.attributes?["een"]?["partnerSought"] == "Wind farm operators and turbine makers")
        #expect(to.source == RecordSource(format: "een-xml", file: "een.xml", reference: "TOFR20231010001"))
        #expect(isMatchable(to))
        let tr = try #require(byID["TRDE20240301007"]?.participant)
        #expect(tr.needs.count == 1 && tr.offers.isEmpty)
        let rdr = try #require(byID["RDRUK20190507003"]?.participant)
        #expect(rdr.country == "GB")
        #expect(rdr.kind == .knowledgeInstitution)
        #expect(rdr.attributes?["een"]?["expired"] == true)
        #expect(!isMatchable(rdr))
        #expect(byID["BOEL20220912002"]?.participant.country == "GR")
        #expect(byID["BOEL20220912002"]?.participant.attributes?["een"]?["submitted"] == "2022-09-12")
        #expect(byID["TRDE20240301007"]?.line == 24)
        #expect(c.notes.contains { $0.contains("1 expired profile") })
    }

    @Test func xmlProblemsAreAllListedWithXMLFieldNames() throws {
        let c = try EENXML.read(try Fixture.bytes("een-profiles-bad.xml"), file: "bad.xml", asOf: "2026-01-01")
        #expect(c.records.map(\.participant.id) == ["BOFR20231010001"])
        let text = c.rejected.map(\.description).joined(separator: "\n")
        #expect(text.contains("bad.xml:8: record 'BOFR20231010001': field 'reference' value \"BOFR20231010001\": duplicate reference: the same profile is on line 3"))
        #expect(text.contains("bad.xml:13: record 'BOXX20231310001': field 'reference/external'"))
        #expect(text.contains("field 'reference/type' value \"TR\": says TR but the reference BODE20230101001 says BO"))
        #expect(text.contains("field 'content/title': is required"))
        #expect(text.contains("field 'datum/deadline' value \"soon\""))
    }

    @Test func jsonWithCodedFieldsAsStringsOrObjects() throws {
        let c = try EENJSON.read(try Fixture.bytes("een-profiles.json"), file: "een.json", asOf: "2026-01-01")
        #expect(c.rejected.isEmpty, "\(c.rejected)")
        let br = c.records[0].participant
        #expect(br.id == "BRSE20250115004")
        #expect(br.needs.count == 1)
        #expect(br.needs[0].codes == ["een-tech:09003", "een-tech:01001", "een-market:05005"])
        #expect(br.attributes?["een"]?["status"] == "PUBLISHED")
        #expect(br.attributes?["een"]?["published"] == "2025-01-20")
        #expect(br.attributes?["een"]?["typesOfPartnership"] == ["Distribution services agreement"])
        #expect(br.needs[0].text == "Distribution services agreement.")
        #expect(c.records[0].line == 3)  // records of a wrapped array are located by their reference
        let to = c.records[1].participant
        #expect(to.kind == .knowledgeInstitution)
        #expect(to.offers.count == 1)
        #expect(to.attributes?["een"]?["expired"] == true)  // expired 2025-06-20
        #expect(to.attributes?["een"]?["stageOfDevelopment"] == "Lab tested")
        #expect(c.records[1].line == 18)
        let rdr = c.records[2].participant
        #expect(rdr.attributes?["een"]?["expired"] == true)  // status CLOSED
        #expect(rdr.needs.count == 1)
    }

    @Test func jsonLinesAndBareArrays() throws {
        let lines = """
            {"reference": "BOFR20231010001", "profileType": "BO", "title": "A", "partnerOrganisationCountry": "FR"}

            {"reference": "BOFR20231010002", "profileType": {"code": "XX"}, "title": "B"}
            """
        let c = try EENJSON.read(Array(lines.utf8), file: "l.jsonl", asOf: "2026-01-01")
        #expect(c.records.count == 1)
        #expect(c.rejected.first?.line == 3)
        #expect(c.rejected.first?.description.contains("unknown profile type") == true)
        let array = try EENJSON.read(Array("[\n{\"reference\": \"TOIT20240620011\", \"title\": \"X\"}\n]".utf8), file: "a.json", asOf: "2026-01-01")
        #expect(array.records.first?.participant.country == "IT")  // from the reference
    }

    @Test func doctypeAndEntityBombAreRefusedBeforeParsing() throws {
        do {
            _ = try EENXML.profiles(Array(Fixture.entityBomb.utf8), file: "bomb.xml")
            Issue.record("the bomb was accepted")
        } catch {
            #expect(error.line == 2)
            #expect(error.message.contains("DTDs and entities are refused"))
        }
        let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE pod [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<pod><profile><content><title>&xxe;</title></content></profile></pod>"
        #expect(throws: ImportFileError.self) { try EENXML.profiles(Array(xxe.utf8), file: "xxe.xml") }
        let sneaky = "<?xml version=\"1.0\"?>\n<!doctype pod>\n<pod/>"
        #expect(throws: ImportFileError.self) { try EENXML.profiles(Array(sneaky.utf8), file: "s.xml") }
    }

    /// Even without the byte scan, the parser neither expands the bomb nor reads files.
    @Test func parserItselfRefusesEntityDeclarations() throws {
        for doc in [Fixture.entityBomb,
                    "<?xml version=\"1.0\"?>\n<!DOCTYPE pod [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<pod><profile><content><title>&xxe;</title></content></profile></pod>"] {
            // Refused, or parsed without expanding anything: either way nothing grows and no file is read.
            if let profiles = try? EENXML.profiles(Array(doc.utf8), file: "x.xml", refuseDeclarations: false) {
                let title = profiles.first?.title ?? ""
                #expect(!title.contains("lol") && !title.contains("root:"), "expanded: \(title.prefix(40))")
            }
        }
        let undefined = "<pod><profile><content><title>&undefined;</title></content></profile></pod>"
        #expect(throws: ImportFileError.self) { try EENXML.profiles(Array(undefined.utf8), file: "u.xml") }
    }

    @Test func brokenXMLSaysWhere() {
        do {
            _ = try EENXML.profiles(Array("<pod>\n<profile>\n<title>x</titel>\n</profile></pod>".utf8), file: "b.xml")
            Issue.record("accepted")
        } catch {
            #expect((3...4).contains(error.line ?? 0))
            #expect(error.message.hasPrefix("not well-formed XML"))
        }
    }
}
