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
    package var rejected: [RejectedRecord] = []
    package var notes: [String] = []

    package init(file: String) { self.file = file }
}

/// Reads collaborations as JSON Lines, in two record shapes (contract of issue 12):
/// a pair `{"a", "b", "kind", "date", "weight" (default 1), "source"}` and a group
/// `{"group", "kind", "date", "members": [ID, …], "source"}`.
package enum CollaborationFile {
    /// Reads every record; problems are collected per line, naming field and value.
    package static func read(_ bytes: [UInt8], file: String) -> HistoryFileContents {
        var contents = HistoryFileContents(file: file)
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        var firstLine: [String: Int] = [:]
        while start <= bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[start..<end]
            start = end + 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            let value: JSONValue
            do { value = try JSONParser.parse(line) } catch {
                contents.rejected.append(RejectedRecord(file: file, line: lineNumber, id: nil, issues: [
                    ValidationIssue(field: "(record)", value: nil, reason: "not valid JSON: \(error.message) (column \(error.column))")]))
                continue
            }
            switch decode(value) {
            case .success(let record):
                if let first = firstLine[record.key] {
                    contents.rejected.append(RejectedRecord(file: file, line: lineNumber, id: record.key, issues: [
                        ValidationIssue(field: record.key.hasPrefix("pair|") ? "(record)" : "group", value: nil,
                                        reason: "the same collaboration as on line \(first) of this file")]))
                } else {
                    firstLine[record.key] = lineNumber
                    contents.records.append(record)
                }
            case .failure(let failure):
                contents.rejected.append(RejectedRecord(file: file, line: lineNumber, id: value.objectValue?["group"]?.stringValue, issues: failure.issues))
            }
        }
        return contents
    }

    /// Decodes one record, or every problem it has.
    package static func decode(_ value: JSONValue) -> Result<Collaboration, RecordIssues> {
        guard let o = value.objectValue else {
            return .failure(RecordIssues(issues: [ValidationIssue(field: "(record)", value: nil, reason: "must be a JSON object (a pair with a and b, or a group with members)")]))
        }
        var issues: [ValidationIssue] = []
        func text(_ key: String) -> String? {
            guard let v = o[key], !v.isNull else {
                issues.append(ValidationIssue(field: key, value: nil, reason: "is required"))
                return nil
            }
            guard let s = v.stringValue, !s.trimmingWhitespace.isEmpty else {
                issues.append(ValidationIssue(field: key, value: v.serialized(), reason: "must be a non-empty string"))
                return nil
            }
            return s
        }
        let known: Set<String> = ["a", "b", "group", "members", "kind", "date", "weight", "source"]
        for key in o.keys where !known.contains(key) {
            issues.append(ValidationIssue(field: key, value: nil, reason: "is not a field of a collaboration; use \(known.sorted().joined(separator: ", "))"))
        }
        let kindText = text("kind")
        let kind = kindText.flatMap(CollaborationKind.init(rawValue:))
        if let kindText, kind == nil {
            issues.append(ValidationIssue(field: "kind", value: JSONValue.string(kindText).serialized(),
                                          reason: "must be one of \(CollaborationKind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let date = text("date")
        if let date, !CollaborationNetwork.isDate(date) {
            issues.append(ValidationIssue(field: "date", value: JSONValue.string(date).serialized(), reason: "must be a date YYYY-MM-DD"))
        }
        let source = text("source")
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
            if let a, let b, a == b { issues.append(ValidationIssue(field: "b", value: JSONValue.string(b).serialized(), reason: "must differ from a")) }
        }
        guard issues.isEmpty, let kind, let date, let source else { return .failure(RecordIssues(issues: issues)) }
        if let a, let b { return .success(Collaboration.pair(a, b, kind: kind, date: date, weight: weight, source: source)) }
        return .success(Collaboration(key: group!, kind: kind, date: date, weight: weight, source: source, members: members))
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
