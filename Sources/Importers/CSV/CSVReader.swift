/// A row of a CSV file with the line on which it starts (1-based).
public struct CSVRow: Sendable, Hashable {
    public var line: Int
    public var fields: [String]
}

/// An error in the CSV syntax itself.
public struct CSVSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// Reads RFC 4180 CSV: quoted fields with doubled quotes and embedded newlines,
/// CRLF or LF line ends, an optional UTF-8 byte-order mark.
public enum CSVReader {
    /// Splits text into rows. Blank lines are skipped.
    public static func rows(_ text: String, delimiter: Character = ",") throws(CSVSyntaxError) -> [CSVRow] {
        if let d = delimiter.asciiValue, d != UInt8(ascii: "\""), d != UInt8(ascii: "\r"), d != UInt8(ascii: "\n") {
            var text = text
            text.makeContiguousUTF8()
            let result = text.utf8.withContiguousStorageIfAvailable { bytes in
                Result { () throws(CSVSyntaxError) in try utf8Rows(bytes, delimiter: d) }
            }!
            return try result.get()
        }
        return try scalarRows(text, delimiter: delimiter)
    }

    /// The same as `scalarRows`, on UTF-8 bytes, for an ASCII delimiter: every byte that
    /// matters is ASCII, so a field is a run of whole characters, copied once.
    static func utf8Rows(_ input: UnsafeBufferPointer<UInt8>, delimiter: UInt8) throws(CSVSyntaxError) -> [CSVRow] {
        let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var rows: [CSVRow] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(256)
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var rowStart = 1
        var i = 0
        let n = input.count
        if n >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF { i = 3 }

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRow() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                rows.append(CSVRow(line: rowStart, fields: fields))
            }
            fields = []
            fields.reserveCapacity(rows.last?.fields.count ?? 8)
        }

        while i < n {
            let c = input[i]
            i += 1
            if inQuotes {
                if c == quote {
                    if i < n {
                        if input[i] == quote { field.append(quote); i += 1 } else {
                            inQuotes = false
                            afterQuote = true
                        }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else if c == cr {
                    // keep CRLF inside quotes as a single newline
                    if i < n {
                        if input[i] == lf { i += 1 }
                        field.append(lf)
                    }
                    line += 1
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case delimiter:
                endField()
                afterQuote = false
            case lf:
                endRow()
                afterQuote = false
                line += 1
                rowStart = line
            case cr:
                if i < n && input[i] == lf { i += 1 }
                endRow()
                afterQuote = false
                line += 1
                rowStart = line
            case quote:
                if field.isEmpty && !afterQuote {
                    inQuotes = true
                } else {
                    throw CSVSyntaxError(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
            default:
                if afterQuote {
                    if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { continue }
                    throw CSVSyntaxError(line: line, message: "text after a closing quote")
                }
                field.append(c)
            }
        }
        if inQuotes { throw CSVSyntaxError(line: rowStart, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }

    /// Splits text into rows, a Unicode scalar at a time (any delimiter).
    static func scalarRows(_ text: String, delimiter: Character) throws(CSVSyntaxError) -> [CSVRow] {
        var rows: [CSVRow] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var rowStart = 1
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let delimiterScalar = delimiter.unicodeScalars.first!

        func endRow() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) {
                rows.append(CSVRow(line: rowStart, fields: fields))
            }
            fields = []
        }

        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else {
                            inQuotes = false
                            afterQuote = true
                            pending = next
                        }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    if c == "\r" {
                        // keep CRLF inside quotes as a single newline
                        if let next = iterator.next() {
                            if next != "\n" { pending = next; field.unicodeScalars.append("\n") }
                            else { field.unicodeScalars.append("\n") }
                        }
                        line += 1
                        continue
                    }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case delimiterScalar:
                fields.append(field)
                field = ""
                afterQuote = false
            case "\n":
                endRow()
                afterQuote = false
                line += 1
                rowStart = line
            case "\r":
                if let next = iterator.next(), next != "\n" { pending = next }
                endRow()
                afterQuote = false
                line += 1
                rowStart = line
            case "\"":
                if field.isEmpty && !afterQuote {
                    inQuotes = true
                } else {
                    throw CSVSyntaxError(line: line, message: "a quote inside an unquoted field (quote the whole field and double the quote)")
                }
            default:
                if afterQuote {
                    if c == " " || c == "\t" { continue }
                    throw CSVSyntaxError(line: line, message: "text after a closing quote")
                }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw CSVSyntaxError(line: rowStart, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
