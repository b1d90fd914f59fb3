import CSV
import Foundation
import Testing
@testable import Importers
@testable import MatchCore

@Suite("Registration CSV")
struct RegistrationCSVTests {
    /// An export as an event platform writes it: BOM, semicolons, CRLF, a quoted newline,
    /// accents in headers, a column nobody needs.
    static let platformExport = "\u{FEFF}E-Mail Address;First name;Last name;Job description;Organization name;Country;Participation type;"
        + "Organization type;Areas of activities;Organization description;Website;City;Dietary needs\r\n"
        + "anna.berg@example.dk;Anna;Berg;CTO;Example Acoustics ApS;Denmark;Company;SME;\"acoustic sensors; MEMS microphones\";"
        + "\"We make MEMS microphones.\r\nAnd vibration sensors.\";https://example.dk;Aarhus;vegan\r\n"
        + "lars@uni.example;Lars;Holm;Professor;Aarhus Universitet;DK;Researcher;University;room acoustics;;;Aarhus;\r\n"
        + "marie@region.example;Marie;Dupont;Officer;Région Grand Est;France;Visitor;Public authority;regional policy;;;Strasbourg;\r\n"
        + "jo@cluster.example;Jo;Smith;Manager;Sound Cluster Denmark;United Kingdom;Cluster;Cluster organisation;audio;;;;\r\n"

    /// A CSV written by `CSVWriter` (a participant list exported) reads back with the texts it
    /// had: the apostrophe that keeps spreadsheets from running `@home` or `+Plus` comes off.
    @Test func aListWeExportedReadsBackWithoutItsFormulaGuards() throws {
        let rows = [["id", "name", "kind", "organisation", "country", "keywords"], ["-x-1", "@home Cluster Nord", "cluster", "+Plus Org", "DK", "=sum of parts"]]
        let text = rows.map(CSVWriter.line).joined()
        #expect(text.contains(",'@home Cluster Nord,") && text.contains(",'+Plus Org,") && text.hasPrefix("id,name,kind,organisation,country,keywords\r\n'-x-1,"), "\(text)")
        let contents = try RegistrationCSV.read(text, file: "list.csv")
        #expect(contents.rejected.isEmpty, "\(contents.rejected)")
        let p = try #require(contents.records.first?.participant)
        #expect(p.id == "-x-1" && p.name == "@home Cluster Nord" && p.organisation == "+Plus Org" && p.keywords == ["=sum of parts"], "\(p)")
    }

    @Test func readsAPlatformExport() throws {
        let contents = try RegistrationCSV.read(Self.platformExport, file: "reg.csv")
        #expect(contents.rejected.isEmpty, "\(contents.rejected)")
        #expect(contents.records.count == 4)
        let anna = contents.records[0].participant
        #expect(anna.name == "Anna Berg")
        #expect(anna.kind == .company)
        #expect(anna.organisation == "Example Acoustics ApS")
        #expect(anna.country == "DK")
        #expect(anna.keywords == ["acoustic sensors", "MEMS microphones"])
        #expect(anna.description == "We make MEMS microphones.\nAnd vibration sensors.")
        #expect(anna.contact == Contact(person: "Anna Berg", email: "anna.berg@example.dk"))
        #expect(anna.id == "p-" + SHA256.hex("anna.berg@example.dk").prefix(16))
        #expect(anna.attributes?["registration"]?["website"] == "https://example.dk")
        #expect(contents.records[0].line == 2)
        #expect(contents.records[1].line == 4)  // the quoted newline took a line
        #expect(contents.records.map(\.participant.kind) == [.company, .researcher, .publicBody, .cluster])
        #expect(contents.records[3].participant.country == "GB")
        #expect(contents.notes.contains { $0.contains("semicolon") })
        #expect(contents.notes.contains { $0.contains("Dietary needs") })
    }

    @Test func idIsStableAcrossCaseAndSpacingOfTheEmail() throws {
        let a = try RegistrationCSV.read("Email,Name,Country\nAnna@Example.DK ,Anna,DK\n", file: "a.csv")
        let b = try RegistrationCSV.read("email,name,country\r\nanna@example.dk,Anna B.,Denmark\r\n", file: "b.csv")
        #expect(a.records[0].participant.id == b.records[0].participant.id)
        let withID = try RegistrationCSV.read("Registration ID,Email,Name,Country\nR-17,anna@example.dk,Anna,DK\n", file: "c.csv")
        #expect(withID.records[0].participant.id == "R-17")
    }

