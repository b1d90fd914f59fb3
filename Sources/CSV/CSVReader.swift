/// A row of a CSV file with the line on which it starts (1-based).
package struct CSVRow: Sendable, Hashable {
    package var line: Int
    package var fields: [String]
}

/// An error in the CSV syntax itself.
package struct CSVSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    package var line: Int
    package var message: String
    package var description: String { "line \(line): \(message)" }
}

/// Reads RFC 4180 CSV: quoted fields with doubled quotes and embedded newlines,
/// CRLF or LF line ends, an optional UTF-8 byte-order mark.
package enum CSVReader {
    /// Splits text into rows. Blank lines are skipped.
    /// - Parameter delimiter: an ASCII character other than a quote or a line break (every
    ///   caller passes one of `delimiters`).
    package static func rows(_ text: String, delimiter: Character = ",") throws(CSVSyntaxError) -> [CSVRow] {
        guard let d = delimiter.asciiValue, d != UInt8(ascii: "\""), d != UInt8(ascii: "\r"), d != UInt8(ascii: "\n") else {
            preconditionFailure("CSV delimiter must be ASCII and not a quote or line break, got \(delimiter.debugDescription)")
        }
        var text = text
        text.makeContiguousUTF8()
        let result = text.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(CSVSyntaxError) in try utf8Rows(bytes, delimiter: d) }
        }!
        return try result.get()
    }

    /// RFC 4180 on UTF-8 bytes, for an ASCII delimiter: every byte that
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
}
