@testable import CSV
@testable import Importers

/// The first CSV reader, a Unicode scalar at a time: kept here as the independent reference
/// that the byte reader in `CSVReader` is checked against.
enum ReferenceCSVReader {
    static func rows(_ text: String, delimiter: Character) throws(CSVSyntaxError) -> [CSVRow] {
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
