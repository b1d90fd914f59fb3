import Foundation

/// Turns free text and keyword phrases into comparable terms: lower case, accents folded,
/// split on anything that is not a letter or digit, English stop words and numbers dropped,
/// plurals reduced ("sensors" → "sensor").
public enum TextAnalyzer {
    static let stopWords: Set<String> = Set("""
        a an and are as at be by for from has have in into is it its of on or our the their \
        to we with within without you your this that these those other such via using use \
        based new more most also can will all any both each per than then there where which who \
        og i af til en et der det som med for på er \
        make makes made develop develops developing provide provides offer offers need needs \
        seek seeks seeking look looking work works working help helps company companies
        """.split(separator: " ").map(String.init))

    /// Legal forms of companies ("Acme Sensors ApS develops …"): two Danish companies share
    /// `aps`, not a competence, and a reason `both work on aps` is nonsense. Matched as whole
    /// words only, never by stem, so that `abs` (ABS plastic) stays a term while `ab` goes.
    /// The words of longer forms go too (`GmbH & Co. KG`, `UG (haftungsbeschränkt)`,
    /// `AB (publ)`, `Sp. z o.o.`). Kept because they are also competences: `sas` (the
    /// analytics software) and `spa` (wellness).
    static let legalForms: Set<String> = Set("""
        gmbh mbh ggmbh kg kgaa ohg gbr ug haftungsbeschrankt ag se co ltd llc llp inc corp plc pty \
        aps ivs asa oy oyj ab publ bv nv bvba sa sl srl sarl sprl sp kft zrt nyrt uab ehf doo sro \
        eood ood sia ou
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    /// True for words that say nothing about a competence: function words, the verbs and
    /// nouns every profile uses ("we make …", "companies that need …"), legal forms, and
    /// numbers.
    static func isStopWord(_ word: String) -> Bool {
        isNumber(word) || stopWords.contains(word) || legalForms.contains(word) || stopWords.contains(stem(word))
    }

    /// A word of digits only (`2014`, `04`, `100`): years, counts and the parts of codes
    /// (`EeB-04-2014`) are no competence, and a reason `both work on 2014` reads as nonsense.
    /// Words with a letter stay (`5g`, `3d`, `h2020`).
    static func isNumber(_ word: String) -> Bool {
        // Most words are ASCII and start with a letter: decided at the first byte.
        for b in word.utf8 {
            if b >= 0x80 { return word.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal } }
            if b < 0x30 || b > 0x39 { return false }
        }
        return !word.isEmpty
    }

    /// The term a word gives (its stem), or nil when `terms` drops it: one character, or a
    /// stop word. The stem is computed once.
    static func term(_ word: String) -> String? {
        guard hasMoreThanOneCharacter(word) else { return nil }
        if isNumber(word) { return nil }
        let stemmed = stem(word)
        if stopWords.contains(word) || legalForms.contains(word) || stopWords.contains(stemmed) { return nil }
        return stemmed
    }

    /// `word.count > 1`, without counting characters when the word is ASCII (one byte each).
    static func hasMoreThanOneCharacter(_ word: String) -> Bool {
        let bytes = word.utf8
        guard bytes.count > 1 else { return false }
        return bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D } || word.count > 1  // CR LF is one character
    }

    /// A phrase in canonical form: folded, single-spaced, trimmed ("MEMS  Microphones" → "mems microphones").
    public static func normalisedPhrase(_ text: String) -> String {
        words(text).joined(separator: " ")
    }

    /// The terms of a text, in order, with stop words removed and plurals reduced.
    public static func terms(_ text: String) -> [String] {
        terms(words: words(text))
    }

    /// The terms of a text already split by `words`.
    static func terms(words: [String]) -> [String] {
        words.compactMap(term)
    }

    /// Folded lower-case words of a text.
    static func words(_ text: String) -> [String] {
        if let ascii = asciiWords(text) { return ascii }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    /// The same words for plain ASCII text, without Foundation's folding (most text is
    /// ASCII, and folding was most of the time spent analysing it). Nil for other text.
    static func asciiWords(_ text: String) -> [String]? {
        var utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            var result: [String] = []
            var start = -1
            var buffer: [UInt8] = []
            for (i, b) in bytes.enumerated() {
                if b >= 0x80 { return nil }
                let isLetter = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39)
                if isLetter {
                    if start < 0 { start = i; buffer.removeAll(keepingCapacity: true) }
                    buffer.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
                } else if start >= 0 {
                    result.append(String(decoding: buffer, as: UTF8.self))
                    start = -1
                }
            }
            if start >= 0 { result.append(String(decoding: buffer, as: UTF8.self)) }
            return result
        } ?? {
            var copy = text
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
            return asciiWords(copy)
        }()
    }

    /// A deliberately light stemmer: only English plural endings, so that reasons stay readable.
    static func stem(_ word: String) -> String {
        // The same rules on the bytes of an ASCII word (one byte per character).
        let ascii = word.utf8.withContiguousStorageIfAvailable { b -> String? in
            let n = b.count
            guard n > 3, b.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
            func endsWith(_ s: StaticString) -> Bool {
                let k = s.utf8CodeUnitCount
                return n >= k && (0..<k).allSatisfy { b[n - k + $0] == s.utf8Start[$0] }
            }
            func prefix(_ k: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: b[0..<k]), as: UTF8.self) }
            if endsWith("ies") && n > 4 { return prefix(n - 3) + "y" }
            if endsWith("sses") { return prefix(n - 2) }
            if endsWith("ss") || endsWith("us") || endsWith("is") { return word }
            if endsWith("s") { return prefix(n - 1) }
            return word
        }
        if let ascii, let stemmed = ascii { return stemmed }
        guard word.count > 3, word.unicodeScalars.allSatisfy({ $0.isASCII }) else { return word }
        if word.hasSuffix("ies") && word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("sses") { return String(word.dropLast(2)) }
        if word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is") { return word }
        if word.hasSuffix("s") { return String(word.dropLast()) }
        return word
    }
}
