/// One thing wrong with one field of one record.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// Path of the field, e.g. `competences[2].code`.
    public var field: String
    /// The offending value as the user wrote it (masked for personal data), or nil if absent.
    public var value: String?
    /// Why it is wrong, and what would be right.
    public var reason: String

    public init(field: String, value: String?, reason: String) {
        self.field = field
        self.value = value
        self.reason = reason
    }

    public var description: String {
        if let value { return "field '\(field)' value \(value): \(reason)" }
        return "field '\(field)': \(reason)"
    }
}

/// A record that failed validation, located in its input.
public struct RejectedRecord: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var id: String?
    public var issues: [ValidationIssue]

    public init(file: String, line: Int, id: String?, issues: [ValidationIssue]) {
        self.file = file
        self.line = line
        self.id = id
        self.issues = issues
    }

    public var description: String { lines.joined(separator: "\n") }

    /// One line per problem (`FILE:LINE: record 'ID': field …`): an error's `details` list
    /// each problem on its own, as the service's `data.details` promises.
    public var lines: [String] {
        issues.map { "\(file):\(line): \(id.map { "record '\(Self.printable($0))': " } ?? "")\($0)" }
    }

    /// A record's id as messages print it: control characters as `\u001b`, so that an id
    /// read from a bad record cannot act on the terminal that shows the message.
    public static func printable(_ id: String) -> String {
        guard id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return id }
        var out = ""
        for s in id.unicodeScalars {
            if s.properties.generalCategory == .control { out += "\\u" + String(format: "%04x", s.value) } else { out.unicodeScalars.append(s) }
        }
        return out
    }
}
