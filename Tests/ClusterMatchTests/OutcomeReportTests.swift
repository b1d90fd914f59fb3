import EventPlanner
import Foundation
import JSONSupport
@testable import Reports
import Testing

/// The outcome report's figures against counts made here by brute force.
@Suite("outcome report")
struct OutcomeReportTests {
    @Test(arguments: [3, 10, 47, 70, 100])
    func decilesSplitHeldMeetingsByScoreIntoNearlyEqualOrderedGroups(held: Int) {
        var seed = UInt64(held) &* 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return seed >> 33 }
        var outcomes: [MeetingOutcome] = []
        for i in 0..<(held + 7) {
            let kind = i < held ? 0 : Int(next() % 2) + 1  // held, then no-shows and cancelled
            let score = Double(next() % 20) / 20  // ties on purpose
            let attended: (Bool?, Bool?) = kind == 0 ? (true, true) : kind == 1 ? (true, false) : (nil, nil)
            let follow: Bool? = kind == 0 ? [true, false, nil][Int(next() % 3)] : nil
            let rating: Int? = kind == 0 && next() % 2 == 0 ? Int(next() % 5) + 1 : nil
            outcomes.append(MeetingOutcome(event: "e", uid: "m\(1000 + i)", a: "p\(i)", b: "q\(i)", slot: "s1", start: 0, date: "2026-01-01", score: score,
                                           sides: [OutcomeSide(participant: "p\(i)", attended: attended.0, rating: rating, followUp: follow),
                                                   OutcomeSide(participant: "q\(i)", attended: attended.1)]))
        }
        let report = OutcomeReport(event: "e", outcomes: Array(outcomes.reversed()))
        let heldList = outcomes.filter { $0.sides.allSatisfy { $0.attended == true } }
        #expect(report.held == heldList.count)
        #expect(report.meetings == outcomes.count)
        #expect(report.noShowMeetings + report.cancelled == 7)
        #expect(report.noShows == report.noShowMeetings)
        #expect(report.followedUp == heldList.filter { $0.sides[0].followUp == true }.count)
        #expect(report.ratingCounts == (1...5).map { r in heldList.filter { $0.sides[0].rating == r }.count })
        let sizes = report.deciles.map(\.meetings)
        #expect(sizes.reduce(0, +) == held)
        let nonEmpty = sizes.filter { $0 > 0 }
        #expect((nonEmpty.max() ?? 0) - (nonEmpty.min() ?? 0) <= 1)
        #expect(nonEmpty.count == min(10, held))
        // Ordered: every score of a decile is at most every score of a later one.
        let ranges = report.deciles.filter { $0.meetings > 0 }
        for (x, y) in zip(ranges, ranges.dropFirst()) { #expect(x.maxScore! <= y.minScore!) }
        // Brute force: the members of each decile are the meetings of ranks in its share.
        let ranked = heldList.sorted { ($0.score, $0.uid) < ($1.score, $1.uid) }
        for d in report.deciles where d.meetings > 0 {
            let members = ranked.enumerated().filter { i, _ in Double(i) >= Double(held) * Double(d.decile - 1) / 10 && Double(i) < Double(held) * Double(d.decile) / 10 }.map(\.element)
            #expect(members.count == d.meetings)
            #expect(d.followedUp == members.filter(\.followedUp).count)
            let ratings = members.compactMap { $0.sides[0].rating }
            #expect(d.ratings == ratings.count)
            if !ratings.isEmpty { #expect(abs(d.meanRating! - Double(ratings.reduce(0, +)) / Double(ratings.count)) < 1e-12) }
        }
        // Each bar says its value: the held count, and each decile's rate or "–" when it holds no meeting.
        let html = report.html(name: "E")
        #expect(html.contains(">\(report.held)</text>"))
        for d in report.deciles {
            let label = d.followUpRate.map { (($0 * 1000).rounded() / 10 == ($0 * 100).rounded() ? "\(Int(($0 * 100).rounded()))" : "\(($0 * 1000).rounded() / 10)") + " %" } ?? "–"
            #expect(html.contains(">\(label)</text>"), "decile \(d.decile): \(label)")
            // The table's rate is rounded to two decimals, not cut: 3/7 is 42.86 %, not 42.85 %.
            if let rate = d.followUpRate {
                // Worked in whole hundredths of a percent (printf would round exact halves to even).
                let hundredths = Int((rate * 10_000).rounded())
                let cell = "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) %"
                #expect(html.contains("<td class=\"num\">\(cell)</td>"), "decile \(d.decile): \(cell)")
            }
        }
        // Byte-identical output whatever the input order.
        #expect(OutcomeReport(event: "e", outcomes: outcomes).html(name: "E") == report.html(name: "E"))
        #expect(OutcomeReport(event: "e", outcomes: outcomes).json.serialized() == report.json.serialized())
    }

    /// Figures for people round half away from zero, as the HTML's two decimals do; printf
    /// rounds an exact half to even (62.5 → "62", 3.25 → "3.2").
    @Test func ratesAndRatingsRoundHalvesUp() {
        #expect(OutcomeReport.rate(5.0 / 8) == "63 %" && OutcomeReport.rate(3.0 / 8) == "38 %" && OutcomeReport.rate(2.0 / 3) == "67 %")
        #expect(OutcomeReport.rate(0) == "0 %" && OutcomeReport.rate(1) == "100 %" && OutcomeReport.rate(nil) == "–")
        #expect(OutcomeReport.rating(13.0 / 4) == "3.3" && OutcomeReport.rating(3.0) == "3.0")
        #expect(ScheduleReport.percent(28.0 / 73) == "38.36 %" && ScheduleReport.percent(1.0 / 8) == "12.50 %")
        // 1/32 is 3.125 % exactly: half away from zero, where printf's %.2f gives 3.12.
        #expect(ScheduleReport.percent(1.0 / 32) == "3.13 %" && ScheduleReport.percent(3.0 / 7) == "42.86 %")
    }

    /// A cancelled meeting shows its local start when the event's zone is known (the event
    /// is stored), else day and slot: 2026-07-01 07:40 UTC is 09:40 in Copenhagen (summer time).
    @Test func cancelledMeetingsShowTheirLocalTimeWhereTheZoneIsKnown() {
        let start: Int64 = 1_782_891_600  // 2026-07-01T07:40:00Z
        let cancelled = MeetingOutcome(event: "e", uid: "m1", a: "p", b: "q", slot: "s03", start: start, date: "2026-07-01", score: 0.5,
                                       sides: [OutcomeSide(participant: "p", attended: nil), OutcomeSide(participant: "q", attended: nil)])
        let zoned = OutcomeReport(event: "e", outcomes: [cancelled], timezone: "Europe/Copenhagen")
        #expect(zoned.table.contains("  2026-07-01 09:40 (slot s03): p – q\n"))
        #expect(zoned.html(name: "E").contains("<td>2026-07-01 09:40 (slot s03)</td>"))
        #expect(zoned.json["cancelledMeetings"]?.arrayValue?.first?["time"] == "09:40")
        let plain = OutcomeReport(event: "e", outcomes: [cancelled])
        #expect(plain.table.contains("  2026-07-01 slot s03: p – q\n"))
        #expect(plain.json["cancelledMeetings"]?.arrayValue?.first?["time"] == .null)
    }
}
