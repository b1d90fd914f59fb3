import Foundation

/// Keys for comparing what people type: header names, country names, kind labels.
enum TextKey {
    /// Lower case, accents removed, every run of non-alphanumerics dropped:
    /// `"Organisation-Name "` → `"organisationname"`, `"Areas of activities"` → `"areasofactivities"`.
    static func of(_ text: String) -> String {
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

    /// Trims spaces, tabs, newlines and no-break spaces.
    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{00A0}\u{FEFF}")))
    }

    /// Splits a list cell on `;`, `|` or line breaks, trimming and dropping empty items and repeats.
    static func list(_ cell: String, separators: Set<Character> = [";", "|", "\n"]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for part in cell.split(whereSeparator: { separators.contains($0) }) {
            let item = trimmed(String(part))
            if item.isEmpty || !seen.insert(item.lowercased()).inserted { continue }
            result.append(item)
        }
        return result
    }
}
