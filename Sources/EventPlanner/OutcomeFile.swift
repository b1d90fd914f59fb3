import CSV
import Foundation
import JSONSupport

/// A row of an outcomes file as read: which meeting, whose side, and where it is.
public struct OutcomeRow: Sendable, Hashable {
    public var line: Int
    /// The element's position in a JSON array (from 0); nil in a CSV file.
    public var index: Int?
    public var uid: String
    public var side: OutcomeSide
    /// The row's values have problems (already reported): its uid and participant are still
    /// checked against the schedule, so that one run reports everything.
    public var invalid: Bool

    public init(line: Int, index: Int? = nil, uid: String, side: OutcomeSide, invalid: Bool = false) {
        self.line = line
        self.index = index
        self.uid = uid
        self.side = side
        self.invalid = invalid
    }

    /// `line 4` in a CSV file, `[3]` in a JSON array.
    var place: String { index.map { "[\($0)]" } ?? "line \(line)" }
}

/// The outcomes file (a contract): one row per meeting and side,
/// `uid,participant,attended,rating,followUp,comment`, as CSV or as a JSON array of
/// objects with the same fields. `attended` and `followUp` are `yes`/`no` (JSON also
/// `true`/`false`) or empty; `rating` is 1–5 or empty (JSON: a number or a string holding
/// one, as spreadsheet tools write it). A meeting with `attended` empty on both rows was
/// cancelled. Rows with every cell empty are skipped. A meeting whose rows are blank
/// (nothing in `attended`, `rating`, `followUp` or `comment`) records a cancellation only
/// when nothing else was recorded for it: `event outcomes` keeps what an earlier file
/// recorded for it.
///
/// Column names (and JSON field names) are matched ignoring case, spaces, `-` and `_`, as
/// spreadsheets write headers (`Follow-up`); a few informational columns of a filled-in
/// sheet (`informational`) are read past; any other column is an error.
public enum OutcomeFile {
    /// The columns, in the order the template writes them.
    public static let columns = ["uid", "participant", "attended", "rating", "followUp", "comment"]

    /// Columns a filled-in sheet may carry for the organiser's eyes; they are ignored.
    public static let informational = ["name", "participantName", "organisation", "partner", "partnerName", "partnerOrganisation",
                                       "slot", "date", "start", "end", "table"]

    /// A header or field name as compared: lower case, without spaces, `-` and `_`.
    static func normalized(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" && $0 != "\t" })
    }

    /// What a header or field name means: one of `columns`, "" for an informational column, nil if unknown.
    static func column(named name: String) -> String? {
        let n = normalized(name)
        if let c = columns.first(where: { normalized($0) == n }) { return c }
        return informational.contains { normalized($0) == n } ? "" : nil
    }

    static var unknownColumn: String {
        "unknown column; the columns are \(columns.joined(separator: ",")) (informational columns read past: \(informational.joined(separator: ", ")))"
    }

    /// The CSV the organiser fills in: two rows per meeting of the schedule (`a`, then
    /// `b`), in slot and table order, with everything but `uid` and `participant` empty.
    public static func template(_ schedule: Schedule) -> String {
        CSVWriter.render(header: columns, rows: schedule.meetings.flatMap { m in
            [[m.uid, m.a, "", "", "", ""], [m.uid, m.b, "", "", "", ""]]
        })
    }

    /// Reads a CSV outcomes file and joins it with the schedule, reporting every problem
    /// of the file (values and the join alike) at once, by line.
    public static func read(csv text: String, schedule: Schedule) throws(OutcomeFileError) -> [MeetingOutcome] {
        let (rows, issues) = try parse(csv: text)
        return try outcomes(rows, schedule: schedule, issues: issues)
    }

    /// Reads a JSON outcomes file and joins it with the schedule, reporting every problem at
    /// once, by element.
    public static func read(json bytes: [UInt8], schedule: Schedule) throws(OutcomeFileError) -> [MeetingOutcome] {
        let (rows, issues) = try parse(json: bytes)
        return try outcomes(rows, schedule: schedule, issues: issues)
    }

    /// Reads the CSV form. Every problem is reported at once. The delimiter is `,`, or `;`
    /// or tab as spreadsheets in many countries save it (found from the header).
    public static func rows(csv text: String) throws(OutcomeFileError) -> [OutcomeRow] {
        let (rows, issues) = try parse(csv: text)
        if !issues.isEmpty { throw OutcomeFileError(sorted(issues)) }
        return rows
    }

