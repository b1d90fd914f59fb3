import Foundation

/// Keys for comparing what people type: header names, country names, kind labels.
enum TextKey {
    /// Lower case, accents removed, every run of non-alphanumerics dropped:
    /// `"Organisation-Name "` → `"organisationname"`, `"Areas of activities"` → `"areasofactivities"`.
    static func of(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {  // fast path: no accents to fold
            var key = ""
            key.reserveCapacity(text.utf8.count)
            for b in text.utf8 {
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): key.unicodeScalars.append(Unicode.Scalar(b))
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.unicodeScalars.append(Unicode.Scalar(b + 32))
                default: continue
                }
            }
            return key
        }
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var key = ""
        key.reserveCapacity(folded.utf8.count)
        for scalar in folded.unicodeScalars where scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
            key.unicodeScalars.append(scalar)
        }
        // ß and ø do not fold away; spell them as people do when they type without them.
        return key.replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "ø", with: "o")
            .replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "å", with: "a")
    }

    /// Lower case words separated by single dashes, for ids: `"Example Acoustics ApS"` → `"example-acoustics-aps"`.
    static func slug(_ text: String, maxLength: Int = 60) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var words: [String] = []
        var word = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        var slug = words.joined(separator: "-")
        if slug.count > maxLength { slug = String(slug.prefix(maxLength)) }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }

    /// Trims spaces, tabs, newlines, no-break spaces and byte-order marks.
    static func trimmed(_ text: String) -> String {
        // Most cells start and end with an ASCII character that is not a space: nothing to trim.
        if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
           first != 0x20, first != 0x09, first != 0x0A, first != 0x0D, last != 0x20, last != 0x09, last != 0x0A, last != 0x0D {
            return text
        }
        let scalars = text.unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s == " " || s == "\t" || s == "\n" || s == "\r" || (s.value >= 0x80 && (s.properties.isWhitespace || s == "\u{FEFF}"))
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
        return String(scalars[first...last])
    }

    /// Splits a list cell on `;`, `|` or line breaks, trimming and dropping empty items and repeats.
    static func list(_ cell: String, separators: Set<Character> = [";", "|", "\n"]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        func take(_ part: String) {
            let item = trimmed(part)
            if item.isEmpty || !seen.insert(item.lowercased()).inserted { return }
            result.append(item)
        }
        // ASCII text and separators: split on bytes (one byte per character; CR LF, the one
        // two-byte character, is ruled out), without comparing characters.
        let bytes = separators.compactMap { $0 == "\r\n" ? nil : $0.asciiValue }
        if bytes.count == separators.count, cell.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            let utf8 = cell.utf8
            var start = utf8.startIndex
            var i = start
            while i != utf8.endIndex {
                if bytes.contains(utf8[i]) {
                    if start != i { take(String(cell[start..<i])) }
                    start = utf8.index(after: i)
                }
                i = utf8.index(after: i)
            }
            if start != utf8.endIndex { take(String(cell[start...])) }
            return result
        }
        for part in cell.split(whereSeparator: { separators.contains($0) }) { take(String(part)) }
        return result
    }
}
