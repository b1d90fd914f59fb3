import Foundation
import EventPlanner

/// Printable HTML: an agenda per participant and an organiser overview with inline SVG
/// charts (meetings per participant, table use per slot, score distribution). No
/// network resources; deterministic bytes.
package enum HTMLAgenda {
    /// `index.html` (overview) and `agenda/<participant>.html`.
    package static func files(_ s: Schedule) -> [(name: String, content: String)] {
        var out = [("index.html", overview(s))]
        for p in s.participants { out.append(("agenda/\(ICalendarWriter.fileName(p.id)).html", agenda(s, for: p.id))) }
        return out
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d2430}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d7dce3;padding-bottom:.2rem}
        .sub{color:#5b6676;margin-top:0}table{border-collapse:collapse;width:100%;margin:.5rem 0}
        th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e4e8ee;vertical-align:top}th{background:#f3f5f8;font-weight:600}
        td.time{white-space:nowrap}td.comment{white-space:pre-line}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}.why{color:#4a5566;font-size:.9rem;margin:.2rem 0 0;padding-left:1.1rem}
        .tag{display:inline-block;font-size:.75rem;padding:.05rem .4rem;border-radius:.6rem;background:#e8eef8;color:#23508f}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.8rem}.card{border:1px solid #e4e8ee;border-radius:.5rem;padding:.6rem .8rem}
        .card b{display:block;font-size:1.4rem}.charts{display:grid;grid-template-columns:1fr;gap:1rem}svg{max-width:100%;height:auto}
        @media print{body{margin:0;max-width:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}tr{break-inside:avoid}}
        """

    static func page(_ title: String, _ body: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>\(esc(title))</title>\n<style>\n\(style)\n</style>\n</head>\n<body>\n\(body)</body>\n</html>\n"
    }

    /// One participant's agenda: time, table, partner (name, organisation, country), why.
    package static func agenda(_ s: Schedule, for id: String) -> String {
        let zone = EventTime.zone(s.timezone)
        let me = s.participant(id)
        var body = "<h1>\(esc(me?.name ?? id))</h1>\n<p class=\"sub\">\(esc(s.name)) · your one-to-one meetings · times in \(esc(s.timezone))</p>\n"
        let mine = s.meetings(of: id)
        if mine.isEmpty {
            body += "<p>No meetings are planned for you yet.</p>\n"
        } else {
            body += "<table>\n<thead><tr><th>Time</th><th class=\"num\">Table</th><th>Partner</th><th>Organisation</th><th>Country</th></tr></thead>\n<tbody>\n"
            for m in mine {
                let slot = s.slot(m.slot)
                let time = slot.map { "\(day($0.start, zone)) \(EventTime.clock($0.start, zone: zone))–\(EventTime.clock($0.end, zone: zone))" } ?? m.slot
                let p = s.participant(m.partner(of: id))
                var partner = esc(p?.name ?? m.partner(of: id))
                if m.origin != .suggested { partner += " <span class=\"tag\">\(m.origin == .locked ? "confirmed" : m.origin.rawValue + " request")</span>" }
                if !m.reasons.isEmpty { partner += "<ul class=\"why\">" + m.reasons(for: id).map { "<li>\(esc($0))</li>" }.joined() + "</ul>" }
                body += "<tr><td class=\"time\">\(esc(time))</td><td class=\"num\">\(m.table)</td><td>\(partner)</td><td>\(esc(p?.organisation ?? ""))</td><td>\(esc(p?.country ?? ""))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        body += RoundTableReport.agendaSection(s, for: id)
        return page("\(me?.name ?? id) – \(s.name)", body)
    }

    /// The organiser overview: numbers, charts, every meeting, what could not be placed.
    package static func overview(_ s: Schedule) -> String {
        let st = s.stats
        let zone = EventTime.zone(s.timezone)
        var body = "<h1>\(esc(s.name))</h1>\n<p class=\"sub\">Organiser overview · revision \(s.revision) · \(s.participants.count) participants · \(s.slots.count) slots</p>\n"
        let used = st.tableUse.reduce(0) { $0 + $1.used }, tables = st.tableUse.reduce(0) { $0 + $1.tables }
        let cards: [(String, String)] = [
            ("meetings", "\(st.meetings)"),
            ("accepted requests placed", "\(st.requestsAccepted.placed) / \(st.requestsAccepted.total)"),
            ("without meetings", "\(st.withoutMeetings)"),
            ("tables used", "\(used) / \(tables)"),
            ("of the upper bound", ScheduleReport.percent(st.upperBound > 0 ? st.objective / st.upperBound : 1)),
            ("total score", ScheduleReport.score(st.totalScore)),
        ]
        body += "<div class=\"cards\">" + cards.map { "<div class=\"card\"><b>\(esc($0.1))</b>\(esc($0.0))</div>" }.joined() + "</div>\n"
        var perParticipant = [Int: Int]()
        var counts: [String: Int] = [:]
        for m in s.meetings { counts[m.a, default: 0] += 1; counts[m.b, default: 0] += 1 }
        for p in s.participants { perParticipant[counts[p.id] ?? 0, default: 0] += 1 }
        let maxMeetings = perParticipant.keys.max() ?? 0
        body += "<h2>Charts</h2>\n<div class=\"charts\">\n"
        body += bars(title: "Participants by number of meetings", labels: (0...maxMeetings).map(String.init),
                     values: (0...maxMeetings).map { Double(perParticipant[$0] ?? 0) }, capacity: nil, xLabel: "meetings", color: "#3b6fb6")
        body += bars(title: "Tables used per slot", labels: st.tableUse.map(\.slot), values: st.tableUse.map { Double($0.used) },
                     capacity: st.tableUse.map { Double($0.tables) }, xLabel: "slot", color: "#2f8f6b")
        var bins = [Double](repeating: 0, count: 10)
        for m in s.meetings { bins[min(9, max(0, Int(m.score * 10)))] += 1 }
        body += bars(title: "Meeting scores", labels: (0..<10).map { "\(Double($0) / 10)" }, values: bins, capacity: nil, xLabel: "score from", color: "#b86b2f")
        body += "</div>\n"
        if !s.unplaced.isEmpty {
            body += "<h2>Could not be placed (\(s.unplaced.count))</h2>\n<table>\n<thead><tr><th>Pair</th><th>Origin</th><th>Reason</th></tr></thead>\n<tbody>\n"
            for u in s.unplaced { body += "<tr><td>\(esc(name(s, u.a))) – \(esc(name(s, u.b)))</td><td>\(u.origin.rawValue)</td><td>\(esc(u.reason))</td></tr>\n" }
            body += "</tbody>\n</table>\n"
        }
        if !s.changes.isEmpty {
            body += "<h2>Changes to announce (\(s.changes.count))</h2>\n<table>\n<thead><tr><th>Participant</th><th>Change</th><th>Partner</th><th>From</th><th>To</th></tr></thead>\n<tbody>\n"
            for c in s.changes {
                body += "<tr><td>\(esc(name(s, c.participant)))</td><td>\(c.kind.rawValue)</td><td>\(esc(name(s, c.partner)))</td><td>\(c.from.map { "\(esc($0.slot)), table \($0.table)" } ?? "")</td><td>\(c.to.map { "\(esc($0.slot)), table \($0.table)" } ?? "")</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        body += RoundTableReport.overviewSection(s)
        body += "<h2>All meetings</h2>\n<table>\n<thead><tr><th>Time</th><th class=\"num\">Table</th><th>Participant</th><th>Participant</th><th class=\"num\">Score</th><th>Origin</th></tr></thead>\n<tbody>\n"
        for m in s.meetings {
            let time = s.slot(m.slot).map { "\(m.slot) \(EventTime.clock($0.start, zone: zone))" } ?? m.slot
            body += "<tr><td>\(esc(time))</td><td class=\"num\">\(m.table)</td><td><a href=\"agenda/\(ICalendarWriter.fileName(m.a)).html\">\(esc(name(s, m.a)))</a></td><td><a href=\"agenda/\(ICalendarWriter.fileName(m.b)).html\">\(esc(name(s, m.b)))</a></td><td class=\"num\">\(ScheduleReport.score(m.score))</td><td>\(m.origin.rawValue)</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        return page("\(s.name) – overview", body)
    }

    /// A bar chart as inline SVG; `capacity` draws a light bar behind each value; `scale`
    /// is the least top of the axis (100 for percentages).
    /// With at most 12 bars, each bar's value is written above it (`valueLabels`, else the
    /// value itself), so that a printed report is read without hovering.
    static func bars(title: String, labels: [String], values: [Double], capacity: [Double]?, xLabel: String, color: String,
                     scale: Double = 1, valueLabels: [String]? = nil) -> String {
        let w = 720.0, h = 240.0, left = 44.0, bottom = 40.0, top = values.count <= 12 ? 40.0 : 28.0  // room for value labels
        // Counts: whole-number gridlines, the top rounded up to a multiple of the step.
        let highest = max(scale, (capacity ?? values).max() ?? 1, values.max() ?? 1)
        let step = max(1, (highest / 4).rounded(.up))
        let top_ = step * (highest / step).rounded(.up)
        let ticks = Int(top_ / step)
        let n = Double(max(1, values.count))
        let band = (w - left - 10) / n
        var svg = "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"\(esc(title))\">\n"
        svg += "<text x=\"\(Int(left))\" y=\"18\" font-size=\"14\" font-weight=\"600\" fill=\"#1d2430\">\(esc(title))</text>\n"
        let plotH = h - top - bottom
        for k in 0...ticks {
            let v = step * Double(k), y = top + plotH - plotH * v / top_
            svg += "<line x1=\"\(Int(left))\" x2=\"\(Int(w - 10))\" y1=\"\(fmt(y))\" y2=\"\(fmt(y))\" stroke=\"#e4e8ee\"/>"
            svg += "<text x=\"\(Int(left - 6))\" y=\"\(fmt(y + 4))\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6676\">\(fmt(v))</text>\n"
        }
        let every = max(1, Int((Double(labels.count) / 16).rounded(.up)))
        for (i, v) in values.enumerated() {
            let x = left + band * Double(i) + band * 0.15, bw = band * 0.7
            if let c = capacity?[i] {
                let ch = plotH * c / top_
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(top + plotH - ch))\" width=\"\(fmt(bw))\" height=\"\(fmt(ch))\" fill=\"#e6ebf1\"/>"
            }
            let bh = plotH * v / top_
            svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(top + plotH - bh))\" width=\"\(fmt(bw))\" height=\"\(fmt(bh))\" fill=\"\(color)\"><title>\(esc(labels[i])): \(fmt(v))</title></rect>"
            if i % every == 0 {
                svg += "<text x=\"\(fmt(x + bw / 2))\" y=\"\(fmt(h - bottom + 14))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6676\">\(esc(labels[i]))</text>"
            }
            if values.count <= 12 {
                let text = valueLabels?[i] ?? fmt(v)
                svg += "<text x=\"\(fmt(x + bw / 2))\" y=\"\(fmt(top + plotH - bh - 4))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1d2430\">\(esc(text))</text>"
            }
            svg += "\n"
        }
        svg += "<text x=\"\(fmt(left + (w - left) / 2))\" y=\"\(Int(h - 6))\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6676\">\(esc(xLabel))</text>\n"
        return svg + "</svg></figure>\n"
    }

    static func fmt(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    static func day(_ t: Int64, _ zone: TimeZone) -> String {
        let f = EventTime.fields(t, offset: EventTime.offset(t, zone: zone))
        return "\(EventTime.pad(f.year, 4))-\(EventTime.pad(f.month))-\(EventTime.pad(f.day))"
    }

    static func name(_ s: Schedule, _ id: String) -> String { s.participant(id)?.name ?? id }

    package static func esc(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
