import CSV
import EventPlanner
import MatchCore

/// The schedule as CSV for spreadsheets and as a readable table for terminals.
package enum ScheduleReport {
    /// One row per meeting, in slot and table order (RFC 4180).
    package static func csv(_ s: Schedule) -> String {
        let zone = EventTime.zone(s.timezone)
        let header = ["slot", "start", "end", "table", "a", "a_name", "b", "b_name", "score", "origin", "sequence", "uid", "reasons"]
        let rows = s.meetings.map { m -> [String] in
            let slot = s.slot(m.slot)
            return [m.slot, slot.map { EventTime.iso($0.start, zone: zone) } ?? "", slot.map { EventTime.iso($0.end, zone: zone) } ?? "",
                    String(m.table), m.a, s.participant(m.a)?.name ?? m.a, m.b, s.participant(m.b)?.name ?? m.b,
                    score(m.score), m.origin.rawValue, String(m.sequence), m.uid, m.reasons.joined(separator: "; ")]
        }
        return CSVWriter.render(header: header, rows: rows)
    }

    /// The outcomes template with what an organiser filling it in by hand needs to see: the
    /// contract's columns first (`OutcomeFile.columns`), then the participant's name, the
    /// partner, its name, the slot, its local start and the table (`OutcomeFile.informational`
    /// columns, which the import reads past). Rows as in the template: side a, then side b.
    package static func outcomeSheet(_ s: Schedule) -> String {
        let zone = EventTime.zone(s.timezone)
        let header = OutcomeFile.columns + ["name", "partner", "partnerName", "slot", "start", "table"]
        let rows = s.meetings.flatMap { m -> [[String]] in
            let start = s.slot(m.slot).map { EventTime.iso($0.start, zone: zone) } ?? ""
            func row(_ who: String, _ partner: String) -> [String] {
                [m.uid, who, "", "", "", "", s.participant(who)?.name ?? who, partner, s.participant(partner)?.name ?? partner,
                 m.slot, start, String(m.table)]
            }
            return [row(m.a, m.b), row(m.b, m.a)]
        }
        return CSVWriter.render(header: header, rows: rows)
    }

    /// The requests and locked meetings that could not be placed, as CSV.
    package static func unplacedCSV(_ s: Schedule) -> String {
        CSVWriter.render(header: ["a", "b", "origin", "reason"], rows: s.unplaced.map { [$0.a, $0.b, $0.origin.rawValue, $0.reason] })
    }

    /// Summary, the meetings by slot, what could not be placed, and (re-plans) the changes.
    package static func table(_ s: Schedule) -> String {
        let zone = EventTime.zone(s.timezone)
        var out = "\(s.name) (\(s.event)), revision \(s.revision)\n"
        out += summary(s) + "\n\n"
        let rows = s.meetings.map { m -> [String] in
            let time = s.slot(m.slot).map { EventTime.clock($0.start, zone: zone) } ?? ""
            return [m.slot, time, String(m.table), m.a, m.b, score(m.score), m.origin.rawValue]
        }
        out += TextTable.render(header: ["slot", "time", "table", "a", "b", "score", "origin"], rows: rows, maxWidth: 32, rightAligned: [2, 5])
        if !s.unplaced.isEmpty {
            out += "\nCould not be placed:\n"
            out += TextTable.render(header: ["a", "b", "origin", "reason"], rows: s.unplaced.map { [$0.a, $0.b, $0.origin.rawValue, $0.reason] }, maxWidth: 100)
        }
        if !s.changes.isEmpty {
            out += "\nChanges to tell participants about:\n"
            out += changes(s)
        }
        return out + RoundTableReport.text(s)
    }

    /// The statistics in a few lines.
    package static func summary(_ s: Schedule) -> String {
        let st = s.stats
        let origins = MeetingOrigin.allCases.map { "\(st.byOrigin[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        let used = st.tableUse.reduce(0) { $0 + $1.used }, tables = st.tableUse.reduce(0) { $0 + $1.tables }
        return """
            \(st.meetings) meetings (\(origins)); accepted requests placed \(st.requestsAccepted.placed)/\(st.requestsAccepted.total), pending \(st.requestsPending.placed)/\(st.requestsPending.total)
            total score \(score(st.totalScore)); objective \(score(st.objective)) of upper bound \(score(st.upperBound)) (gap \(percent(st.gap)))
            meetings per participant: min \(st.perParticipantMin), median \(st.perParticipantMedian), max \(st.perParticipantMax), without meetings \(st.withoutMeetings), Gini \(score(st.gini))
            tables used \(used) of \(tables); \(s.unplaced.count) request(s) or locked meeting(s) not placed
            """
    }

    /// Per participant, what a re-plan changed.
    package static func changes(_ s: Schedule) -> String {
        TextTable.render(header: ["participant", "change", "partner", "from", "to"], rows: s.changes.map { c in
            [c.participant, c.kind.rawValue, c.partner, c.from.map { "\($0.slot) table \($0.table)" } ?? "", c.to.map { "\($0.slot) table \($0.table)" } ?? ""]
        })
    }

    static func score(_ x: Double) -> String { Format.score(x) }

    /// A share as a percentage with two decimals, rounded half away from zero: 3/7 is "42.86 %".
    static func percent(_ x: Double) -> String { score((x * 10_000).rounded() / 100).dropLast(2) + " %" }
}
