import EventPlanner
import Foundation

/// iCalendar (RFC 5545) files per participant, as RFC 5546 messages: METHOD:REQUEST with
/// every current meeting, and METHOD:CANCEL for meetings a re-plan took away. UIDs are
/// stable across re-plans and SEQUENCE grows with every change, so calendar apps update
/// instead of duplicating. DTSTAMP is the schedule's stamp, never the clock.
package enum ICalendarWriter {
    /// `ics/<participant>.ics` for everyone with meetings, `ics/<participant>-cancel.ics`
    /// for everyone with cancellations (also those who left the event: `departed`).
    package static func files(_ s: Schedule) -> [(name: String, content: String)] {
        var out: [(String, String)] = []
        for p in s.participants + s.departed {
            let mine = s.meetings(of: p.id)
            if !mine.isEmpty || s.roundTables?.tables(of: p.id).isEmpty == false { out.append(("ics/\(fileName(p.id)).ics", calendar(s, for: p.id, method: "REQUEST", meetings: mine))) }
            let gone = s.cancelled.map(\.meeting).filter { $0.a == p.id || $0.b == p.id }
            if !gone.isEmpty { out.append(("ics/\(fileName(p.id))-cancel.ics", calendar(s, for: p.id, method: "CANCEL", meetings: gone))) }
        }
        return out
    }

    /// One participant's calendar.
    package static func calendar(_ s: Schedule, for id: String, method: String, meetings: [Meeting]) -> String {
        let zone = EventTime.zone(s.timezone)
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ClusterMatch//Event planner//EN", "CALSCALE:GREGORIAN",
                     "METHOD:\(method)", "X-WR-CALNAME:\(text("\(s.name) – \(s.participant(id)?.name ?? id)"))"]
        lines += timezone(zone, around: s.slots.first?.start ?? s.stamp)
        let organizer = s.organizer ?? "organiser@\(fileName(s.event)).invalid"
        for m in meetings {
            guard let slot = s.slot(m.slot) else { continue }
            let partner = s.participant(m.partner(of: id))
            let name = partner?.name ?? m.partner(of: id)
            // The organisation only where it says more than the name ("Lydbro Hearing ApS, Lydbro Hearing ApS").
            let who = [name, partner?.organisation.flatMap { $0 == name ? nil : $0 }, partner?.country].compactMap { $0 }.joined(separator: ", ")
            lines += ["BEGIN:VEVENT", "UID:\(m.uid)", "DTSTAMP:\(utc(s.stamp))", "SEQUENCE:\(m.sequence)",
                      "DTSTART;TZID=\(zone.identifier):\(local(slot.start, zone))", "DTEND;TZID=\(zone.identifier):\(local(slot.end, zone))",
                      "SUMMARY:\(text("Meeting with \(who)"))", "LOCATION:\(text("Table \(m.table)"))"]
            var description = "\(s.name): one-to-one meeting at table \(m.table) with \(who)."
            if !m.reasons.isEmpty { description += "\nWhy meet:\n" + m.reasons(for: id).map { "- " + $0 }.joined(separator: "\n") }
            lines.append("DESCRIPTION:\(text(description))")
            lines.append("ORGANIZER;CN=\(param(s.name)):mailto:\(organizer)")
            for pid in [m.a, m.b] {
                let p = s.participant(pid)
                let mail = p?.email ?? "\(fileName(pid))@participants.invalid"
                lines.append("ATTENDEE;CN=\(param(p?.name ?? pid));ROLE=REQ-PARTICIPANT;PARTSTAT=\(pid == id ? "ACCEPTED" : "NEEDS-ACTION"):mailto:\(mail)")
            }
            lines.append("STATUS:\(method == "CANCEL" ? "CANCELLED" : "CONFIRMED")")
            lines.append("TRANSP:OPAQUE")
            lines.append("END:VEVENT")
        }
        if method == "REQUEST" { lines += RoundTableReport.calendarEvents(s, for: id, zone: zone, organizer: organizer) }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A VTIMEZONE with the zone's rules in the year of `moment`: STANDARD and DAYLIGHT
    /// with yearly RRULEs where the change falls on a Sunday (last Sunday for EU zones).
    static func timezone(_ zone: TimeZone, around moment: Int64) -> [String] {
        let year = EventTime.fields(moment).year
        let jan1 = EventTime.days(year: year, month: 1, day: 1) * 86_400
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.identifier)"]
        var t = Date(timeIntervalSince1970: TimeInterval(jan1 - 1))
        var found = 0
        while found < 2, let next = zone.nextDaylightSavingTimeTransition(after: t), Int64(next.timeIntervalSince1970) < jan1 + 366 * 86_400 {
            let at = Int64(next.timeIntervalSince1970)
            let before = EventTime.offset(at - 1, zone: zone), after = EventTime.offset(at, zone: zone)
            let f = EventTime.fields(at, offset: before)
            let kind = zone.isDaylightSavingTime(for: next) ? "DAYLIGHT" : "STANDARD"
            lines += ["BEGIN:\(kind)", "DTSTART:\(EventTime.pad(f.year, 4))\(EventTime.pad(f.month))\(EventTime.pad(f.day))T\(EventTime.pad(f.hour))\(EventTime.pad(f.minute))00",
                      "TZOFFSETFROM:\(offset(before))", "TZOFFSETTO:\(offset(after))"]
            if EventTime.weekday(year: f.year, month: f.month, day: f.day) == 0 {
                let last = f.day + 7 > EventTime.daysIn(year: f.year, month: f.month)
                lines.append("RRULE:FREQ=YEARLY;BYMONTH=\(f.month);BYDAY=\(last ? "-1" : String((f.day - 1) / 7 + 1))SU")
            }
            if let name = zone.abbreviation(for: next) { lines.append("TZNAME:\(text(name))") }
            lines.append("END:\(kind)")
            found += 1
            t = next
        }
        if found == 0 {
            let off = EventTime.offset(moment, zone: zone)
            lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(offset(off))", "TZOFFSETTO:\(offset(off))"]
            if let name = zone.abbreviation(for: Date(timeIntervalSince1970: TimeInterval(moment))) { lines.append("TZNAME:\(text(name))") }
            lines.append("END:STANDARD")
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    static func offset(_ seconds: Int) -> String {
        let a = abs(seconds)
        return (seconds < 0 ? "-" : "+") + EventTime.pad(a / 3600) + EventTime.pad(a % 3600 / 60)
    }

    static func utc(_ t: Int64) -> String {
        let f = EventTime.fields(t)
        return "\(EventTime.pad(f.year, 4))\(EventTime.pad(f.month))\(EventTime.pad(f.day))T\(EventTime.pad(f.hour))\(EventTime.pad(f.minute))\(EventTime.pad(f.second))Z"
    }

    static func local(_ t: Int64, _ zone: TimeZone) -> String {
        let f = EventTime.fields(t, offset: EventTime.offset(t, zone: zone))
        return "\(EventTime.pad(f.year, 4))\(EventTime.pad(f.month))\(EventTime.pad(f.day))T\(EventTime.pad(f.hour))\(EventTime.pad(f.minute))\(EventTime.pad(f.second))"
    }

    /// RFC 5545 TEXT escaping.
    static func text(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A parameter value, quoted (DQUOTE is not allowed inside; it is dropped).
    static func param(_ s: String) -> String { "\"" + s.filter { $0 != "\"" && !$0.isNewline } + "\"" }

    /// Folds a content line at 75 octets without splitting a UTF-8 sequence.
    static func fold(_ line: String) -> String {
        var out = "", count = 0
        for c in line.unicodeScalars {
            let n = String(c).utf8.count
            if count + n > 75 { out += "\r\n "; count = 1 }
            out.unicodeScalars.append(c)
            count += n
        }
        return out
    }

    static func fileName(_ id: String) -> String {
        String(id.unicodeScalars.map { c -> Character in
            (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "-" || c == "_" || c == "." ? Character(c) : "_"
        })
    }
}
