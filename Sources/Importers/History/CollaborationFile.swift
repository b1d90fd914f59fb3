import JSONSupport
import MatchCore

/// What reading a history file gave: collaboration records, the names history gives its
/// members, organisations to create (CORDIS), and rejected records.
package struct HistoryFileContents: Sendable {
    package var file: String
    package var records: [Collaboration] = []
    /// Display names of members, as the file gives them (CORDIS organisation names).
    package var names: [String: String] = [:]
    /// Participants built from the file (CORDIS organisations), for `--create-participants`.
    package var organisations: [Participant] = []
    /// The projects each of `organisations` was profiled from, by participant id, in key order.
    package var projects: [String: [ProfileProject]] = [:]
    package var rejected: [HistoryRejection] = []
    package var notes: [String] = []
    /// Where each of `records` was read, in the same order.
    package var places: [RecordPlace] = []

    package init(file: String) { self.file = file }
}

/// Where a history record was read: a file's line, and for a JSON array the element's index.
package struct RecordPlace: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    package var line: Int
    /// The 0-based index in a top-level JSON array.
    package var element: Int?

    package init(file: String, line: Int, element: Int? = nil) {
        self.file = file
        self.line = line
        self.element = element
    }

    package var description: String { "\(file):\(line)\(element.map { " (element [\($0)])" } ?? "")" }
}

/// A rejected history record: a `RejectedRecord`, and for a JSON array the element's index.
package struct HistoryRejection: Sendable, Hashable, CustomStringConvertible {
    package var record: RejectedRecord
    /// The 0-based index in a top-level JSON array.
    package var element: Int?

    package init(file: String, line: Int, id: String?, issues: [ValidationIssue], element: Int? = nil) {
        record = RejectedRecord(file: file, line: line, id: id, issues: issues)
        self.element = element
    }

    package var issues: [ValidationIssue] { record.issues }

    /// `FILE:LINE: element [i]: record 'ID': field 'F' value V: reason`, one line per issue.
    package var description: String { lines.joined(separator: "\n") }

    /// `description`'s lines: one per problem.
    package var lines: [String] {
        guard let element else { return record.lines }
        return record.issues.map { "\(record.file):\(record.line): element [\(element)]: \(record.id.map { "record '\(RejectedRecord.printable($0))': " } ?? "")\($0)" }
    }
}

/// Checks a history date; nil when it is a calendar date `YYYY-MM-DD`.
package enum HistoryDate {
    /// Dates before this year are refused as typos.
    package static let earliestYear = 1900

    /// The reason a date is wrong, naming what is impossible about it (2021-13-01 has no
    /// month 13, February 2021 has 28 days).
    package static func problem(_ text: String) -> String? {
        if CollaborationNetwork.isDate(text) {
            // 0202-03-01 for 2020-03-01: a typo, and it would weigh as ancient history.
            guard let y = Int(text.prefix(4)), y < earliestYear else { return nil }
            return "is before \(earliestYear): a typo? (collaboration history starts in \(earliestYear))"
        }
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = Int(text.prefix(4)), let m = Int(text.dropFirst(5).prefix(2)), let d = Int(text.suffix(2)),
              bytes.enumerated().allSatisfy({ [4, 7].contains($0.offset) || (48...57).contains($0.element) }) else {
            return "must be a date YYYY-MM-DD"
        }
        let why: String
        if !(1...12).contains(m) { why = "there is no month \(m)" } else if d == 0 { why = "there is no day 0" } else {
            let days = CollaborationNetwork.daysIn(year: y, month: m)
            let month = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"][m - 1]
            why = "\(month) \(y) has \(days) days"
        }
        return "must be a date YYYY-MM-DD; \(text) is not a calendar date (\(why))"
    }
}