    @Test func memberListWithoutPeopleGetsOrganisationIDs() throws {
        let c = try RegistrationCSV.read("Company\tCountry\tSectors\nKlangfeld Mikrosensorik GmbH\tGermany\tMEMS\nTU Nord Hörlabor\tDE\taudiology\n", file: "m.tsv")
        #expect(c.rejected.isEmpty)
        #expect(c.records.map(\.participant.id) == ["org-de-klangfeld-mikrosensorik-gmbh", "org-de-tu-nord-horlabor"])
        #expect(c.records.map(\.participant.kind) == [.company, .company])
        let uni = try RegistrationCSV.read("Organisation,Country\nUniversity of Oulu,FI\n", file: "u.csv")
        #expect(uni.records[0].participant.kind == .knowledgeInstitution)
    }

    @Test func everyProblemOfARowIsListedAndPersonalValuesAreMasked() throws {
        let c = try RegistrationCSV.read("""
            Email,First name,Last name,Country,Employees
            secret@@nowhere,Secret,Person,Atlantis,lots
            ok@example.com,Ok,Person,SE,12
            OK@example.com,Ok,Again,SE,
            ,,,DK,
            """, file: "bad.csv")
        #expect(c.records.count == 1)
        #expect(c.rejected.map(\.line) == [2, 4, 5])
        let first = c.rejected[0].description
        #expect(first.contains("field 'Email' value \"***\": is not an e-mail address"))
        #expect(first.contains("field 'Country' value \"Atlantis\""))
        #expect(first.contains("field 'Employees' value \"lots\""))
        #expect(!first.contains("secret"))
        #expect(c.rejected[1].description.contains("the same e-mail address as line 3"))
        #expect(!c.rejected[1].description.lowercased().contains("ok@example.com"))
        #expect(c.rejected[2].description.contains("names no one"))
    }

    /// Rows are checked on all cores, a block each: a file large enough to be split gives
    /// the records each row gives alone, and finds repeats and problems across blocks, in
    /// row order.
    @Test func largeFilesAreCheckedInBlocksWithTheSameOutcome() throws {
        let header = "Email;First name;Last name;Organisation;Country;Areas of activities;Organization description\r\n"
        func row(_ i: Int) -> String {
            let email = i == 5_900 ? "Person7@Example.org" : i == 3_000 ? "not-an-address" : "person\(i)@example.org"
            return "\(email);First\(i);Last\(i);Org \(i % 50);\(i % 2 == 0 ? "Denmark" : "SE");"
                + "\"robot grippers; sensors|\(i % 7) lidar\";We make parts \(i).\r\n"
        }
        let text = header + (0..<6_000).map(row).joined()
        let all = try RegistrationCSV.read(text, file: "big.csv")
        #expect(all.records.count == 5_998)
        #expect(all.rejected.map(\.line) == [3_002, 5_902])
        #expect(all.rejected[0].description.contains("is not an e-mail address"))
        #expect(all.rejected[1].description.contains("the same e-mail address as line 9"))
        for i in stride(from: 0, to: 6_000, by: 97) where i != 3_000 && i != 5_900 {
            let alone = try RegistrationCSV.read(header + row(i), file: "big.csv")
            let record = try #require(all.records.first { $0.line == i + 2 })
            #expect(record.participant == alone.records[0].participant)
        }
    }

    @Test func fieldPositionsAreTheirPlaceInAllCases() {
        #expect(RegistrationField.allCases.enumerated().allSatisfy { $0.offset == $0.element.position })
    }

