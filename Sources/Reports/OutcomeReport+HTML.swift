import EventPlanner

extension OutcomeReport {
    /// A printable page with inline SVG charts (outcomes, ratings, follow-up rate by score
    /// decile) and the decile table. No network resources; deterministic bytes.
    package func html(name: String) -> String {
        let esc = HTMLAgenda.esc
        func percent(_ x: Double?) -> String { x.map { ScheduleReport.percent($0) } ?? "–" }
        var body = "<h1>\(esc(name))</h1>\n<p class=\"sub\">Meeting outcomes · event \(esc(event)) · \(meetings) meetings recorded</p>\n"
        let cards: [(String, String)] = [
            ("meetings held", "\(held) / \(meetings)"),
            // Meetings, as the other cards and the chart count; the table below names the people.
            (noShowMeetings == 1 ? "meeting with a no-show" : "meetings with a no-show", "\(noShowMeetings)"),
            ("cancelled", "\(cancelled)"),
            ("mean rating", Self.rating(meanRating)),
            ("follow-up rate", percent(followUpRate)),
        ]
        body += "<div class=\"cards\">" + cards.map { "<div class=\"card\"><b>\(esc($0.1))</b>\(esc($0.0))</div>" }.joined() + "</div>\n"
        if let note = erasedNote { body += "<p class=\"sub\">\(esc(note.prefix(1).uppercased() + note.dropFirst())).</p>\n" }
        body += "<h2>Charts</h2>\n<div class=\"charts\">\n"
        body += HTMLAgenda.bars(title: "Meetings by outcome", labels: ["held", "no-show", "cancelled"],
                                values: [Double(held), Double(noShowMeetings), Double(cancelled)], capacity: nil, xLabel: "outcome", color: "#3b6fb6")
        body += HTMLAgenda.bars(title: "Ratings given at held meetings", labels: (1...5).map(String.init),
                                values: ratingCounts.map(Double.init), capacity: nil, xLabel: "rating", color: "#2f8f6b")
        body += HTMLAgenda.bars(title: "Follow-up rate (%) by score decile of held meetings", labels: deciles.map { "\($0.decile)" },
                                values: deciles.map { ($0.followUpRate ?? 0) * 100 }, capacity: nil,  // a 100 % bar behind a 0 % decile read as 100 %
                                xLabel: "score decile (1 = lowest scores)", color: "#b86b2f", scale: 100,
                                valueLabels: deciles.map { $0.followUpRate.map { HTMLAgenda.fmt($0 * 100) + " %" } ?? "–" })
        body += "</div>\n"
        if let note = fewMeetingsNote { body += "<p class=\"sub\">\(esc(note))</p>\n" }
        body += "<h2>By score decile</h2>\n<table>\n<thead><tr><th class=\"num\">Decile</th><th class=\"num\">Meetings</th><th class=\"num\">Scores</th><th class=\"num\">Followed up</th><th class=\"num\">Rate</th><th class=\"num\">Mean rating</th></tr></thead>\n<tbody>\n"
        for d in deciles {
            let scores = d.meetings > 0 ? "\(Self.cell(d.minScore)) – \(Self.cell(d.maxScore))" : ""
            body += "<tr><td class=\"num\">\(d.decile)</td><td class=\"num\">\(d.meetings)</td><td class=\"num\">\(scores)</td><td class=\"num\">\(d.followedUp)</td><td class=\"num\">\(percent(d.followUpRate))</td><td class=\"num\">\(Self.rating(d.meanRating))</td></tr>\n"
        }
        body += "</tbody>\n</table>\n"
        if !noShowParticipants.isEmpty {
            body += "<h2>Participants with a no-show (\(noShowParticipants.count))</h2>\n<table>\n<thead><tr><th>Participant</th><th>Id</th><th class=\"num\">Meetings missed</th><th>Which</th></tr></thead>\n<tbody>\n"
            for id in noShowParticipants {
                let which = (missedMeetings[id] ?? []).map { m in
                    let partner = m.a == id ? m.b : m.a
                    return "with \(esc(names[partner] ?? partner)), \(esc(when(m)))"
                }.joined(separator: "<br>")
                body += "<tr><td>\(esc(names[id] ?? "–"))</td><td>\(esc(id))</td><td class=\"num\">\(missedMeetings[id]?.count ?? 0)</td><td>\(which)</td></tr>\n"
            }
            body += "</tbody>\n</table>\n<p class=\"sub\">At the next event they are suggested with lower priority.</p>\n"
        }
        // Name over id, so that the comment keeps the width.
        func who(_ id: String) -> String {
            names[id].map { "\(esc($0))<br><span class=\"sub\">\(esc(id))</span>" } ?? esc(id)
        }
        if !cancelledMeetings.isEmpty {
            body += "<h2>Cancelled meetings (\(cancelled))</h2>\n<table>\n<thead><tr><th>When</th><th>Participant</th><th>Participant</th></tr></thead>\n<tbody>\n"
            for c in cancelledMeetings {
                body += "<tr><td>\(esc(when(c)))</td><td>\(who(c.a))</td><td>\(who(c.b))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        if !comments.isEmpty {
            body += "<h2>Comments (\(comments.count))</h2>\n<table>\n<thead><tr><th>From</th><th>On the meeting with</th><th class=\"num\">Rating</th><th>Follow-up</th><th style=\"width:40%\">Comment</th></tr></thead>\n<tbody>\n"
            for c in comments {
                let followUp = c.followUp.map { $0 ? "yes" : "no" } ?? "–"
                body += "<tr><td>\(who(c.participant))</td><td>\(who(c.partner))</td><td class=\"num\">\(c.rating.map(String.init) ?? "–")</td><td>\(followUp)</td><td class=\"comment\">\(esc(c.text))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n"
        }
        return HTMLAgenda.page("\(name) – meeting outcomes", body)
    }
}
