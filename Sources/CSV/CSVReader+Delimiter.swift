extension CSVReader {
    /// The delimiters `detectDelimiter` chooses from.
    package static let delimiters: [Character] = [",", ";", "\t"]

    /// Guesses the delimiter from the header row: the one of `,` `;` tab that occurs most
    /// often outside quotes on the first line (ties and none: `,`).
    package static func detectDelimiter(_ text: String) -> Character {
        var counts: [Unicode.Scalar: Int] = [:]
        var inQuotes = false
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        for c in scalars {
            if c == "\"" { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if c == "\n" || c == "\r" {
                if counts.isEmpty { continue }  // leading blank lines
                break
            }
            if c == "," || c == ";" || c == "\t" { counts[c, default: 0] += 1 }
        }
        var best: Character = ","
        var bestCount = 0
        for d in delimiters {
            let n = counts[d.unicodeScalars.first!] ?? 0
            if n > bestCount { best = d; bestCount = n }
        }
        return best
    }

    /// A readable name of a delimiter, for messages.
    package static func name(of delimiter: Character) -> String {
        switch delimiter {
        case ",": return "comma"
        case ";": return "semicolon"
        case "\t": return "tab"
        default: return "'\(delimiter)'"
        }
    }
}
