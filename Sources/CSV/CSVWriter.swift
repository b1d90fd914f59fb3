/// Writes RFC 4180 CSV: a header row, fields quoted when they contain a comma, quote,
/// or line break, CRLF line ends.
///
/// A text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return, and is not a number) gets a leading apostrophe, which spreadsheets read
/// as "this is text": organisers open these files in Excel or LibreOffice, and names and
/// comments come from registration forms anyone can fill in (CWE-1236).
/// `CSVWriter.unguarded` takes the apostrophe off again where a file of ours is read back.
package enum CSVWriter {
    package static func render(header: [String], rows: [[String]]) -> String {
        var out = line(header)
        for row in rows { out += line(row) }
        return out
    }

    package static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    package static func field(_ value: String) -> String {
        if let first = value.utf8.first, startsFormula(first), Double(value) == nil { return field("'" + value) }
        // Most fields hold none of the four bytes: one pass over UTF-8, no characters made.
        guard value.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) else { return value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    /// Appends `field` of UTF-8 text to `out` without making a `String` when the answer is
    /// plain: every comma, quote and line feed stands between ASCII bytes (so each is a
    /// character of its own, as `field` sees them) and there is no carriage return (which
    /// joins a line feed into one character). Otherwise the text goes through `field`.
    package static func appendField(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        if let first = utf8.first, startsFormula(first) {
            return out.append(contentsOf: field(String(decoding: utf8, as: UTF8.self)).utf8)
        }
        var special = false
        for (k, b) in utf8.enumerated() where b == 44 || b == 34 || b == 10 || b == 13 {
            if b == 13 || (k > 0 && utf8[k - 1] >= 0x80) || (k + 1 < utf8.count && utf8[k + 1] >= 0x80) {
                return out.append(contentsOf: field(String(decoding: utf8, as: UTF8.self)).utf8)
            }
            special = true
        }
        guard special else { return out.append(contentsOf: utf8) }
        out.append(34)
        for b in utf8 {
            out.append(b)
            if b == 34 { out.append(34) }
        }
        out.append(34)
    }
}

extension CSVWriter {
    /// `=`, `+`, `-`, `@`, tab, carriage return: a cell starting with one is a formula to a spreadsheet.
    @inline(__always) static func startsFormula(_ byte: UInt8) -> Bool {
        byte == 61 || byte == 43 || byte == 45 || byte == 64 || byte == 9 || byte == 13
    }

    /// A field as written before `field` guarded it: the leading apostrophe taken off a text
    /// that starts a formula after it. For files of ours read back (an outcomes sheet).
    package static func unguarded(_ value: String) -> String {
        var utf8 = value.utf8.makeIterator()
        guard utf8.next() == 39, let second = utf8.next(), startsFormula(second) else { return value }
        return String(value.dropFirst())
    }
}

extension CSVRow {
    /// The row with `CSVWriter.unguarded` fields: a CSV of ours read back (a participant
    /// list exported and imported again) keeps the texts it had before the export.
    package var unguarded: CSVRow { CSVRow(line: line, fields: fields.map(CSVWriter.unguarded)) }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