    /// Reads the JSON form: an array of objects with the CSV's fields.
    public static func rows(json bytes: [UInt8]) throws(OutcomeFileError) -> [OutcomeRow] {
        let (rows, issues) = try parse(json: bytes)
        if !issues.isEmpty { throw OutcomeFileError(sorted(issues)) }
        return rows
    }

    /// The rows (those with a uid and a participant, flagged `invalid` when a value has a
    /// problem) and the problems of their values. Throws only when the file cannot be read
    /// as rows at all (not CSV, no header, a bad header).
    static func parse(csv text: String) throws(OutcomeFileError) -> (rows: [OutcomeRow], issues: [OutcomeIssue]) {
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
            guard let known = Self.column(named: name) else {
                issues.append(OutcomeIssue(line: header.line, field: "header", value: raw, message: unknownColumn))
                continue
            }
            if known.isEmpty { continue }
            if column[known] != nil {
                issues.append(OutcomeIssue(line: header.line, field: "header", value: raw, message: "column given twice (as \(known))"))
            } else {
                column[known] = i
            }
        }
        for name in ["uid", "participant", "attended"] where column[name] == nil && !header.fields.isEmpty {
            issues.append(OutcomeIssue(line: header.line, field: "header", value: header.fields.joined(separator: ","), message: "the column \(name) is missing"))
        }
        if !issues.isEmpty { throw OutcomeFileError(issues) }
        var rows: [OutcomeRow] = []
        for r in table.dropFirst() {
            // Rows with every cell empty (`;;;;;`, as spreadsheets save trailing rows) say nothing.
            if r.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            func cell(_ name: String) -> String? {
                guard let i = column[name], i < r.fields.count else { return nil }
                return CSVWriter.unguarded(r.fields[i])  // a sheet we wrote guards a comment or id starting like a formula
            }
            if r.fields.count > header.fields.count {
                issues.append(OutcomeIssue(line: r.line, field: "row", value: r.fields.joined(separator: ","), message: "has \(r.fields.count) fields, the header \(header.fields.count)"))
                continue
            }
            let values: [String: Field] = Dictionary(uniqueKeysWithValues: columns.map { ($0, cell($0).map(Field.text) ?? .absent) })
            if let row = row(values, line: r.line, index: nil, issues: &issues) { rows.append(row) }
        }
        return (rows, issues)
    }

    /// A JSON value as a problem shows it: a string as its text (the message quotes it once),
    /// anything else as JSON.
    static func shown(_ value: JSONValue) -> String { value.stringValue ?? value.serialized() }

    /// The JSON form's rows and problems, as `parse(csv:)`; problems name the element by its
    /// index in the array (`[3].rating`), as a one-line array has every element on line 1.
    static func parse(json bytes: [UInt8]) throws(OutcomeFileError) -> (rows: [OutcomeRow], issues: [OutcomeIssue]) {
        let elements: [(value: JSONValue, line: Int)]
        do { elements = try JSONParser.parseArrayElementsWithLines(bytes) } catch {
            throw OutcomeFileError([OutcomeIssue(line: error.line, field: "file", value: "", message: error.message)])
        }
        var issues: [OutcomeIssue] = []
        var rows: [OutcomeRow] = []
        for (index, (value, line)) in elements.enumerated() {
            guard let object = value.objectValue else {
                issues.append(OutcomeIssue(line: line, index: index, field: "record", value: value.serialized(), message: "expected an object with \(columns.joined(separator: ", "))"))
                continue
            }
            var fields: [String: JSONValue] = [:]
            for key in object.keys {
                guard let known = Self.column(named: key) else {
                    issues.append(OutcomeIssue(line: line, index: index, field: key, value: Self.shown(object[key]!),
                                               message: "unknown field; the fields are \(columns.joined(separator: ", ")) (informational fields read past: \(informational.joined(separator: ", ")))"))
                    continue
                }
                if known.isEmpty { continue }
                if fields[known] != nil {
                    issues.append(OutcomeIssue(line: line, index: index, field: key, value: Self.shown(object[key]!), message: "field given twice (as \(known))"))
                    continue
                }
                fields[known] = object[key]!
            }
            var values: [String: Field] = [:]
            for name in columns {
                switch fields[name] {
                case nil, .null?: values[name] = .absent
                case .string(let s)?: values[name] = .text(s)
                case .bool(let b)?: values[name] = .text(b ? "yes" : "no")
                case .int(let i)? where name == "rating": values[name] = .text(String(i))
                case let other?: values[name] = .wrong(other.serialized())
                }
            }
            if let row = row(values, line: line, index: index, issues: &issues) { rows.append(row) }
        }
        return (rows, issues)
    }

    /// A cell as read: text, not given, or a JSON value of the wrong type.
    enum Field { case text(String), absent, wrong(String) }

    /// The row, if it names a uid and a participant (flagged `invalid` when another of its
    /// values has a problem); its problems are added to `issues`.
    static func row(_ values: [String: Field], line: Int, index: Int?, issues: inout [OutcomeIssue]) -> OutcomeRow? {
        let before = issues.count
        func issue(_ field: String, _ value: String, _ message: String) {
            issues.append(OutcomeIssue(line: line, index: index, field: field, value: value, message: message))
        }
        func text(_ name: String, required: Bool) -> String? {
            switch values[name] ?? .absent {
            case .text(let s):
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty && required { issue(name, s, "must not be empty") }
                return t.isEmpty ? nil : t
            case .absent:
                if required { issue(name, "", "is required") }
                return nil
            case .wrong(let v):
                issue(name, v, name == "rating" ? "must be a whole number from 1 to 5, or empty" : "must be a string")
                return nil
            }
        }
        func yesNo(_ name: String) -> Bool? {
            guard let t = text(name, required: false) else { return nil }
            switch t.lowercased() {
            case "yes": return true
            case "no": return false
            default:
                issue(name, t, "must be yes, no or empty")
                return nil
            }
        }
        let uid = text("uid", required: true)
        let participant = text("participant", required: true)
        let attended = yesNo("attended")
        var rating: Int?
        if let t = text("rating", required: false) {
            if let r = Int(t), (1...5).contains(r) { rating = r } else {
                issue("rating", t, "must be a whole number from 1 to 5, or empty")
            }
        }
        let followUp = yesNo("followUp")
        let comment = text("comment", required: false)
        // A comment goes into the report's CSV and HTML: line breaks stay, an escape or a NUL
        // (C0 controls but tab and line breaks, and DEL) would reach whoever opens them.
        if let comment, let bad = comment.unicodeScalars.first(where: { $0.isControl(except: Unicode.Scalar.tabAndLineBreaks) }) {
            issue("comment", comment, "contains the control character \(bad.codePointLabel); a comment may hold line breaks, no other control characters")
        }
        // Only someone who came can rate a meeting or follow it up.
        if attended != true && issues.count == before {
            let said = attended == nil ? "attended is empty" : "attended is no"
            if let rating { issue("rating", String(rating), "given, but \(said): only a participant who came rates the meeting") }
            if let followUp { issue("followUp", followUp ? "yes" : "no", "given, but \(said): only a participant who came follows up") }
        }
        guard let uid else { return nil }
        // Without a participant (reported): kept with "" so that its meeting's other row is
        // not said to lack its partner's row as well.
        return OutcomeRow(line: line, index: index, uid: uid,
                          side: OutcomeSide(participant: participant ?? "", attended: attended, rating: rating, followUp: followUp, comment: comment),
                          invalid: issues.count > before || participant == nil)
    }

    /// Problems in file order (line, then JSON element), and in the order found within a row.
    static func sorted(_ issues: [OutcomeIssue]) -> [OutcomeIssue] {
        issues.enumerated().sorted { ($0.element.line, $0.element.index ?? -1, $0.offset) < ($1.element.line, $1.element.index ?? -1, $1.offset) }
            .map(\.element)
    }

    /// Joins the rows with the schedule's meetings: every row must name a meeting of the
    /// schedule and one of its two sides, once; every meeting named needs both sides, and
    /// `attended` is empty on both rows (cancelled) or on neither.
    /// - Parameter issues: problems found reading the rows, reported with the join's own.
    /// - Returns: the outcomes in the schedule's order (slot, table).
    public static func outcomes(_ rows: [OutcomeRow], schedule: Schedule, issues found: [OutcomeIssue] = []) throws(OutcomeFileError) -> [MeetingOutcome] {
        let meetings = Dictionary(schedule.meetings.map { ($0.uid, $0) }, uniquingKeysWith: { a, _ in a })
        var issues = found
        // A file for another event (or another schedule): one problem, not one per row. A
        // file of one or two meetings whose uids name this event has mistyped uids instead.
        let otherEvent = rows.contains { Meeting.event(fromUID: $0.uid).map { $0 != schedule.event } ?? false }
        if !rows.isEmpty && !rows.contains(where: { meetings[$0.uid] != nil }) && (otherEvent || Set(rows.map(\.uid)).count >= 3) {
            issues.append(wrongSchedule(rows, schedule: schedule))
            throw OutcomeFileError(sorted(issues))
        }
        var byMeeting: [String: [String: OutcomeRow]] = [:]
        var withoutParticipant: Set<String> = []
        for r in rows {
            if r.side.participant.isEmpty { withoutParticipant.insert(r.uid); continue }  // reported when read
            guard let m = meetings[r.uid] else {
                issues.append(OutcomeIssue(line: r.line, index: r.index, field: "uid", value: r.uid, message: "no meeting of event \(JSONValue.quoted(schedule.event)) (revision \(schedule.revision)) has this uid"))
                continue
            }
            guard r.side.participant == m.a || r.side.participant == m.b else {
                issues.append(OutcomeIssue(line: r.line, index: r.index, field: "participant", value: r.side.participant, message: "is not in this meeting; it is between \(m.a) and \(m.b)"))
                continue
            }
            if let first = byMeeting[r.uid]?[r.side.participant] {
                let at = first.index == nil ? "on \(first.place)" : first.place
                issues.append(OutcomeIssue(line: r.line, index: r.index, field: "participant", value: r.side.participant, message: "a second row for this meeting and participant (the first is \(at))"))
                continue
            }
            byMeeting[r.uid, default: [:]][r.side.participant] = r
        }
        let zone = EventTime.zone(schedule.timezone)
        var out: [MeetingOutcome] = []
        for m in schedule.meetings {
            guard let sides = byMeeting[m.uid] else { continue }
            guard let a = sides[m.a], let b = sides[m.b] else {
                if withoutParticipant.contains(m.uid) { continue }
                let present = sides[m.a] ?? sides[m.b]!
                let missing = sides[m.a] == nil ? m.a : m.b
                issues.append(OutcomeIssue(line: present.line, index: present.index, field: "uid", value: m.uid, message: "the meeting's other side, \(missing), has no row; give one row per side"))
                continue
            }
            // A row with a bad value has been reported; whether the sides agree is not known.
            if a.invalid || b.invalid { continue }
            if (a.side.attended == nil) != (b.side.attended == nil) {
                let empty = a.side.attended == nil ? a : b
                issues.append(OutcomeIssue(line: empty.line, index: empty.index, field: "attended", value: "", message: "empty on this row only: say yes or no, or leave it empty on both rows of a cancelled meeting"))
                continue
            }
            let start = schedule.slot(m.slot)?.start ?? 0
            out.append(MeetingOutcome(event: schedule.event, uid: m.uid, a: m.a, b: m.b, slot: m.slot, start: start,
                                      date: EventTime.date(start, zone: zone), score: m.score, sides: [a.side, b.side]))
        }
        if !issues.isEmpty { throw OutcomeFileError(sorted(issues)) }
        return out
    }

    /// The one problem of a file none of whose uids is a meeting of the schedule: the
    /// events the uids name (`m….EVENT@clustermatch`), if they name one, and the schedule's.
    static func wrongSchedule(_ rows: [OutcomeRow], schedule: Schedule) -> OutcomeIssue {
        var events: [String] = []
        for r in rows {
            if let e = Meeting.event(fromUID: r.uid), !events.contains(e) { events.append(e) }
        }
        let scheduleIs = "the schedule is of event \(JSONValue.quoted(schedule.event)) (revision \(schedule.revision))"
        let message: String
        if events.isEmpty {
            message = "none of the file's \(rows.count) row\(rows.count == 1 ? "" : "s") names a meeting of the schedule: \(scheduleIs); give the schedule the outcomes template was exported from"
        } else if events == [schedule.event] {
            message = "none of the file's \(rows.count) row\(rows.count == 1 ? "" : "s") names a meeting of this schedule of event \(JSONValue.quoted(schedule.event)) (revision \(schedule.revision)): was the file made from another revision's schedule? Give the schedule the outcomes template was exported from"
        } else {
            let named = events.prefix(3).map(JSONValue.quoted).joined(separator: ", ") + (events.count > 3 ? ", …" : "")
            message = "the file's uids are meetings of event\(events.count > 1 ? "s" : "") \(named), \(scheduleIs): give the schedule of event \(JSONValue.quoted(events[0]))"
        }
        return OutcomeIssue(line: rows[0].line, index: rows[0].index, field: "uid", value: rows[0].uid, message: message)
    }
}

extension EventTime {
    /// The calendar date of a moment in a time zone, `YYYY-MM-DD`.
    public static func date(_ seconds: Int64, zone: TimeZone) -> String {
        let f = fields(seconds, offset: offset(seconds, zone: zone))
        return "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))"
    }
}
