import CSV
import EventPlanner
import Foundation

/// Round tables in the exports: CSV rows, agenda and overview sections, calendar events.
/// Every function gives nothing for a schedule without round tables, so those exports
/// stay byte-identical.
package enum RoundTableReport {
    /// `round-tables.csv` (one row per seat) and `unseated.csv`.
    package static func csvFiles(_ s: Schedule) -> [(name: String, content: String)] {
        guard let plan = s.roundTables else { return [] }
        let zone = EventTime.zone(s.timezone)
        let header = ["session", "start", "end", "table", "theme", "theme_title", "participant", "name", "uid", "reasons"]
        var rows: [[String]] = []
        for t in plan.tables {
            let session = plan.session(t.session)
            for id in t.members {
                rows.append([t.session, session.map { EventTime.iso($0.start, zone: zone) } ?? "", session.map { EventTime.iso($0.end, zone: zone) } ?? "",
                             String(t.table), t.theme, plan.theme(t.theme)?.title ?? t.theme, id, s.participant(id)?.name ?? id,
                             RoundTableSeating.uid(event: s.event, participant: id, session: t.session, table: t.table),
                             t.reasons.joined(separator: "; ")])
            }
        }
        var files = [("round-tables.csv", CSVWriter.render(header: header, rows: rows))]
        if !plan.unseated.isEmpty {
            files.append(("unseated.csv", CSVWriter.render(header: ["participant", "name", "reason"],
                                                           rows: plan.unseated.map { [$0.participant, s.participant($0.participant)?.name ?? $0.participant, $0.reason] })))
        }
        return files
    }

    static func time(_ session: RoundTableSession?, _ zone: TimeZone) -> String {
        guard let session else { return "" }
        return "\(HTMLAgenda.day(session.start, zone)) \(EventTime.clock(session.start, zone: zone))–\(EventTime.clock(session.end, zone: zone))"
    }

    /// The agenda's round-table section for one participant.
    package static func agendaSection(_ s: Schedule, for id: String) -> String {
        guard let plan = s.roundTables else { return "" }
        let zone = EventTime.zone(s.timezone)
        let esc = HTMLAgenda.esc
        var body = "<h2>Round tables</h2>\n"
        let mine = plan.tables(of: id)
        if mine.isEmpty {
            let why = plan.unseated.first { $0.participant == id }?.reason
            return body + "<p>No round-table seat for you\(why.map { ": " + esc($0) } ?? "").</p>\n"
        }
        body += "<table>\n<thead><tr><th>Time</th><th class=\"num\">Table</th><th>Theme</th><th>At the table</th></tr></thead>\n<tbody>\n"
        for t in mine {
            let theme = plan.theme(t.theme)
            var others = t.members.filter { $0 != id }.map { other -> String in
                let p = s.participant(other)
                return esc([p?.name ?? other, p?.organisation].compactMap { $0 }.joined(separator: ", "))
            }.joined(separator: "<br>")
            if !t.reasons.isEmpty { others += "<ul class=\"why\">" + t.reasons.map { "<li>\(esc($0))</li>" }.joined() + "</ul>" }
            body += "<tr><td class=\"time\">\(esc(time(plan.session(t.session), zone)))</td><td class=\"num\">\(t.table)</td><td>\(esc(theme?.title ?? t.theme))</td><td>\(others)</td></tr>\n"
        }
        return body + "</tbody>\n</table>\n"
    }

    /// The overview's round-table section: numbers, every table, who has no seat.
    package static func overviewSection(_ s: Schedule) -> String {
        guard let plan = s.roundTables else { return "" }
        let zone = EventTime.zone(s.timezone)
        let esc = HTMLAgenda.esc
        let share = plan.upperBound > 0 ? plan.objective / plan.upperBound : 1
        var body = "<h2>Round tables (\(plan.tables.count) tables, \(plan.seated) seats)</h2>\n"
        body += "<p class=\"sub\">\(plan.unseated.count) participant(s) without a seat · \(ScheduleReport.percent(share)) of the seating's upper bound</p>\n"
        body += "<table>\n<thead><tr><th>Session</th><th class=\"num\">Table</th><th>Theme</th><th>Members</th><th>Why</th></tr></thead>\n<tbody>\n"
        for t in plan.tables {
            let members = t.members.map { "<a href=\"agenda/\(ICalendarWriter.fileName($0)).html\">\(esc(HTMLAgenda.name(s, $0)))</a>" }.joined(separator: ", ")
            body += "<tr><td class=\"time\">\(esc(t.session)) \(esc(time(plan.session(t.session), zone)))</td><td class=\"num\">\(t.table)</td><td>\(esc(plan.theme(t.theme)?.title ?? t.theme))</td><td>\(members)</td><td>\(esc(t.reasons.joined(separator: "; ")))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        if !plan.unseated.isEmpty {
            body += "<h2>Without a round-table seat (\(plan.unseated.count))</h2>\n<table>\n<thead><tr><th>Participant</th><th>Reason</th></tr></thead>\n<tbody>\n"
            for u in plan.unseated { body += "<tr><td>\(esc(HTMLAgenda.name(s, u.participant)))</td><td>\(esc(u.reason))</td></tr>\n" }
            body += "</tbody>\n</table>\n"
        }
        return body
    }

    /// VEVENTs of one participant's round tables, one stable UID per participant, session and table.
    static func calendarEvents(_ s: Schedule, for id: String, zone: TimeZone, organizer: String) -> [String] {
        guard let plan = s.roundTables else { return [] }
        var lines: [String] = []
        for t in plan.tables(of: id) {
            guard let session = plan.session(t.session) else { continue }
            let title = plan.theme(t.theme)?.title ?? t.theme
            let others = t.members.filter { $0 != id }.map { HTMLAgenda.name(s, $0) }.joined(separator: ", ")
            var description = "\(s.name): round table \(t.table) on \(title), with \(others)."
            if !t.reasons.isEmpty { description += "\nWhy this table:\n" + t.reasons.map { "- " + $0 }.joined(separator: "\n") }
            lines += ["BEGIN:VEVENT", "UID:\(RoundTableSeating.uid(event: s.event, participant: id, session: t.session, table: t.table))",
                      "DTSTAMP:\(ICalendarWriter.utc(s.stamp))", "SEQUENCE:\(s.revision - 1)",
                      "DTSTART;TZID=\(zone.identifier):\(ICalendarWriter.local(session.start, zone))",
                      "DTEND;TZID=\(zone.identifier):\(ICalendarWriter.local(session.end, zone))",
                      "SUMMARY:\(ICalendarWriter.text("Round table: \(title)"))", "LOCATION:\(ICalendarWriter.text("Round table \(t.table)"))",
                      "DESCRIPTION:\(ICalendarWriter.text(description))",
                      "ORGANIZER;CN=\(ICalendarWriter.param(s.name)):mailto:\(organizer)"]
            let p = s.participant(id)
            lines.append("ATTENDEE;CN=\(ICalendarWriter.param(p?.name ?? id));ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:mailto:\(p?.email ?? "\(ICalendarWriter.fileName(id))@participants.invalid")")
            lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT"]
        }
        return lines
    }

    /// Lines for the terminal table.
    package static func text(_ s: Schedule) -> String {
        guard let plan = s.roundTables else { return "" }
        var out = "\nRound tables: \(plan.tables.count) tables, \(plan.seated) seats, \(plan.unseated.count) without a seat; objective \(ScheduleReport.score(plan.objective)) of upper bound \(ScheduleReport.score(plan.upperBound))\n"
        out += TextTable.render(header: ["session", "table", "theme", "members"], rows: plan.tables.map {
            [$0.session, String($0.table), plan.theme($0.theme)?.title ?? $0.theme, $0.members.joined(separator: " ")]
        }, maxWidth: 80)
        return out
    }
}
