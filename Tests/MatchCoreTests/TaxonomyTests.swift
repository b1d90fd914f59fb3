import CSV
import Foundation
import Testing
@testable import Importers
@testable import MatchCore

/// The real EEN taxonomies the repository ships in Profiles/taxonomy/een/ (its README names the source).
enum ShippedEENTaxonomies {
    static var eenDirectory: URL {
        var dir = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { dir.deleteLastPathComponent() }  // Tests/MatchCoreTests/file → repo root
        return dir.appendingPathComponent("Profiles/taxonomy/een")
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: eenDirectory.appendingPathComponent(name), encoding: .utf8)
    }
}

@Suite("EEN taxonomy import")
struct TaxonomyTests {
    let terms: [TaxonomyTerm]
    let byCode: [String: TaxonomyTerm]

    init() throws {
        terms = try EENTaxonomyCSV.parse(try ShippedEENTaxonomies.text("taxonomy-technology-full.csv"), file: "taxonomy-technology-full.csv")
        byCode = Dictionary(uniqueKeysWithValues: terms.map { ($0.code, $0) })
    }

    @Test func readsAllRowsIntoTheTechnologyNamespace() {
        #expect(terms.count == 575)
        #expect(Set(terms.map(\.namespace)) == ["een-tech"])
        #expect(terms.filter { $0.level == 1 }.count == 11)
    }

    @Test func codesThatDifferOnlyByALeadingZeroStayDistinct() {
        let codes = Set(terms.map(\.code))
        let pairs = codes.filter { $0.hasPrefix("0") && codes.contains(String($0.dropFirst())) }
        #expect(pairs.count == 43)
        #expect(byCode["05001"]?.label == "Chemistry")
        #expect(byCode["005001"]?.label == "Astronomy")
    }

