import CSV
import Foundation
import JSONSupport

/// A row of an outcomes file as read: which meeting, whose side, and the line it is on.
public struct OutcomeRow: Sendable, Hashable {
    public var line: Int
    public var uid: String
    public var side: OutcomeSide

    public init(line: Int, uid: String, side: OutcomeSide) {
        self.line = line
        self.uid = uid
        self.side = side
    }
}

/// The outcomes file (a contract): one row per meeting and side,
/// `uid,participant,attended,rating,followUp,comment`, as CSV or as a JSON array of
/// objects with the same fields. `attended` and `followUp` are `yes`/`no` (JSON also
/// `true`/`false`) or empty; `rating` is 1–5 or empty. A meeting with `attended` empty
/// on both rows was cancelled.
public enum OutcomeFile {
    /// The columns, in the order the template writes them.
    public static let columns = ["uid", "participant", "attended", "rating", "followUp", "comment"]

    /// The CSV the organiser fills in: two rows per meeting of the schedule (`a`, then
    /// `b`), in slot and table order, with everything but `uid` and `participant` empty.
    public static func template(_ schedule: Schedule) -> String {
        CSVWriter.render(header: columns, rows: schedule.meetings.flatMap { m in
            [[m.uid, m.a, "", "", "", ""], [m.uid, m.b, "", "", "", ""]]
        })
    }

