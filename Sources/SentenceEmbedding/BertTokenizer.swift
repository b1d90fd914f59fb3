import Foundation
import JSONSupport

/// The uncased BERT tokenizer exactly as a `tokenizer.json` of type WordPiece with a
/// BertNormalizer and a BertPreTokenizer describes it, giving the ids Hugging Face's
/// `tokenizers` gives (checked against it on the reference fixture).
///
/// Steps: special tokens written literally in the text (`[SEP]`, …) are kept whole; the rest is
/// normalised (control characters dropped, white space made spaces, CJK ideographs spaced,
/// accents stripped, lower-cased), split at white space and punctuation, and each word split
/// into the longest vocabulary pieces (`##` marks a continuation; a word that cannot be split,
/// or is longer than `maxInputCharactersPerWord`, becomes `[UNK]`). `[CLS]` and `[SEP]` frame
/// the result, cut to `maximumLength` tokens.
package struct BertTokenizer: Sendable {
    package let vocabulary: [String: Int32]
    package let unknown: Int32
    package let classifier: Int32
    package let separator: Int32
    /// Special tokens matched literally in the raw text, longest first.
    private let addedTokens: [(text: [Unicode.Scalar], id: Int32)]
    private let continuationPrefix: String
    private let maxInputCharactersPerWord: Int
    private let lowercase: Bool
    private let stripAccents: Bool
    private let cleanText: Bool
    private let spaceChineseCharacters: Bool
    /// Tokens per text including `[CLS]` and `[SEP]`.
    package var maximumLength: Int

    /// Test switch: keep accents although the tokenizer.json says to strip them
    /// (to show the reference test catches it).
    package var debugKeepAccents = false

    /// Reads `tokenizer.json`.
    /// - Throws: `EmbeddingModelError` naming the file when it is unreadable or not a BERT WordPiece tokenizer.
    package init(contentsOf path: String, maximumLength: Int) throws(EmbeddingModelError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw EmbeddingModelError(file: path, "cannot read") }
        let json: JSONValue
        do { json = try JSONParser.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw EmbeddingModelError(file: path, "damaged: \(error)")
        }
        guard let model = json["model"], model["type"]?.stringValue == "WordPiece", let vocab = model["vocab"]?.objectValue else {
            throw EmbeddingModelError(file: path, "not a WordPiece tokenizer with a vocabulary")
        }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(vocab.count)
        for (token, id) in vocab {
            guard let id = id.intValue else { throw EmbeddingModelError(file: path, "vocabulary entry '\(token)' has no integer id") }
            vocabulary[token] = Int32(id)
        }
        func id(_ token: String) throws(EmbeddingModelError) -> Int32 {
            guard let id = vocabulary[token] else { throw EmbeddingModelError(file: path, "vocabulary lacks \(token)") }
            return id
        }
        let normalizer = json["normalizer"]
        guard normalizer?["type"]?.stringValue == "BertNormalizer", json["pre_tokenizer"]?["type"]?.stringValue == "BertPreTokenizer" else {
            throw EmbeddingModelError(file: path, "expected a BertNormalizer and a BertPreTokenizer")
        }
        self.vocabulary = vocabulary
        unknown = try id(model["unk_token"]?.stringValue ?? "[UNK]")
        classifier = try id("[CLS]")
        separator = try id("[SEP]")
        continuationPrefix = model["continuing_subword_prefix"]?.stringValue ?? "##"
        maxInputCharactersPerWord = Int(model["max_input_chars_per_word"]?.intValue ?? 100)
        lowercase = normalizer?["lowercase"]?.boolValue ?? true
        // `null` means: strip accents when lower-casing.
        stripAccents = normalizer?["strip_accents"]?.boolValue ?? lowercase
        cleanText = normalizer?["clean_text"]?.boolValue ?? true
        spaceChineseCharacters = normalizer?["handle_chinese_chars"]?.boolValue ?? true
        addedTokens = (json["added_tokens"]?.arrayValue ?? []).compactMap { t -> ([Unicode.Scalar], Int32)? in
            guard let content = t["content"]?.stringValue, let id = t["id"]?.intValue, t["normalized"]?.boolValue == false else { return nil }
            return (Array(content.unicodeScalars), Int32(id))
        }.sorted { $0.0.count > $1.0.count }
        self.maximumLength = maximumLength
    }

    /// The token ids of `text`, `[CLS]` … `[SEP]`, at most `maximumLength` of them.
    package func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [classifier]
        let limit = maximumLength - 1
        var segment: [Unicode.Scalar] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        outer: while i < scalars.count {
            for added in addedTokens where scalars[i] == added.text[0] && i + added.text.count <= scalars.count
                && scalars[i..<i + added.text.count].elementsEqual(added.text) {
                appendWords(of: segment, to: &ids)
                segment.removeAll(keepingCapacity: true)
                ids.append(added.id)
                i += added.text.count
                continue outer
            }
            segment.append(scalars[i])
            i += 1
        }
        appendWords(of: segment, to: &ids)
        if ids.count > limit { ids.removeLast(ids.count - limit) }
        ids.append(separator)
        return ids
    }

    private func appendWords(of raw: [Unicode.Scalar], to ids: inout [Int32]) {
        guard !raw.isEmpty else { return }
        for word in Self.words(normalize(raw)) { appendPieces(of: word, to: &ids) }
    }

    /// BertNormalizer: clean, space CJK, strip accents, lower-case — in this order.
    package func normalize(_ raw: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(raw.count + 8)
        for c in raw {
            if cleanText {
                if c.value == 0 || c.value == 0xFFFD || Self.isControl(c) { continue }
                if Self.isWhitespace(c) { out.append(" "); continue }
            }
            if spaceChineseCharacters && Self.isChineseCharacter(c) {
                out.append(" "); out.append(c); out.append(" ")
            } else {
                out.append(c)
            }
        }
        if stripAccents && !debugKeepAccents {
            let decomposed = String(String.UnicodeScalarView(out)).decomposedStringWithCanonicalMapping.unicodeScalars
            out = decomposed.filter { $0.properties.generalCategory != .nonspacingMark }
        }
        if lowercase {
            // Per character, without context (no final sigma), as the Rust normaliser does.
            out = out.flatMap { c -> [Unicode.Scalar] in
                c.properties.changesWhenLowercased ? Array(c.properties.lowercaseMapping.unicodeScalars) : [c]
            }
        }
        return out
    }

    /// BertPreTokenizer: split at white space (dropped) and around each punctuation character (kept).
    private static func words(_ text: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var words: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for c in text {
            if c.properties.isWhitespace {
                if !current.isEmpty { words.append(current); current.removeAll() }
            } else if isPunctuation(c) {
                if !current.isEmpty { words.append(current); current.removeAll() }
                words.append([c])
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// WordPiece: longest vocabulary piece first, `##` for continuations, `[UNK]` for the whole word otherwise.
    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        if word.count > maxInputCharactersPerWord { ids.append(unknown); return }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32? = nil
            while start < end {
                var piece = start > 0 ? continuationPrefix : ""
                piece.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[piece] { found = id; break }
                end -= 1
            }
            guard let id = found else { ids.append(unknown); return }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces)
    }

    private static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == "\t" || c == "\n" || c == "\r" || c.properties.isWhitespace
    }

    /// General category C* (control, format, unassigned, private use, surrogate), except tab and line ends.
    private static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// ASCII punctuation (which includes symbols such as `$`, `+`, `<`) or Unicode category P*.
    private static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII, (0x21...0x2F).contains(c.value) || (0x3A...0x40).contains(c.value)
            || (0x5B...0x60).contains(c.value) || (0x7B...0x7E).contains(c.value) { return true }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    private static func isChineseCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F: return true
        default: return false
        }
    }
}
