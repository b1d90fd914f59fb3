import CSV
import JSONSupport
import Testing
import _Evaluation
@testable import MatchCore

/// Issue 11 §2: match-all writes its reasons' sentences without making the reasons
/// (`Explainer.summaries`). They must be, byte for byte, the summaries of the reasons as
/// they were computed pair by pair from the features' dictionaries
/// (`PreparedReasonsTests.referenceReasons`, the former implementation).
@Suite("Reason sentences written without the reasons")
struct ReasonSummariesTests {
    static func sentences(_ s: ReasonSummaries) -> [String] {
        (0..<s.count).map { String(decoding: s.bytes[s.range($0)], as: UTF8.self) }
    }

    @Test func sentencesEqualTheReferenceSummariesOnThePlantedLandscape() {
        var settings = PlantedLandscape.Settings()
        settings.pairs = 60
        settings.distractors = 120
        let l = PlantedLandscape(settings)
        let space = VectorIndex.build(participants: l.participants, taxonomy: l.taxonomy, configuration: VectorSpaceConfiguration()).space
        let features = l.participants.map(space.features(of:))
        let vocabulary = ExplanationVocabulary(space)
        let numbered = features.map { ExplainableTerms($0, space: space, vocabulary: vocabulary) }
        let onNames = features.map { ExplainableTerms($0, space: space) }
        var out = ReasonSummaries()
        var compared = 0, sentences = 0
        for i in features.indices {
            var partners = stride(from: (i * 5) % features.count, to: features.count, by: 23).map { $0 }
            if let p = l.planted[l.participants[i].id], let j = l.participants.firstIndex(where: { $0.id == p }) { partners.append(j) }
            for j in partners where j != i {
                let want = PreparedReasonsTests.referenceReasons(features[i], features[j], space: space).map(PreparedReasonsTests.referenceSummary)
                // The buffer is reused from pair to pair, as match-all does; one sentence made elsewhere goes first.
                out.removeAll()
                out.append("before")
                Explainer.summaries(numbered[i], numbered[j], vocabulary: vocabulary, space: space, into: &out)
                #expect(Self.sentences(out) == ["before"] + want, "\(l.participants[i].id) – \(l.participants[j].id)")
                // Terms on names (an ad-hoc query) take the reasons' way: the same sentences.
                var named = ReasonSummaries()
                Explainer.summaries(onNames[i], numbered[j], vocabulary: vocabulary, space: space, into: &named)
                #expect(Self.sentences(named) == want)
                compared += 1
                sentences += want.count
            }
        }
        #expect(compared > 1500 && sentences > 1000, "\(compared) pairs, \(sentences) sentences")
    }

    /// Cases the landscape may not reach: a keyword that reads as a taxonomy label in
    /// another case (said once), accented phrases (compared as strings), the same phrase on
    /// both sides, a shared term already named by a directional reason, words shared only
    /// through phrases already shown.
    @Test func sentencesEqualTheReferenceOnHandMadeProfiles() {
        let people = [
            company("a", codes: ["t:01001001"], keywords: ["hearing aids", "Café robotics", "acoustic sensors"],
                    offers: [Statement(text: "Acoustic sensors for hearing aids", keywords: ["acoustic sensors"])],
                    needs: [Statement(text: "Grippers", keywords: ["GRIPPERS", "café robotics"])]),
            company("b", codes: ["t:01001001", "t:02001"], keywords: ["HEARING AIDS", "cafe\u{301} robotics", "grippers"],
                    offers: [Statement(text: "Grippers for café robotics", keywords: ["grippers", "Café robotics"])],
                    needs: [Statement(text: "acoustic sensors", keywords: ["acoustic sensors", "sensors for hearing aids"])],
                    description: "We build grippers and sensors for hearing aids, café robotics and acoustic sensors."),
            company("c", codes: ["t:01001002"], keywords: ["audiometry", "sensors"],
                    offers: [Statement(text: "Audiometry — “sensors”, hearing", keywords: ["audiometry"])],
                    needs: [Statement(text: "Hearing aids", keywords: ["hearing aids", "sensors"])]),
        ]
        let space = VectorIndex.build(participants: people, taxonomy: miniTaxonomy, configuration: .init(dimension: 64)).space
        let vocabulary = ExplanationVocabulary(space)
        let features = people.map(space.features(of:))
        let terms = features.map { ExplainableTerms($0, space: space, vocabulary: vocabulary) }
        var total = 0
        for i in people.indices {
            for j in people.indices where j != i {
                for limit in [1, 3, 5] {
                    let want = PreparedReasonsTests.referenceReasons(features[i], features[j], space: space, limit: limit)
                        .map(PreparedReasonsTests.referenceSummary)
                    var out = ReasonSummaries()
                    Explainer.summaries(terms[i], terms[j], vocabulary: vocabulary, space: space, limit: limit, into: &out)
                    #expect(Self.sentences(out) == want, "\(people[i].id) – \(people[j].id), limit \(limit)")
                    total += want.count
                }
            }
        }
        #expect(total > 20)
    }