    /// Reads the CSV form. Every problem is reported at once. The delimiter is `,`, or `;`
    /// or tab as spreadsheets in many countries save it (found from the header).
    public static func rows(csv text: String) throws(OutcomeFileError) -> [OutcomeRow] {
        let table: [CSVRow]
        do { table = try CSVReader.rows(text, delimiter: CSVReader.detectDelimiter(text)) } catch {
            throw OutcomeFileError([OutcomeIssue(line: error.line, field: "file", value: "", message: error.message)])
        }
        guard let header = table.first else {
            throw OutcomeFileError([OutcomeIssue(line: 0, field: "file", value: "", message: "is empty; expected the header \(columns.joined(separator: ","))")])
        }
        var issues: [OutcomeIssue] = []
        var column: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if !columns.contains(name) {
                issues.append(OutcomeIssue(line: header.line, field: "header", value: raw, message: "unknown column; the columns are \(columns.joined(separator: ","))"))
            } else if column[name] != nil {
                issues.append(OutcomeIssue(line: header.line, field: "header", value: raw, message: "column given twice"))
            } else {
                column[name] = i
            }
        }
        for name in ["uid", "participant", "attended"] where column[name] == nil && !header.fields.isEmpty {
            issues.append(OutcomeIssue(line: header.line, field: "header", value: header.fields.joined(separator: ","), message: "the column \(name) is missing"))
        }
        if !issues.isEmpty { throw OutcomeFileError(issues) }
        var rows: [OutcomeRow] = []
        for r in table.dropFirst() {
            func cell(_ name: String) -> String? {
                guard let i = column[name], i < r.fields.count else { return nil }
                return r.fields[i]
            }
            if r.fields.count > header.fields.count {
                issues.append(OutcomeIssue(line: r.line, field: "row", value: r.fields.joined(separator: ","), message: "has \(r.fields.count) fields, the header \(header.fields.count)"))
                continue
            }
            let values: [String: Field] = Dictionary(uniqueKeysWithValues: columns.map { ($0, cell($0).map(Field.text) ?? .absent) })
            if let row = row(values, line: r.line, issues: &issues) { rows.append(row) }
        }
        if !issues.isEmpty { throw OutcomeFileError(issues) }
        return rows
    }

    /// Reads the JSON form: an array of objects with the CSV's fields.
    public static func rows(json bytes: [UInt8]) throws(OutcomeFileError) -> [OutcomeRow] {
        let elements: [(value: JSONValue, line: Int)]
        do { elements = try JSONParser.parseArrayElementsWithLines(bytes) } catch {
            throw OutcomeFileError([OutcomeIssue(line: error.line, field: "file", value: "", message: error.message)])
        }
        var issues: [OutcomeIssue] = []
        var rows: [OutcomeRow] = []
        for (value, line) in elements {
            guard let object = value.objectValue else {
                issues.append(OutcomeIssue(line: line, field: "record", value: value.serialized(), message: "expected an object with \(columns.joined(separator: ", "))"))
                continue
            }
            for key in object.keys where !columns.contains(key) {
                issues.append(OutcomeIssue(line: line, field: key, value: object[key]!.serialized(), message: "unknown field; the fields are \(columns.joined(separator: ", "))"))
            }
            var values: [String: Field] = [:]
            for name in columns {
                switch object[name] {
                case nil, .null?: values[name] = .absent
                case .string(let s)?: values[name] = .text(s)
                case .bool(let b)?: values[name] = .text(b ? "yes" : "no")
                case .int(let i)? where name == "rating": values[name] = .text(String(i))
                case let other?: values[name] = .wrong(other.serialized())
                }
            }
            if let row = row(values, line: line, issues: &issues) { rows.append(row) }
        }
        if !issues.isEmpty { throw OutcomeFileError(issues) }
        return rows
    }

    /// A cell as read: text, not given, or a JSON value of the wrong type.
    enum Field { case text(String), absent, wrong(String) }

    static func row(_ values: [String: Field], line: Int, issues: inout [OutcomeIssue]) -> OutcomeRow? {
        let before = issues.count
        func text(_ name: String, required: Bool) -> String? {
            switch values[name] ?? .absent {
            case .text(let s):
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty && required { issues.append(OutcomeIssue(line: line, field: name, value: s, message: "must not be empty")) }
                return t.isEmpty ? nil : t
            case .absent:
                if required { issues.append(OutcomeIssue(line: line, field: name, value: "", message: "is required")) }
                return nil
            case .wrong(let v):
                issues.append(OutcomeIssue(line: line, field: name, value: v, message: name == "rating" ? "must be a whole number from 1 to 5, or empty" : "must be a string"))
                return nil
            }
        }
        func yesNo(_ name: String) -> Bool? {
            guard let t = text(name, required: false) else { return nil }
            switch t.lowercased() {
            case "yes": return true
            case "no": return false
            default:
                issues.append(OutcomeIssue(line: line, field: name, value: t, message: "must be yes, no or empty"))
                return nil
            }
        }
        let uid = text("uid", required: true)
        let participant = text("participant", required: true)
        let attended = yesNo("attended")
        var rating: Int?
        if let t = text("rating", required: false) {
            if let r = Int(t), (1...5).contains(r) { rating = r } else {
                issues.append(OutcomeIssue(line: line, field: "rating", value: t, message: "must be a whole number from 1 to 5, or empty"))
            }
        }
        let followUp = yesNo("followUp")
        let comment = text("comment", required: false)
        // Only someone who came can rate a meeting or follow it up.
        if attended != true && issues.count == before {
            let said = attended == nil ? "attended is empty" : "attended is no"
            if let rating { issues.append(OutcomeIssue(line: line, field: "rating", value: String(rating), message: "given, but \(said): only a participant who came rates the meeting")) }
            if let followUp { issues.append(OutcomeIssue(line: line, field: "followUp", value: followUp ? "yes" : "no", message: "given, but \(said): only a participant who came follows up")) }
        }
        guard issues.count == before, let uid, let participant else { return nil }
        return OutcomeRow(line: line, uid: uid, side: OutcomeSide(participant: participant, attended: attended, rating: rating,
                                                                  followUp: followUp, comment: comment))
    }

    /// Joins the rows with the schedule's meetings: every row must name a meeting of the
    /// schedule and one of its two sides, once; every meeting named needs both sides, and
    /// `attended` is empty on both rows (cancelled) or on neither.
    /// - Returns: the outcomes in the schedule's order (slot, table).
    public static func outcomes(_ rows: [OutcomeRow], schedule: Schedule) throws(OutcomeFileError) -> [MeetingOutcome] {
        let meetings = Dictionary(schedule.meetings.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        var issues: [OutcomeIssue] = []
        var byMeeting: [String: [String: OutcomeRow]] = [:]
        for r in rows {
            guard let m = meetings[r.uid] else {
                issues.append(OutcomeIssue(line: r.line, field: "uid", value: r.uid, message: "no meeting of event \(JSONValue.quoted(schedule.event)) (revision \(schedule.revision)) has this uid"))
                continue
            }
            guard r.side.participant == m.a || r.side.participant == m.b else {
                issues.append(OutcomeIssue(line: r.line, field: "participant", value: r.side.participant, message: "is not in this meeting; it is between \(m.a) and \(m.b)"))
                continue
            }
            if let first = byMeeting[r.uid]?[r.side.participant] {
                issues.append(OutcomeIssue(line: r.line, field: "participant", value: r.side.participant, message: "a second row for this meeting and participant (the first is on line \(first.line))"))
                continue
            }
            byMeeting[r.uid, default: [:]][r.side.participant] = r
        }
        let zone = EventTime.zone(schedule.timezone)
        var out: [MeetingOutcome] = []
        for m in schedule.meetings {
            guard let sides = byMeeting[m.uid] else { continue }
            guard let a = sides[m.a], let b = sides[m.b] else {
                let present = sides[m.a] ?? sides[m.b]!
                let missing = sides[m.a] == nil ? m.a : m.b
                issues.append(OutcomeIssue(line: present.line, field: "uid", value: m.uid, message: "the meeting's other side, \(missing), has no row; give one row per side"))
                continue
            }
            if (a.side.attended == nil) != (b.side.attended == nil) {
                let empty = a.side.attended == nil ? a : b
                issues.append(OutcomeIssue(line: empty.line, field: "attended", value: "", message: "empty on this row only: say yes or no, or leave it empty on both rows of a cancelled meeting"))
                continue
            }
            let start = schedule.slot(m.slot)?.start ?? 0
            out.append(MeetingOutcome(event: schedule.event, uid: m.uid, a: m.a, b: m.b, slot: m.slot, start: start,
                                      date: EventTime.date(start, zone: zone), score: m.score, sides: [a.side, b.side]))
        }
        if !issues.isEmpty { throw OutcomeFileError(issues.sorted { ($0.line, $0.field) < ($1.line, $1.field) }) }
        return out
    }
}

extension EventTime {
    /// The calendar date of a moment in a time zone, `YYYY-MM-DD`.
    public static func date(_ seconds: Int64, zone: TimeZone) -> String {
        let f = fields(seconds, offset: offset(seconds, zone: zone))
        return "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))"
    }
}
