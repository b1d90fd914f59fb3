import CSV
import MatchCore

/// A problem in a taxonomy file, located by line and column.
package struct TaxonomyImportError: Error, Sendable, Hashable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var field: String?
    package var value: String?
    package var message: String

    package var description: String {
        var text = "\(file):\(line):"
        if let field { text += " field '\(field)'" }
        if let value { text += " value \"\(value)\"" }
        return text + " \(message)"
    }
}

/// Reads taxonomies in the Enterprise Europe Network keyword CSV format
/// (`Type,Code,Label,Level,Parent_1,Parent_1 level,Parent_2,Parent_2 level,…`), and plain
/// label lists (a single `Label` column, such as the SDG goals).
///
/// Codes stay strings (`05001` and `005001` are different terms). Parents are taken from the
/// parent *label* columns, never from the code prefix. Because labels repeat in the real
/// files, a parent label is resolved by this rule, in order:
/// 1. the terms whose label equals `Parent_1` (exactly; failing that, ignoring case and
///    spacing) and whose level equals `Parent_1 level` when given;
/// 2. if several, those whose own parent has the label `Parent_2` (the grandparent column);
/// 3. if still several, the one whose code shares the longest leading run with the child's
///    code; then the smallest code. Rule 3 only breaks ties between equally labelled terms.
package enum EENTaxonomyCSV {
    /// The namespace for a value of the `Type` column.
    package static func namespace(forType type: String) -> String {
        switch type.trimmingSpaces.lowercased() {
        case "technology keyword", "technology keywords": return "een-tech"
        case "market keyword", "market keywords": return "een-market"
        case "nace keyword", "nace keywords", "nace": return "nace"
        // The shipped default taxonomy: the namespace its codes carry in the demo landscape
        // and in participants exported from it (`cm:01001001`).
        case "clustermatch competence", "clustermatch competences": return "cm"
        default:
            let slug = type.lowercased().unicodeScalars.map { CharacterSet.isAlnum($0) ? String($0) : "-" }.joined()
            return slug.split(separator: "-").joined(separator: "-")
        }
    }

    /// Parses a taxonomy file.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the file name, for messages.
    ///   - namespace: overrides the namespace derived from the `Type` column.
    package static func parse(_ text: String, file: String, namespace: String? = nil) throws(TaxonomyImportError) -> [TaxonomyTerm] {
        let rows: [CSVRow]
        do { rows = try CSVReader.rows(text) } catch {
            throw TaxonomyImportError(file: file, line: error.line, message: error.message)
        }
        guard let header = rows.first else {
            throw TaxonomyImportError(file: file, line: 1, message: "the file is empty")
        }
        let names = header.fields.map { $0.trimmingSpaces.lowercased() }
        func column(_ name: String) -> Int? { names.firstIndex(of: name) }

        if column("code") == nil, let labelColumn = column("label") ?? (names.count == 1 ? 0 : nil) {
            return try labelList(rows.dropFirst(), labelColumn: labelColumn, file: file, namespace: namespace)
        }
        guard let codeCol = column("code"), let labelCol = column("label") else {
            throw TaxonomyImportError(file: file, line: header.line, message:
                "expected the EEN keyword header (Type,Code,Label,Level,Parent_1,…) or a single Label column; found: \(header.fields.joined(separator: ","))")
        }
        let typeCol = column("type"), levelCol = column("level")
        let p1Col = column("parent_1"), p1LevelCol = column("parent_1 level")
        let p2Col = column("parent_2")

        struct Row { var line: Int; var code: String; var label: String; var level: Int; var parent1: String; var parent1Level: Int?; var parent2: String }
        var parsed: [Row] = []
        var seen: [String: Int] = [:]
        var resolvedNamespace = namespace
        for row in rows.dropFirst() {
            func field(_ col: Int?) -> String {
                guard let col, col < row.fields.count else { return "" }
                return row.fields[col].trimmingSpaces
            }
            let code = field(codeCol), label = field(labelCol)
            if code.isEmpty { throw TaxonomyImportError(file: file, line: row.line, field: "Code", value: "", message: "is empty") }
            if label.isEmpty { throw TaxonomyImportError(file: file, line: row.line, field: "Label", value: "", message: "is empty") }
            if let first = seen[code] {
                throw TaxonomyImportError(file: file, line: row.line, field: "Code", value: code, message: "appears twice (first on line \(first))")
            }
            seen[code] = row.line
            if namespace == nil, typeCol != nil {
                let ns = Self.namespace(forType: field(typeCol))
                if let existing = resolvedNamespace, existing != ns {
                    throw TaxonomyImportError(file: file, line: row.line, field: "Type", value: field(typeCol),
                        message: "differs from earlier rows (namespace \(existing)); give --namespace or split the file")
                }
                resolvedNamespace = ns
            }
            var level = 0
            if levelCol != nil {
                guard let l = Int(field(levelCol)), l >= 1 else {
                    throw TaxonomyImportError(file: file, line: row.line, field: "Level", value: field(levelCol), message: "must be a whole number from 1")
                }
                level = l
            }
            let p1Level = field(p1LevelCol)
            parsed.append(Row(line: row.line, code: code, label: label, level: level,
                              parent1: field(p1Col), parent1Level: Int(p1Level), parent2: field(p2Col)))
        }
        guard let ns = resolvedNamespace ?? (typeCol == nil ? nil : "taxonomy"), !ns.isEmpty else {
            throw TaxonomyImportError(file: file, line: header.line, message: "no Type column: give the namespace (--namespace NAME)")
        }

        var byLabel: [String: [Int]] = [:], byLooseLabel: [String: [Int]] = [:]
        for (i, row) in parsed.enumerated() {
            byLabel[row.label, default: []].append(i)
            byLooseLabel[row.label.looseKey, default: []].append(i)
        }
        func candidates(_ label: String, level: Int?) -> [Int] {
            let found = byLabel[label] ?? byLooseLabel[label.looseKey] ?? []
            guard let level else { return found }
            return found.filter { parsed[$0].level == level }
        }
        // First pass: parents from Parent_1 only where unambiguous; the grandparent check needs them.
        var parentIndex = [Int?](repeating: nil, count: parsed.count)
        var choices = [[Int]](repeating: [], count: parsed.count)
        for (i, row) in parsed.enumerated() where !row.parent1.isEmpty {
            let found = candidates(row.parent1, level: row.parent1Level)
            if found.isEmpty {
                throw TaxonomyImportError(file: file, line: row.line, field: "Parent_1", value: row.parent1,
                                          message: "names no term of this file\(row.parent1Level.map { " at level \($0)" } ?? "")")
            }
            choices[i] = found
            if found.count == 1 { parentIndex[i] = found[0] }
        }
        for (i, row) in parsed.enumerated() where choices[i].count > 1 {
            var found = choices[i]
            if !row.parent2.isEmpty {
                let narrowed = found.filter { c in
                    let grand = parentIndex[c] ?? choices[c].first
                    return grand.map { parsed[$0].label.looseKey == row.parent2.looseKey } ?? false
                }
                if !narrowed.isEmpty { found = narrowed }
            }
            found.sort { a, b in
                let la = commonPrefixLength(parsed[a].code, row.code), lb = commonPrefixLength(parsed[b].code, row.code)
                return la != lb ? la > lb : parsed[a].code < parsed[b].code
            }
            parentIndex[i] = found[0]
        }
        for (i, p) in parentIndex.enumerated() where p == i {
            throw TaxonomyImportError(file: file, line: parsed[i].line, field: "Parent_1", value: parsed[i].parent1, message: "names the term itself")
        }
        return parsed.enumerated().map { i, row in
            TaxonomyTerm(namespace: ns, code: row.code, label: row.label,
                         level: row.level > 0 ? row.level : (parentIndex[i] == nil ? 1 : 2),
                         parent: parentIndex[i].map { parsed[$0].code })
        }
    }

    private static func labelList(_ rows: ArraySlice<CSVRow>, labelColumn: Int, file: String, namespace: String?) throws(TaxonomyImportError) -> [TaxonomyTerm] {
        guard let namespace else {
            throw TaxonomyImportError(file: file, line: 1, message: "a plain label list has no Type column: give the namespace (--namespace NAME)")
        }
        var terms: [TaxonomyTerm] = []
        for (i, row) in rows.enumerated() {
            let label = labelColumn < row.fields.count ? row.fields[labelColumn].trimmingSpaces : ""
            if label.isEmpty { throw TaxonomyImportError(file: file, line: row.line, field: "Label", value: "", message: "is empty") }
            // Codes of a label list are their 1-based position, zero-padded: stable as long as the list only grows.
            terms.append(TaxonomyTerm(namespace: namespace, code: String.zeroPadded(i + 1), label: label, level: 1, parent: nil))
        }
        return terms
    }

    private static func commonPrefixLength(_ a: String, _ b: String) -> Int {
        zip(a.utf8, b.utf8).prefix { $0 == $1 }.count
    }
}

private enum CharacterSet {
    static func isAlnum(_ s: Unicode.Scalar) -> Bool { s.properties.isAlphabetic || ("0"..."9").contains(s) }
}

extension String {
    static func zeroPadded(_ n: Int, width: Int = 3) -> String {
        let digits = n.description
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }

    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    /// Case- and spacing-insensitive form of a label.
    var looseKey: String {
        lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