/// Reads collaborations as JSON Lines, in two record shapes (contract of issue 12):
/// a pair `{"a", "b", "kind", "date", "weight" (default 1), "source"}` and a group
/// `{"group", "kind", "date", "members": [ID, …], "source"}`. Either may add
/// `"names": {ID: NAME}` for its members, so that notes name partners who are not
/// participants (history-only nodes) by name rather than id.
package enum CollaborationFile {
    /// Reads every record; problems are collected per line, naming field and value.
    package static func read(_ bytes: [UInt8], file: String) -> HistoryFileContents {
        var contents = HistoryFileContents(file: file)
        var entries: [(value: JSONValue?, place: RecordPlace, error: String?)] = []
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if firstSignificantByte(bytes) == UInt8(ascii: "[") {
            // One JSON array of records (a pretty-printed .json file), as `import` accepts.
            do {
                entries = try JSONParser.parseArrayElementsWithLines(Array(bytes[start...])).enumerated().map {
                    ($1.value, RecordPlace(file: file, line: $1.line, element: $0), nil)
                }
            } catch {
                entries = [(nil, RecordPlace(file: file, line: error.line), "not valid JSON: \(error.message) (column \(error.column))")]
            }
        } else {
            var lineNumber = 0
            while start <= bytes.count {
                lineNumber += 1
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                let line = bytes[start..<end]
                start = end + 1
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                do { entries.append((try JSONParser.parse(line), RecordPlace(file: file, line: lineNumber), nil)) } catch {
                    entries.append((nil, RecordPlace(file: file, line: lineNumber), "not valid JSON: \(error.message) (column \(error.column))"))
                }
            }
        }
        var first: [String: RecordPlace] = [:]
        for entry in entries {
            let place = entry.place
            guard let value = entry.value else {
                contents.rejected.append(HistoryRejection(file: file, line: place.line, id: nil, issues: [
                    ValidationIssue(field: "(record)", value: nil, reason: entry.error ?? "not valid JSON")], element: place.element))
                continue
            }
            switch decode(value) {
            case .success(let (record, names)):
                // The first name a file gives an id is kept: the same files give the same names.
                for (id, name) in names where contents.names[id] == nil { contents.names[id] = name }
                if let earlier = first[record.key] {
                    let there = earlier.element.map { "element [\($0)] (line \(earlier.line))" } ?? "line \(earlier.line)"
                    contents.rejected.append(HistoryRejection(file: file, line: place.line, id: record.label, issues: [
                        ValidationIssue(field: record.key.hasPrefix("pair|") ? "(record)" : "group", value: nil,
                                        reason: "the same collaboration as on \(there) of this file")], element: place.element))
                } else {
                    first[record.key] = place
                    contents.records.append(record)
                    contents.places.append(place)
                }
            case .failure(let failure):
                contents.rejected.append(HistoryRejection(file: file, line: place.line, id: value.objectValue?["group"]?.stringValue,
                                                        issues: failure.issues, element: place.element))
            }
        }
        return contents
    }

    /// The first byte after a UTF-8 byte order mark and white space (nil: nothing else).
    package static func firstSignificantByte(_ bytes: [UInt8]) -> UInt8? {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count ? bytes[i] : nil
    }

    /// Decodes one record and the names it gives its members, or every problem it has.
    package static func decode(_ value: JSONValue) -> Result<(Collaboration, [String: String]), RecordIssues> {
        guard let o = value.objectValue else {
            return .failure(RecordIssues(issues: [ValidationIssue(field: "(record)", value: nil, reason: "must be a JSON object (a pair with a and b, or a group with members)")]))
        }
        var issues: [ValidationIssue] = []
        func text(_ key: String, shape: String = "a non-empty string") -> String? {
            guard let v = o[key], !v.isNull else {
                issues.append(ValidationIssue(field: key, value: nil, reason: "is required"))
                return nil
            }
            guard let s = v.stringValue, !s.trimmingWhitespace.isEmpty else {
                issues.append(ValidationIssue(field: key, value: v.serialized(), reason: "must be \(shape)"))
                return nil
            }
            return s
        }
        let known: Set<String> = ["a", "b", "group", "members", "kind", "date", "weight", "source", "names"]
        for key in o.keys where !known.contains(key) {
            issues.append(ValidationIssue(field: key, value: nil, reason: "is not a field of a collaboration; use \(known.sorted().joined(separator: ", "))"))
        }
        let kindText = text("kind")
        // "Project" is project: kinds are read case-insensitively.
        let kind = kindText.flatMap { CollaborationKind(rawValue: $0.lowercased()) }
        if let kindText, kind == nil {
            issues.append(ValidationIssue(field: "kind", value: JSONValue.string(kindText).serialized(),
                                          reason: "must be one of \(CollaborationKind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let date = text("date", shape: "a date string \"YYYY-MM-DD\"")
        if let date, let problem = HistoryDate.problem(date) {
            issues.append(ValidationIssue(field: "date", value: JSONValue.string(date).serialized(), reason: problem))
        }
        let source = text("source")
        // `|` separates the parts of a record's key (`group|source|name`): with it in a source,
        // two sources' groups could share a key and one would overwrite the other.
        if let source, source.contains("|") {
            issues.append(ValidationIssue(field: "source", value: JSONValue.string(source).serialized(),
                                          reason: "must not contain '|' (it separates the parts of a record's key); use another character, such as '/'"))
        }
        var weight = 1.0
        if let w = o["weight"], !w.isNull {
            if let d = w.doubleValue, d.isFinite, d > 0 { weight = d } else {
                issues.append(ValidationIssue(field: "weight", value: w.serialized(), reason: "must be a number above 0"))
            }
        }
        let isGroup = o["group"] != nil || o["members"] != nil
        if isGroup && (o["a"] != nil || o["b"] != nil) {
            issues.append(ValidationIssue(field: "(record)", value: nil, reason: "is either a pair (a, b) or a group (group, members), not both"))
        }
        var members: [String] = [], group: String?, a: String?, b: String?
        if isGroup {
            group = text("group")
            if let list = o["members"]?.arrayValue {
                for (i, m) in list.enumerated() {
                    if let s = m.stringValue, !s.trimmingWhitespace.isEmpty { members.append(s) } else {
                        issues.append(ValidationIssue(field: "members[\(i)]", value: m.serialized(), reason: "must be a participant id (a non-empty string)"))
                    }
                }
                if Set(members).count < 2 && issues.allSatisfy({ !$0.field.hasPrefix("members") }) {
                    issues.append(ValidationIssue(field: "members", value: o["members"]!.serialized(), reason: "must list at least two different ids"))
                }
            } else {
                issues.append(ValidationIssue(field: "members", value: o["members"]?.serialized(), reason: "is required: a list of participant ids"))
            }
        } else {
            a = text("a")
            b = text("b")
            // A pair's key joins its ids with `|`: ids `x|y` and `z` would share a key with `x` and `y|z`.
            for (field, id) in [("a", a), ("b", b)] where id?.contains("|") == true {
                issues.append(ValidationIssue(field: field, value: JSONValue.string(id!).serialized(),
                                              reason: "must not contain '|' (it separates the parts of a pair record's key); give the pair as a group {\"group\", \"members\"} instead"))
            }
            if let a, let b, a == b { issues.append(ValidationIssue(field: "b", value: JSONValue.string(b).serialized(), reason: "must differ from a")) }
        }
        // Sources, group names and ids go into notes, warnings and CSV files: one line each.
        let oneLine: [(String, String?)] = [("source", source), ("group", group), ("a", a), ("b", b)]
            + members.enumerated().map { ("members[\($0.offset)]", $0.element) }
        for (field, value) in oneLine {
            guard let value, value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { continue }
            issues.append(ValidationIssue(field: field, value: JSONValue.string(value).serialized(), reason: "must be one line of text, without control characters"))
        }
        var names: [String: String] = [:]
        if let given = o["names"], !given.isNull {
            if let object = given.objectValue {
                let ids = Set(isGroup ? members : [a, b].compactMap { $0 })
                // With a member id wrong, "not a member" would only repeat its problem.
                let membersRead = isGroup ? !issues.contains { $0.field.hasPrefix("members") } : (a != nil && b != nil)
                for (id, name) in object.map({ ($0.key, $0.value) }) {
                    if !ids.contains(id) {
                        if !membersRead { continue }
                        issues.append(ValidationIssue(field: "names.\(id)", value: name.serialized(), reason: "names an id that is not a member of this record"))
                    } else if let text = name.stringValue, text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                        // A line break would split the note that names the partner.
                        issues.append(ValidationIssue(field: "names.\(id)", value: name.serialized(), reason: "must be one line of text, without control characters"))
                    } else if let text = name.stringValue, !text.trimmingWhitespace.isEmpty {
                        names[id] = String(text.trimmingWhitespace)
                    } else {
                        issues.append(ValidationIssue(field: "names.\(id)", value: name.serialized(), reason: "must be a non-empty string (the member's display name)"))
                    }
                }
            } else {
                issues.append(ValidationIssue(field: "names", value: given.serialized(), reason: "must be an object of member ids and their names, e.g. {\"pic-999\": \"Acme Research\"}"))
            }
        }
        guard issues.isEmpty, let kind, let date, let source else { return .failure(RecordIssues(issues: issues)) }
        if let a, let b { return .success((Collaboration.pair(a, b, kind: kind, date: date, weight: weight, source: source), names)) }
        return .success((Collaboration.group(group!, members: members, kind: kind, date: date, weight: weight, source: source), names))
    }
}

/// Every problem of one record.
package struct RecordIssues: Error, Sendable {
    package var issues: [ValidationIssue]
}

extension String {
    var trimmingWhitespace: Substring {
        let s = drop { $0.isWhitespace }
        return s.dropLast(s.reversed().prefix { $0.isWhitespace }.count)
    }
}
