import CSV
import EventPlanner
import JSONSupport
import MatchCore

/// What happened at an event's meetings, for its organisers: meetings held, no-shows,
/// ratings, follow-ups, and the follow-up rate by score decile (did higher scores lead to
/// better meetings?). Built from the stored outcomes alone.
package struct OutcomeReport: Sendable {
    /// One tenth of the held meetings, by the planner's score.
    package struct Decile: Sendable, Hashable {
        /// 1 (lowest scores) … 10 (highest).
        package var decile: Int
        package var meetings: Int
        package var minScore: Double?
        package var maxScore: Double?
        /// Meetings that some side followed up.
        package var followedUp: Int
        package var ratings: Int
        package var meanRating: Double?

        package var followUpRate: Double? { meetings > 0 ? Double(followedUp) / Double(meetings) : nil }
    }

    /// A comment a side left on a meeting.
    package struct Comment: Sendable, Hashable {
        package var uid: String
        package var participant: String
        package var partner: String
        package var attended: Bool?
        package var rating: Int?
        package var followUp: Bool?
        package var text: String
    }

    package var event: String
    package var meetings: Int
    package var held: Int
    /// Meetings at which at least one side did not come.
    package var noShowMeetings: Int
    package var cancelled: Int
    /// The meetings that did not take place (neither side says whether it came), by time,
    /// then uid: the same report whatever the order of the outcomes.
    package var cancelledMeetings: [MeetingOutcome]
    /// Sides that did not come (a meeting where both stayed away counts twice).
    package var noShows: Int
    /// Who did not come to at least one meeting, by id.
    package var noShowParticipants: [String]
    /// The meetings each of them did not come to, by start then uid.
    package var missedMeetings: [String: [MeetingOutcome]]
    /// Ratings given at held meetings: count of 1s … 5s.
    package var ratingCounts: [Int]
    /// Held meetings that some side followed up.
    package var followedUp: Int
    /// Held meetings, sides' follow-up answers: yes, no, not said.
    package var followUpAnswers: (yes: Int, no: Int, unknown: Int)
    package var deciles: [Decile]
    /// Comments left, in the outcomes' order (slot, table), side `a` then `b`.
    package var comments: [Comment]
    /// Participants' names, where known (the report names people by name and id).
    package var names: [String: String]
    /// The event's time zone (`Europe/Copenhagen`) when the database holds the event: cancelled
    /// meetings then show their local start time, not only day and slot.
    package var timezone: String?
    /// How many participants were erased (`participants delete`) from the event's outcomes:
    /// their meetings are left out of every figure, which the report says (without names).
    package var erasedParticipants = 0

    package var ratings: Int { ratingCounts.reduce(0, +) }
    package var meanRating: Double? {
        ratings > 0 ? Double(ratingCounts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }) / Double(ratings) : nil
    }
    package var followUpRate: Double? { held > 0 ? Double(followedUp) / Double(held) : nil }

    /// - Parameters:
    ///   - outcomes: one event's outcomes.
    ///   - names: participants' names by id, where known.
    /// - Complexity: O(n log n) for n meetings (the deciles sort).
    /// `HH:MM` of a meeting's start in the event's zone; nil when the zone is not known.
    func localTime(_ m: MeetingOutcome) -> String? {
        timezone.map { EventTime.clock(m.start, zone: EventTime.zone($0)) }
    }

    /// When a meeting was: `2026-03-10 09:40 (slot s03)`, or `2026-03-10 slot s03` without the zone.
    func when(_ m: MeetingOutcome) -> String {
        localTime(m).map { "\(m.date) \($0) (slot \(m.slot))" } ?? "\(m.date) slot \(m.slot)"
    }

    package init(event: String, outcomes: [MeetingOutcome], names: [String: String] = [:], timezone: String? = nil) {
        self.event = event
        self.names = names
        self.timezone = timezone
        comments = outcomes.flatMap { m in
            m.sides.compactMap { s in
                s.comment.map { Comment(uid: m.uid, participant: s.participant, partner: s.participant == m.a ? m.b : m.a,
                                        attended: s.attended, rating: s.rating, followUp: s.followUp, text: $0) }
            }
        }
        meetings = outcomes.count
        let held = outcomes.filter { $0.status == .held }
        self.held = held.count
        noShowMeetings = outcomes.filter { $0.status == .noShow }.count
        cancelledMeetings = outcomes.filter { $0.status == .cancelled }.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
        cancelled = cancelledMeetings.count
        noShows = outcomes.reduce(0) { $0 + $1.noShows.count }
        noShowParticipants = Set(outcomes.flatMap(\.noShows)).sorted()
        missedMeetings = outcomes.sorted { ($0.start, $0.uid) < ($1.start, $1.uid) }
            .reduce(into: [:]) { by, m in for id in m.noShows { by[id, default: []].append(m) } }
        var counts = [Int](repeating: 0, count: 5)
        var answers = (yes: 0, no: 0, unknown: 0)
        for m in held {
            for r in m.ratings { counts[r - 1] += 1 }
            for s in m.sides {
                switch s.followUp {
                case true?: answers.yes += 1
                case false?: answers.no += 1
                case nil: answers.unknown += 1
                }
            }
        }
        ratingCounts = counts
        followUpAnswers = answers
        followedUp = held.filter(\.followedUp).count
        // Deciles by rank: the i-th of n held meetings (ascending score, then uid) is in
        // decile ⌊10 i / n⌋ + 1, so deciles differ in size by at most one.
        let ranked = held.sorted { ($0.score, $0.uid) < ($1.score, $1.uid) }
        var bins = [[MeetingOutcome]](repeating: [], count: 10)
        for (i, m) in ranked.enumerated() { bins[i * 10 / ranked.count].append(m) }
        deciles = bins.enumerated().map { d, list in
            let ratings = list.flatMap(\.ratings)
            return Decile(decile: d + 1, meetings: list.count, minScore: list.first?.score, maxScore: list.last?.score,
                          followedUp: list.filter(\.followedUp).count, ratings: ratings.count,
                          meanRating: ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count))
        }
    }

    static func number(_ x: Double?) -> JSONValue { x.map { .double(Format.rounded($0)) } ?? .null }

    /// The report as JSON (the `event.outcomeReport` result).
    package var json: JSONValue {
        var o = JSONObject()
        o["event"] = .string(event)
        if erasedParticipants > 0 { o["erasedParticipants"] = .int(Int64(erasedParticipants)) }
        o["meetings"] = .object(JSONObject([("recorded", .int(Int64(meetings))), ("held", .int(Int64(held))),
                                            ("noShow", .int(Int64(noShowMeetings))), ("cancelled", .int(Int64(cancelled)))]))
        o["noShows"] = .object(JSONObject([("sides", .int(Int64(noShows))),
                                           ("participants", .array(noShowParticipants.map { .string($0) })),
                                           ("named", .array(noShowParticipants.map { id in
                                               .object(JSONObject([("id", .string(id)), ("name", names[id].map(JSONValue.string) ?? .null),
                                                                   ("meetings", .int(Int64(missedMeetings[id]?.count ?? 0))),
                                                                   ("missed", .array((missedMeetings[id] ?? []).map { m in
                                                                       let partner = m.a == id ? m.b : m.a
                                                                       return .object(JSONObject([
                                                                           ("uid", .string(m.uid)), ("slot", .string(m.slot)), ("date", .string(m.date)),
                                                                           ("time", localTime(m).map(JSONValue.string) ?? .null),
                                                                           ("partner", .string(partner)), ("partnerName", names[partner].map(JSONValue.string) ?? .null)]))
                                                                   }))]))
                                           }))]))
        o["cancelledMeetings"] = .array(cancelledMeetings.map { c in
            .object(JSONObject([("uid", .string(c.uid)), ("slot", .string(c.slot)), ("date", .string(c.date)),
                                ("time", localTime(c).map(JSONValue.string) ?? .null),
                                ("a", .string(c.a)), ("aName", names[c.a].map(JSONValue.string) ?? .null),
                                ("b", .string(c.b)), ("bName", names[c.b].map(JSONValue.string) ?? .null)]))
        })
        o["ratings"] = .object(JSONObject([("count", .int(Int64(ratings))), ("mean", Self.number(meanRating)),
                                           ("distribution", .object(JSONObject((1...5).map { ("\($0)", .int(Int64(ratingCounts[$0 - 1]))) })))]))
        o["followUps"] = .object(JSONObject([("meetings", .int(Int64(followedUp))), ("rate", Self.number(followUpRate)),
                                             ("yes", .int(Int64(followUpAnswers.yes))), ("no", .int(Int64(followUpAnswers.no))),
                                             ("unknown", .int(Int64(followUpAnswers.unknown)))]))
        o["byScoreDecile"] = .array(deciles.map { d in
            .object(JSONObject([("decile", .int(Int64(d.decile))), ("meetings", .int(Int64(d.meetings))),
                                ("minScore", Self.number(d.minScore)), ("maxScore", Self.number(d.maxScore)),
                                ("followUps", .int(Int64(d.followedUp))), ("followUpRate", Self.number(d.followUpRate)),
                                ("ratings", .int(Int64(d.ratings))), ("meanRating", Self.number(d.meanRating))]))
        })
        o["comments"] = .array(comments.map { c in
            .object(JSONObject([("uid", .string(c.uid)), ("participant", .string(c.participant)),
                                ("name", names[c.participant].map(JSONValue.string) ?? .null), ("partner", .string(c.partner)),
                                ("partnerName", names[c.partner].map(JSONValue.string) ?? .null),
                                ("rating", c.rating.map { .int(Int64($0)) } ?? .null),
                                ("followUp", c.followUp.map { .string($0 ? "yes" : "no") } ?? .null), ("comment", .string(c.text))]))
        })
        return .object(o)
    }

    /// `Name (id)`, or the id when the name is not known.
    package func named(_ id: String) -> String { names[id].map { "\($0) (\(id))" } ?? id }

    /// `1 meeting`, `2 meetings`.
    static func count(_ n: Int, _ one: String, _ many: String? = nil) -> String { "\(n) \(n == 1 ? one : many ?? one + "s")" }

    /// One row per comment: who said it, on which meeting, with what rating.
    package var commentsCSV: String {
        CSVWriter.render(header: ["uid", "participant", "name", "partner", "partnerName", "rating", "followUp", "comment"],
                         rows: comments.map { c in
                             [c.uid, c.participant, names[c.participant] ?? "", c.partner, names[c.partner] ?? "",
                              c.rating.map(String.init) ?? "", c.followUp.map { $0 ? "yes" : "no" } ?? "", c.text]
                         })
    }

    static func cell(_ x: Double?) -> String { x.map { Format.score($0) } ?? "" }

    /// Below this many held meetings the deciles hold a handful each: their rates swing
    /// between 0 and 100 % by chance, and the report says so.
    static let fewForDeciles = 50

    /// The caution under the decile chart and table, nil with enough held meetings.
    var fewMeetingsNote: String? {
        guard held > 0, held < Self.fewForDeciles else { return nil }
        let most = deciles.map(\.meetings).max() ?? 0
        return "Only \(Self.count(held, "held meeting")) (at most \(most) a decile): too few for the deciles to show a trend; read them as examples."
    }

    /// A mean rating for people: one decimal (`3.9`); files keep `cell`'s four.
    static func rating(_ x: Double?) -> String { x.map { String(format: "%.1f", ($0 * 10).rounded() / 10) } ?? "–" }

    /// A rate for people: a whole percentage, rounded half away from zero as the HTML's
    /// two decimals are (5/8 is `63 %`, not printf's `62 %`).
    static func rate(_ x: Double?) -> String { x.map { "\(Int((100 * $0).rounded())) %" } ?? "–" }

    /// The headline figures as `metric,value` rows.
    package var summaryCSV: String {
        var rows: [[String]] = [
            ["meetings", "\(meetings)"], ["held", "\(held)"], ["no-show meetings", "\(noShowMeetings)"], ["cancelled", "\(cancelled)"],
            ["no-shows (sides)", "\(noShows)"], ["participants with a no-show", "\(noShowParticipants.count)"],
            ["ratings", "\(ratings)"], ["mean rating", Self.cell(meanRating)],
        ]
        rows += (1...5).map { ["rating \($0)", "\(ratingCounts[$0 - 1])"] }
        rows += [["meetings followed up", "\(followedUp)"], ["follow-up rate", Self.cell(followUpRate)]]
        rows.append(["comments", "\(comments.count)"])  // rows read by position keep theirs: new ones go after
        if erasedParticipants > 0 { rows.append(["participants erased (meetings left out)", "\(erasedParticipants)"]) }
        return CSVWriter.render(header: ["metric", "value"], rows: rows)
    }

    /// One row per score decile of the held meetings.
    package var decilesCSV: String {
        CSVWriter.render(header: ["decile", "meetings", "minScore", "maxScore", "followUps", "followUpRate", "ratings", "meanRating"],
                         rows: deciles.map { d in
                             ["\(d.decile)", "\(d.meetings)", Self.cell(d.minScore), Self.cell(d.maxScore), "\(d.followedUp)",
                              Self.cell(d.followUpRate), "\(d.ratings)", Self.cell(d.meanRating)]
                         })
    }

    /// For terminals: the headline figures and the deciles.
    package var table: String {
        var out = "Outcomes of \(event): \(Self.count(meetings, "meeting")) recorded, \(held) held, \(noShowMeetings) with a no-show, \(cancelled) cancelled\n"
        out += "no-shows: \(Self.count(noShows, "side")) (\(Self.count(noShowParticipants.count, "participant"))); \(Self.count(ratings, "rating")), mean \(Self.rating(meanRating)); "
        out += "followed up: \(followedUp) of \(held) held\n"
        if let note = erasedNote { out += note + "\n" }
        if !noShowParticipants.isEmpty {
            let shown = noShowParticipants.prefix(10).map(named).joined(separator: ", ")
            out += "did not come: \(shown)\(noShowParticipants.count > 10 ? ", … (\(noShowParticipants.count) in all)" : "")\n"
        }
        if !cancelledMeetings.isEmpty {
            // One meeting a line: a pair of long names does not fit beside another.
            out += "cancelled: \(cancelled)\n"
            for c in cancelledMeetings.prefix(10) { out += "  \(when(c)): \(named(c.a)) – \(named(c.b))\n" }
            if cancelled > 10 { out += "  … (\(cancelled) in all)\n" }
        }
        if !comments.isEmpty { out += "\(Self.count(comments.count, "comment")): with --out, in outcome-comments.csv and outcome-report.html\n" }
        out += "\n"
        if let note = fewMeetingsNote { out += note + "\n" }
        out += TextTable.render(header: ["decile", "meetings", "scores", "follow-ups", "rate", "mean rating"], rows: deciles.map { d in
            ["\(d.decile)", "\(d.meetings)", d.meetings > 0 ? "\(Self.cell(d.minScore))–\(Self.cell(d.maxScore))" : "",
             "\(d.followedUp)", d.meetings > 0 ? Self.rate(d.followUpRate) : "", d.ratings > 0 ? Self.rating(d.meanRating) : ""]
        }, rightAligned: [0, 1, 3, 4, 5])
        return out
    }

    /// Why figures are lower than the sheet imported: meetings of erased participants.
    var erasedNote: String? {
        erasedParticipants == 0 ? nil
            : "the meetings of \(Self.count(erasedParticipants, "participant")) erased since (participants delete) are left out of every figure"
    }

    /// The files `event outcome-report --out` writes.
    package func files(name: String) -> [(name: String, content: String)] {
        [("outcome-report.html", html(name: name)), ("outcome-report.json", json.serialized(pretty: true) + "\n"),
         ("outcome-summary.csv", summaryCSV), ("outcome-deciles.csv", decilesCSV), ("outcome-comments.csv", commentsCSV)]
    }
}