    /// E-mail addresses are checked on bytes when ASCII: the same answers as the character test.
    @Test(arguments: ["a@b.dk", "@b.dk", "a@b", "a@@b.dk", "a@b@c.dk", "a.b@c", "a b@c.dk", "a@b.dk\t", "a@.", "ä@b.dk", "a@b.dk\u{A0}"])
    func emailCheck(address: String) throws {
        let c = try RegistrationCSV.read("Email,Name,Country\n\"\(address)\",A,DK\n", file: "x.csv")
        let normalised = TextKey.trimmed(address).lowercased().precomposedStringWithCanonicalMapping
        let parts = normalised.split(separator: "@", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !normalised.contains(where: \.isWhitespace)
        #expect(c.records.count == (valid ? 1 : 0), "\(address)")
    }

    /// List cells are split on bytes when text and separators are ASCII; the result is the
    /// one of splitting characters.
    @Test(arguments: ["a; b;;c |d\ne", " x ; X ;y", "Café; crème|brûlée", "one\r\ntwo;three", ";;", "", "tab\tkept; end "])
    func listCellsSplitAsCharactersDo(cell: String) {
        for separators: Set<Character> in [[";", "|", "\n"], [";", "|", "\n", ","], [";", "|", "\n", "é"]] {
            var seen: Set<String> = []
            let expected = cell.split(whereSeparator: { separators.contains($0) }).map { TextKey.trimmed(String($0)) }
                .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
            #expect(TextKey.list(cell, separators: separators) == expected)
        }
    }

    @Test func missingColumnsAreAFileErrorThatNamesTheFix() throws {
        #expect(throws: ImportFileError.self) { try RegistrationCSV.read("Email,Name\na@b.dk,A\n", file: "x.csv") }
        do {
            _ = try RegistrationCSV.read("Email;Country\na@b.dk;DK\n", file: "x.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("no column gives a name"))
            #expect(error.description.contains("Email, Country"))
        }
        // Short rows (missing trailing cells) are fine.
        let short = try RegistrationCSV.read("Name,Country,City,Website\nA,DK\n", file: "s.csv")
        #expect(short.records.map(\.participant.id) == ["org-dk-a"])  // "Name" alone names an organisation
        let person = try RegistrationCSV.read("Name,Email,Country\nA,,DK\n", file: "p.csv")
        #expect(person.rejected.first?.description.contains("cannot give the row a stable id") == true)
    }

    @Test func mappingFileOverridesAliasesKindsAndDefaults() throws {
        let mapping = try ColumnMapping.parse(Array("""
            {"columns": {"E-Mail-Adresse": "email", "Firma": "organisation", "Art": "organisationType", "Name": null, "Vollständiger Name": "name"},
             "kinds": {"Hochschule": "researcher", "Verband": "other"},
             "defaults": {"country": "Deutschland"}}
            """.utf8), file: "map.json")
        let c = try RegistrationCSV.read("""
            E-Mail-Adresse;Vollständiger Name;Name;Firma;Art
            a@hs.example;Prof. A;ignored;HS Bremen;Hochschule
            b@v.example;B;ignored;VDI;Verband
            """, file: "de.csv", mapping: mapping)
        #expect(c.rejected.isEmpty, "\(c.rejected)")
        #expect(c.records.map(\.participant.kind) == [.researcher, .other])
        #expect(c.records.map(\.participant.country) == ["DE", "DE"])
        #expect(c.records[0].participant.name == "Prof. A")
        #expect(throws: ImportFileError.self) { try ColumnMapping.parse(Array(#"{"columns": {"X": "shoe"}}"#.utf8), file: "m.json") }
    }

    @Test(arguments: [
        ("SME" as String?, nil as String?, "Foo", ParticipantKind.company),
        ("Research and Technology Organisation", nil, "SINTEF", .researcher),
        (nil, "Academia", "Some Lab", .researcher),
        ("Public authority", nil, "City", .publicBody),
        ("Cluster organisation", nil, "X", .cluster),
        ("Association", nil, "X", .other),
        (nil, nil, "Universität Wien", .researcher),
        (nil, nil, "Acme GmbH", .company),
        (nil, "Visitor", "Acme", .company),
    ])
    func kindRule(organisationType: String?, participationType: String?, organisation: String, expected: ParticipantKind) {
        #expect(KindRule.kind(explicit: nil, organisationType: organisationType, participationType: participationType,
                              organisation: organisation, isPerson: true, mapping: ColumnMapping()) == expected)
    }

    @Test func delimiterDetection() {
        #expect(CSVReader.detectDelimiter("a;b;c\n1,5;2;3") == ";")
        #expect(CSVReader.detectDelimiter("\u{FEFF}a\tb\tc") == "\t")
        #expect(CSVReader.detectDelimiter("\"a;b\",c,d") == ",")
        #expect(CSVReader.detectDelimiter("single") == ",")
    }

    @Test(arguments: [("Denmark", "DK"), ("denmark ", "DK"), ("Deutschland", "DE"), ("UK", "GB"), ("EL", "GR"), ("Czech Republic", "CZ"),
                      ("Türkiye", "TR"), ("United States of America", "US"), ("the Netherlands", "NL"), ("España", "ES"), ("DEU", "DE")])
    func countryNames(name: String, code: String) {
        #expect(CountryNames.code(for: name) == code)
    }

    @Test func unknownCountriesAreNil() {
        #expect(CountryNames.code(for: "Atlantis") == nil)
        #expect(CountryNames.code(for: "XX") == nil)
    }

    @Test func sha256KnownAnswers() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"))
    }

    @Test func formatDetection() {
        #expect(ImportFormat.detect(Array("Email;Name;Country\n".utf8))?.format == .registrationCSV)
        #expect(ImportFormat.detect(Array(#"{"id": "a", "kind": "company"}"#.utf8))?.format == .participants)
        #expect(ImportFormat.detect(Array("\u{FEFF}<?xml version=\"1.0\"?><pod><profile/></pod>".utf8))?.format == .eenXML)
        #expect(ImportFormat.detect(Array(#"[{"reference": "BOFR20231010001", "profileType": "BO"}]"#.utf8))?.format == .eenJSON)
        #expect(ImportFormat.detect(Array("Name,Country,NUTS region,Ecosystems,SME members\n".utf8))?.format == .clusters)
        #expect(ImportFormat.detect(Array("hello world".utf8)) == nil)
    }
}