    /// Sentences compared on their bytes (`ReasonSummaries.equalIgnoringCase`, which says
    /// a sentence once) against lowercasing both strings, on the cases where a shortcut
    /// could go wrong (as `PreparedReasonsTests` does for `Reason.equalIgnoringCase`).
    @Test func sentencesCompareIgnoringCaseAsLowercasedStrings() {
        let texts = ["K", "k", "\u{212A}", "İ", "i̇", "i", "ß", "SS", "ss", "Straße", "STRASSE", "strasse", "café", "cafe\u{301}", "CAFÉ",
                     "…sensors for", "…SENSORS FOR", "…sensors fox", "…sensors", "Σ", "σ", "ς", "", "a", "ab", "AB", "\u{301}", "a\u{301}",
                     "both: \"Café robotics\"", "both: \"CAFÉ ROBOTICS\"", "both: \"café robotics…\"", "x😀y", "X😀Y", "x😁y"]
        var s = ReasonSummaries()
        for t in texts { s.append(t) }
        for j in texts.indices {
            for k in texts.indices {
                #expect(s.equalIgnoringCase(j, k) == (texts[j].lowercased() == texts[k].lowercased()), "\(texts[j]) – \(texts[k])")
            }
        }
    }

    /// `CSVWriter.appendField` on bytes against `CSVWriter.field` on the string, where a
    /// byte-wise answer could go wrong: quotes and commas beside combining marks (one
    /// character with them), carriage returns (CR LF is one character), accents, none at all.
    @Test(arguments: ["", "plain", "a,b", "say \"hi\"", "\"\u{301}x\"", "a,\u{301}b", "é,é", "line\nbreak", "a\r\nb", "a\rb",
                      "\u{301}\"", "x\"\u{200D}", "café", "\"", ",", "you offer \"acoustic sensors\", they need \"sensors\" (sensors)",
                      "=1+1", "-0.25", "-x,y", "@SUM(A1)", "+45 1234", "\tx", "\r\n", "-", "'=x"])
    func csvFieldsFromBytesEqualFieldsFromStrings(_ text: String) {
        var out: [UInt8] = [1]
        Array(text.utf8).withUnsafeBufferPointer { CSVWriter.appendField($0, to: &out) }
        #expect(out == [1] + Array(CSVWriter.field(text).utf8))
    }

    /// Texts a spreadsheet would run as formulas get an apostrophe, numbers do not, and
    /// `unguarded` takes the apostrophe off what `field` put there, and only that.
    @Test func csvFieldsThatStartAFormulaAreWrittenAsText() {
        let guarded: [(String, String)] = [
            ("=HYPERLINK(\"http://x\",\"click\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""),
            ("+45 12 34", "'+45 12 34"), ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"), ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\tx", "'\tx"), ("-", "'-"), ("=a,b", "\"'=a,b\""),
        ]
        for (text, written) in guarded {
            #expect(CSVWriter.field(text) == written, "\(text)")
            let read = try? CSVReader.rows("h\n" + written + "\n", delimiter: ",")
            #expect(read?.last?.fields.map(CSVWriter.unguarded) == [text], "\(text)")
        }
        for plain in ["-0.25", "+3", "-1e-3", "0.5", "a=b", "'x", "café", ""] {
            #expect(CSVWriter.field(plain) == plain, "\(plain)")
            #expect(CSVWriter.unguarded(plain) == plain, "\(plain)")
        }
        #expect(CSVWriter.unguarded("'=x") == "=x")
    }

    /// `JSONValue.appendQuoted` and `append(to:)` write what `quoted` and `serialized` do.
    @Test(arguments: ["", "plain", "say \"hi\"", "tab\tand\u{1}control", "back\\slash", "line\u{2028}sep", "café ≈ ‘x’"])
    func jsonFromBytesEqualsJSONFromStrings(_ text: String) {
        var out: [UInt8] = [1]
        Array(text.utf8).withUnsafeBufferPointer { JSONValue.appendQuoted($0, to: &out) }
        #expect(out == [1] + Array(JSONValue.quoted(text).utf8))
        var value: [UInt8] = [2]
        let v = JSONValue.array([.string(text), .double(0.1234), .int(7), .double(1)])
        v.append(to: &value)
        #expect(value == [2] + Array(v.serialized().utf8))
    }
}