    @Test func everyParentIsOneLevelUpAndCarriesTheParentLabel() throws {
        let rows = try CSVReader.rows(try ShippedEENTaxonomies.text("taxonomy-technology-full.csv")).dropFirst()
        for row in rows {
            let term = try #require(byCode[row.fields[1]])
            if row.fields[4].isEmpty { #expect(term.parent == nil); continue }
            let parent = try #require(term.parent.flatMap { byCode[$0] }, "no parent for \(term.code)")
            #expect(parent.label == row.fields[4])
            #expect(parent.level == term.level - 1)
            if !row.fields[6].isEmpty {
                #expect(parent.parent.flatMap { byCode[$0] }?.label == row.fields[6], "grandparent of \(term.code)")
            }
        }
    }

    /// "Energy efficiency" is the label of 04007 and 004008 (both level 2); the rule picks
    /// the candidate whose code shares the longest leading run with the child's.
    @Test(arguments: [
        ("004006001", "004008"), ("004006004", "004008"), ("04007001", "04007"), ("04007006", "04007"),
        // Label shared by a level-2 and a level-3 term: the Parent_1 level decides.
        ("01002001", "01002"), ("01002013", "01002"),
    ])
    func ambiguousParentLabelsFollowTheDocumentedRule(child: String, parent: String) {
        #expect(byCode[child]?.parent == parent)
    }

    @Test func parentsComeFromLabelsNotCodePrefixes() {
        // 011007 "Foresight tools" sits under SOCIAL AND ECONOMICS CONCERNS (11), not under "01".
        #expect(byCode["011007"]?.parent == "11")
    }

    @Test func bareCodesResolveOnlyWhenUnambiguous() {
        var taxonomy = Taxonomy(terms: terms)
        #expect(taxonomy.resolve("03007") == .success("een-tech:03007"))
        #expect(taxonomy.resolve("een-tech:03007") == .success("een-tech:03007"))
        #expect(taxonomy.resolve("99999") == .failure(.unknown("99999")))
        #expect(taxonomy.resolve("nace:03007") == .failure(.unknownNamespace("nace:03007", namespace: "nace")))
        taxonomy.insert(TaxonomyTerm(namespace: "een-market", code: "03007", label: "Market thing", level: 1, parent: nil))
        guard case .failure(.ambiguous(_, let namespaces)) = taxonomy.resolve("03007") else {
            Issue.record("03007 should be ambiguous now"); return
        }
        #expect(namespaces == ["een-market", "een-tech"])
        #expect(String(describing: CodeResolutionError.ambiguous("03007", namespaces: namespaces)).contains("een-tech:03007"))
    }

    @Test func withoutATaxonomyCodesAreKeptAsWritten() {
        #expect(Taxonomy().resolve("whatever") == .success("whatever"))
    }

    @Test func namespaceFollowsTheTypeColumn() {
        #expect(EENTaxonomyCSV.namespace(forType: "Technology Keyword") == "een-tech")
        #expect(EENTaxonomyCSV.namespace(forType: "Market Keyword") == "een-market")
        #expect(EENTaxonomyCSV.namespace(forType: "NACE Keyword") == "nace")
        // The shipped default taxonomy loads into the namespace of the demo's codes.
        #expect(EENTaxonomyCSV.namespace(forType: "ClusterMatch Competence") == "cm")
        #expect(EENTaxonomyCSV.namespace(forType: "Regional Speciality") == "regional-speciality")
    }

    @Test func plainLabelListsNeedANamespace() throws {
        let text = try ShippedEENTaxonomies.text("taxonomy-sdg.csv")
        #expect(throws: TaxonomyImportError.self) { try EENTaxonomyCSV.parse(text, file: "sdg.csv") }
        let sdg = try EENTaxonomyCSV.parse(text, file: "sdg.csv", namespace: "sdg")
        #expect(sdg.count == 18)
        #expect(sdg.first?.code == "001")
        #expect(sdg.first?.label == "GOAL 1: No Poverty")
    }

    @Test func unknownParentLabelNamesLineAndValue() {
        let csv = "Type,Code,Label,Level,Parent_1,Parent_1 level,Parent_2,Parent_2 level\nTechnology Keyword,01,A,1,,,,\nTechnology Keyword,01001,B,2,Nope,1,,\n"
        do {
            _ = try EENTaxonomyCSV.parse(csv, file: "t.csv")
            Issue.record("accepted an unknown parent")
        } catch {
            #expect(error.line == 3)
            #expect(error.field == "Parent_1")
            #expect(error.value == "Nope")
        }
    }
}

@Suite("CSV reader")
struct CSVReaderTests {
    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let rows = try CSVReader.rows("\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n\r\nlast,\n")
        #expect(rows.map(\.fields) == [["a", "b"], ["x, y", "say \"hi\"\nthere"], ["last", ""]])
        #expect(rows.map(\.line) == [1, 2, 5])
    }

    @Test func unclosedQuoteIsAnError() {
        #expect(throws: CSVSyntaxError.self) { try CSVReader.rows("a,\"b\n") }
    }

    /// The byte reader (ASCII delimiters) and the scalar reader agree on rows, lines and errors.
    @Test func byteAndScalarReadersAgree() {
        let inputs = [
            "\u{FEFF}a;b\r\n\"x; y\";\"say \"\"hi\"\"\r\nthere\"\r\n\r\nlast;\n",
            "ø,Æble,\"straße\"  ,日本\rnext,\"a\r\"\n\n\n,\n",
            "a\tb\n\"q\"\tz\n\"open\r",
            "a,b\nx,y\"z\n",
            "a,\"b\" c\n",
            "\"\"\"\",\"\"\r\n\r",
            "", "\u{FEFF}", ",", "\"",
        ]
        for text in inputs {
            for d: Character in [",", ";", "\t"] {
                var scalar: Result<[CSVRow], CSVSyntaxError>
                do { scalar = .success(try ReferenceCSVReader.rows(text, delimiter: d)) } catch { scalar = .failure(error) }
                var bytes: Result<[CSVRow], CSVSyntaxError>
                do { bytes = .success(try CSVReader.rows(text, delimiter: d)) } catch { bytes = .failure(error) }
                #expect(scalar == bytes, "\(text.debugDescription) with \(d.debugDescription)")
            }
        }
    }
}
