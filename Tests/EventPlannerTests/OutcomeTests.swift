import Foundation
import Testing
@testable import EventPlanner
import MatchCore

/// The outcomes file (`OutcomeFile`), meeting status, history records and the planner's
/// rules about earlier meetings (`EarlierMeetings`).
@Suite("meeting outcomes")
struct OutcomeTests {
    /// A planned schedule of five people in Copenhagen; the last slot starts at 23:50 local
    /// time on 10 March, 22:50 UTC, and the second-to-last at 00:10 on 11 March (23:10 UTC).
    static func schedule() -> Schedule {
        let people = ["a", "b", "c", "d", "e"].map { EventParticipant(id: $0) }
        let start: Int64 = 1_773_129_600  // 2026-03-10T08:00:00Z
        let slots = [EventSlot(id: "s1", start: start, minutes: 20), EventSlot(id: "s2", start: start + 1200, minutes: 20),
                     EventSlot(id: "late", start: start + 14 * 3600 + 3000, minutes: 20),
                     EventSlot(id: "night", start: start + 15 * 3600 + 600, minutes: 20)]
        let cands = [Candidate(a: "a", b: "b", score: 0.9), Candidate(a: "c", b: "d", score: 0.7), Candidate(a: "a", b: "c", score: 0.5),
                     Candidate(a: "b", b: "e", score: 0.3)]
        let event = Event(id: "ev1", name: "Event one", timezone: "Europe/Copenhagen", slots: slots, tables: [2, 2, 2, 2],
                          participants: people, candidates: .explicit(cands), options: PlannerOptions(fairness: 0))
        return Planner.plan(event, candidates: cands)
    }

    static func uid(_ s: Schedule, _ a: String, _ b: String) -> String {
        s.meetings.first { $0.a == a && $0.b == b }!.uid
    }

    @Test func aMeetingIsHeldWhenBothCameANoShowWhenOneDidNotAndCancelledWhenNobodySaid() throws {
        let s = Self.schedule()
        #expect(s.meetings.count == 4)
        let ab = Self.uid(s, "a", "b"), cd = Self.uid(s, "c", "d"), ac = Self.uid(s, "a", "c"), be = Self.uid(s, "b", "e")
        let csv = """
            uid,participant,attended,rating,followUp,comment
            \(ab),a,yes,5,yes,"great, really"
            \(ab),b,Yes,4,,
            \(cd),c,yes,3,no,
            \(cd),d,no,,,
            \(ac),a,,,,
            \(ac),c,,,,

            """
        let outcomes = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: csv), schedule: s)
        #expect(outcomes.map(\.uid) == s.meetings.map(\.uid).filter { $0 != be })
        let byPair = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.a + $0.b, $0) })
        #expect(byPair["ab"]?.status == .held)
        #expect(byPair["cd"]?.status == .noShow)
        #expect(byPair["cd"]?.noShows == ["d"])
        #expect(byPair["ac"]?.status == .cancelled)
        #expect(byPair["ab"]?.ratings == [5, 4])
        #expect(byPair["ab"]?.followedUp == true)
        #expect(byPair["cd"]?.followedUp == false)
        #expect(byPair["ab"]?.sides[0].comment == "great, really")
        // Dates are the slot's date in the event's zone, not in UTC.
        let zone = TimeZone(identifier: "Europe/Copenhagen")!
        #expect(EventTime.date(s.slot("late")!.start, zone: zone) == "2026-03-10")
        #expect(EventTime.date(s.slot("night")!.start, zone: zone) == "2026-03-11")
        #expect(EventTime.date(s.slot("night")!.start, zone: TimeZone(identifier: "UTC")!) == "2026-03-10")
        let night = s.meetings.first { $0.slot == "night" }
        let late = s.meetings.first { $0.slot == "late" }
        for o in outcomes {
            if o.uid == night?.uid { #expect(o.date == "2026-03-11") }
            if o.uid == late?.uid { #expect(o.date == "2026-03-10") }
            if o.slot == "s1" || o.slot == "s2" { #expect(o.date == "2026-03-10") }
        }
    }

    @Test func jsonGivesTheSameOutcomesAsCSV() throws {
        let s = Self.schedule()
        let ab = Self.uid(s, "a", "b"), cd = Self.uid(s, "c", "d")
        let csv = "uid,participant,attended,rating,followUp,comment\n\(ab),a,yes,5,yes,ok\n\(ab),b,yes,,no,\n\(cd),c,no,,,\n\(cd),d,yes,2,,\n"
        let json = """
            [{"uid": "\(ab)", "participant": "a", "attended": "yes", "rating": 5, "followUp": true, "comment": "ok"},
             {"uid": "\(ab)", "participant": "b", "attended": true, "rating": null, "followUp": "no"},
             {"uid": "\(cd)", "participant": "c", "attended": false},
             {"uid": "\(cd)", "participant": "d", "attended": "yes", "rating": "2", "followUp": "", "comment": null}]
            """
        let fromCSV = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: csv), schedule: s)
        let semicolons = csv.replacingOccurrences(of: ",", with: ";")  // as a Danish spreadsheet saves it
        #expect(try OutcomeFile.outcomes(try OutcomeFile.rows(csv: semicolons), schedule: s) == fromCSV)
        let fromJSON = try OutcomeFile.outcomes(try OutcomeFile.rows(json: Array(json.utf8)), schedule: s)
        #expect(fromCSV == fromJSON)
        #expect(fromCSV.count == 2)
    }

    @Test func theTemplateHasTwoRowsPerMeetingAndReadsBackAsCancelled() throws {
        let s = Self.schedule()
        let text = OutcomeFile.template(s)
        let lines = text.split(whereSeparator: \.isNewline)
        #expect(lines.first == "uid,participant,attended,rating,followUp,comment")
        #expect(lines.count == 1 + 2 * s.meetings.count)
        #expect(lines[1] == "\(s.meetings[0].uid),\(s.meetings[0].a),,,,")
        #expect(lines[2] == "\(s.meetings[0].uid),\(s.meetings[0].b),,,,")
        let outcomes = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: text), schedule: s)
        #expect(outcomes.count == s.meetings.count)
        #expect(outcomes.allSatisfy { $0.status == .cancelled })
    }

    /// Ids a spreadsheet would take for formulas are written as text (an apostrophe before
    /// them) and read back as the ids they are: the sheet goes round trip.
    @Test func idsThatLookLikeFormulasGoRoundTripThroughTheTemplate() throws {
        let people = ["-1+2", "=cmd", "@x", "plain"].map { EventParticipant(id: $0) }
        let cands = [Candidate(a: "-1+2", b: "=cmd", score: 0.9), Candidate(a: "@x", b: "plain", score: 0.5)]
        let event = Event(id: "ev2", name: "Formulas", timezone: "UTC", slots: [EventSlot(id: "s1", start: 1_773_129_600, minutes: 20)],
                          tables: [2], participants: people, candidates: .explicit(cands), options: PlannerOptions(fairness: 0))
        let s = Planner.plan(event, candidates: cands)
        #expect(s.meetings.count == 2)
        let text = OutcomeFile.template(s)
        #expect(text.contains(",'-1+2,") && text.contains(",'=cmd,") && text.contains(",'@x,"), "\(text)")
        let filled = text.split(whereSeparator: \.isNewline).enumerated().map { k, line in
            k == 0 ? String(line) : String(line.dropLast(3)) + "yes,4,,'=ok"
        }.joined(separator: "\n")
        let outcomes = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: filled), schedule: s)
        #expect(Set(outcomes.flatMap { [$0.a, $0.b] }) == ["-1+2", "=cmd", "@x", "plain"])
        #expect(outcomes.allSatisfy { $0.status == .held && $0.sides.allSatisfy { $0.comment == "=ok" } })
    }

    /// Each bad row: the line, field and value named, and why.
    @Test(arguments: [
        ("{ab},a,maybe,,,", "line 2: attended \"maybe\": must be yes, no or empty"),
        ("{ab},a,yes,7,,", "line 2: rating \"7\": must be a whole number from 1 to 5, or empty"),
        ("{ab},a,yes,4.5,,", "line 2: rating \"4.5\": must be a whole number from 1 to 5, or empty"),
        ("{ab},a,no,3,,", "line 2: rating \"3\": given, but attended is no: only a participant who came rates the meeting"),
        ("{ab},a,,,yes,", "line 2: followUp \"yes\": given, but attended is empty: only a participant who came follows up"),
        ("{ab},a,yes,,often,", "line 2: followUp \"often\": must be yes, no or empty"),
        ("nope,a,yes,,,", "line 2: uid \"nope\": no meeting of event \"ev1\" (revision 1) has this uid"),
        ("{ab},c,yes,,,", "line 2: participant \"c\": is not in this meeting; it is between a and b"),
        (",a,yes,,,", "line 2: uid \"\": must not be empty"),
        ("{ab},a,yes,,,,extra", "line 2: row \"{ab},a,yes,,,,extra\": has 7 fields, the header 6"),
    ])
    func aBadRowIsNamedByLineFieldAndValue(row: String, message: String) throws {
        let s = Self.schedule()
        let ab = Self.uid(s, "a", "b")
        let csv = "uid,participant,attended,rating,followUp,comment\n" + row.replacingOccurrences(of: "{ab}", with: ab) + "\n\(ab),b,yes,,,\n"
        do {
            _ = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: csv), schedule: s)
            Issue.record("no error for \(row)")
        } catch {
            #expect(error.issues.first?.description == message.replacingOccurrences(of: "{ab}", with: ab))
        }
    }

    @Test func sidesMustBothBeThereOnceAndAgreeOnWhetherTheMeetingTookPlace() throws {
        let s = Self.schedule()
        let ab = Self.uid(s, "a", "b"), cd = Self.uid(s, "c", "d"), ac = Self.uid(s, "a", "c")
        let csv = """
            uid,participant,attended,rating,followUp,comment
            \(ab),a,yes,,,
            \(cd),c,yes,,,
            \(cd),d,,,,
            \(ac),a,yes,,,
            \(ac),c,yes,,,
            \(ac),c,no,,,
            \(ab),b,yes,,,
            """
        #expect(throws: OutcomeFileError.self) { _ = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: csv), schedule: s) }
        do { _ = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: csv), schedule: s) } catch {
            #expect(error.issues.map(\.description) == [
                "line 4: attended \"\": empty on this row only: say yes or no, or leave it empty on both rows of a cancelled meeting",
                "line 7: participant \"c\": a second row for this meeting and participant (the first is on line 6)",
            ])
        }
        let oneSided = "uid,participant,attended,rating,followUp,comment\n\(ab),a,yes,,,\n"
        do {
            _ = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: oneSided), schedule: s)
            Issue.record("a meeting with one side passed")
        } catch {
            #expect(error.issues.map(\.description) == ["line 2: uid \"\(ab)\": the meeting's other side, b, has no row; give one row per side"])
        }
    }

    @Test func anEmptyOrMalformedFileSaysSoWithoutAField() {
        do { _ = try OutcomeFile.rows(csv: "") ; Issue.record("empty file passed") } catch {
            #expect(error.description == "is empty; expected the header uid,participant,attended,rating,followUp,comment")
        }
        do { _ = try OutcomeFile.rows(json: Array(#"{"uid": 1}"#.utf8)); Issue.record("an object passed") } catch {
            #expect(error.issues.first?.line == 1)
            #expect(error.description.hasPrefix("line 1: unexpected character '{'"), "\(error.description)")
        }
        do { _ = try OutcomeFile.rows(csv: "uid,participant,attended\n\"x,a,yes\n"); Issue.record("an open quote passed") } catch {
            #expect(error.description.hasPrefix("line 2: "), "\(error.description)")
        }
    }

    /// A small file with a mistyped uid of this event is a row problem, not "another
    /// schedule"; a row without its participant is one problem, not two.
    @Test func aMistypedUidAndAMissingParticipantAreEachOneRowProblem() {
        let s = Self.schedule()
        let ab = Self.uid(s, "a", "b")
        let typo = "m" + String(repeating: "0", count: 32) + "." + s.event + "@clustermatch"
        let one = "uid,participant,attended,rating,followUp,comment\n\(typo),a,yes,,,\n"
        do { _ = try OutcomeFile.read(csv: one, schedule: s); Issue.record("a mistyped uid passed") } catch {
            #expect(error.issues.map(\.description) == ["line 2: uid \"\(typo)\": no meeting of event \"\(s.event)\" (revision \(s.revision)) has this uid"])
        }
        let missing = "uid,participant,attended,rating,followUp,comment\n\(ab),,yes,,,\n\(ab),b,yes,,,\n"
        do { _ = try OutcomeFile.read(csv: missing, schedule: s); Issue.record("a row without participant passed") } catch {
            #expect(error.issues.count == 1 && error.issues.first?.field == "participant", "\(error.issues.map(\.description))")
        }
    }

    @Test func aHeaderWithAnUnknownOrMissingColumnIsRefused() {
        let known = "the columns are uid,participant,attended,rating,followUp,comment (informational columns read past: name, participantName, organisation, partner, partnerName, partnerOrganisation, slot, date, start, end, table)"
        #expect(throws: OutcomeFileError.self) { _ = try OutcomeFile.rows(csv: "uid,participant,attended,score\n") }
        do { _ = try OutcomeFile.rows(csv: "uid,participant,score\n"); Issue.record("an unknown column passed") } catch {
            #expect(error.issues.map(\.description) == [
                "line 1: header \"score\": unknown column; \(known)",
                "line 1: header \"uid,participant,score\": the column attended is missing",
            ])
        }
        // The same column twice, once as a spreadsheet spells it.
        do { _ = try OutcomeFile.rows(csv: "uid,participant,attended,followUp,Follow-up\n"); Issue.record("a column given twice passed") } catch {
            #expect(error.issues.map(\.description) == ["line 1: header \"Follow-up\": column given twice (as followUp)"])
        }
        do { _ = try OutcomeFile.rows(json: Array(#"[{"uid": "x", "participant": "a", "attended": 1, "score": 3}]"#.utf8)); Issue.record("an unknown field passed") } catch {
            #expect(error.issues.map(\.description) == [
                "[0].score \"3\": unknown field; the fields are uid, participant, attended, rating, followUp, comment (informational fields read past: name, participantName, organisation, partner, partnerName, partnerOrganisation, slot, date, start, end, table)",
                "[0].attended \"1\": must be a string",
            ])
        }
        // A string value is quoted once, as written.
        do { _ = try OutcomeFile.rows(json: Array(#"[{"uid": "x", "participant": "a", "attended": "yes", "notes": "x"}]"#.utf8)); Issue.record("an unknown field passed") } catch {
            #expect(error.issues.first?.description.hasPrefix("[0].notes \"x\": unknown field") == true, "\(error.issues)")
        }
    }

    /// Headers as spreadsheets write them, and informational columns, read as the template's.
    @Test func headersAreMatchedIgnoringCaseSpacesDashesAndUnderscores() throws {
        let s = Self.schedule()
        let ab = Self.uid(s, "a", "b")
        let plain = try OutcomeFile.rows(csv: "uid,participant,attended,rating,followUp,comment\n\(ab),a,yes,4,yes,ok\n")
        let sheet = try OutcomeFile.rows(csv: "UID,Participant,Name,Partner Name,Attended,Rating,Follow-up,Comment\n\(ab),a,Anna,Bo,yes,4,yes,ok\n")
        #expect(sheet == plain)
        let json = try OutcomeFile.rows(json: Array(#"[{"UID": "\#(ab)", "Participant": "a", "partner": "b", "ATTENDED": "yes", "rating": "4", "follow_up": true, "Comment": "ok"}]"#.utf8))
        #expect(json.map(\.side) == plain.map(\.side))
        #expect(Meeting.event(fromUID: ab) == "ev1")
        #expect(Meeting.event(fromUID: "nope") == nil)
    }

    @Test func onlyHeldMeetingsBecomeHistoryDatedByTheirSlot() throws {
        let s = Self.schedule()
        let text = s.meetings.enumerated().map { i, m in
            i == 0 ? "\(m.uid),\(m.a),yes,,,\n\(m.uid),\(m.b),yes,,,"
                : i == 1 ? "\(m.uid),\(m.a),yes,,,\n\(m.uid),\(m.b),no,,,"
                : i == 2 ? "\(m.uid),\(m.a),,,,\n\(m.uid),\(m.b),,,,"
                : "\(m.uid),\(m.a),yes,,,\n\(m.uid),\(m.b),yes,,,"
        }.joined(separator: "\n")
        let outcomes = try OutcomeFile.outcomes(try OutcomeFile.rows(csv: "uid,participant,attended,rating,followUp,comment\n" + text), schedule: s)
        let records = MeetingOutcome.historyRecords(outcomes)
        let zone = TimeZone(identifier: "Europe/Copenhagen")!
        // Reference: held meetings straight from the schedule, dated with Foundation's calendar.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let expected = [s.meetings[0], s.meetings[3]].map { m -> HistoryPairRecord in
            let d = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(s.slot(m.slot)!.start)))
            let date = String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!)
            return HistoryPairRecord(a: m.a, b: m.b, kind: "meeting", date: date, weight: 1, source: "ev1")
        }.sorted { ($0.date, $0.a, $0.b) < ($1.date, $1.a, $1.b) }
        #expect(records == expected)
        #expect(records.first?.json.serialized() == #"{"a":"\#(expected[0].a)","b":"\#(expected[0].b)","kind":"meeting","date":"\#(expected[0].date)","weight":1,"source":"ev1"}"#)
    }

    // MARK: Planner rules

    static func outcome(_ event: String, _ a: String, _ b: String, start: Int64, _ attendedA: Bool?, _ attendedB: Bool?) -> MeetingOutcome {
        MeetingOutcome(event: event, uid: Meeting.uid(event: event, a: a, b: b), a: a, b: b, slot: "s1", start: start, date: EventTime.date(start, zone: TimeZone(identifier: "UTC")!),
                       score: 0.5, sides: [OutcomeSide(participant: a, attended: attendedA), OutcomeSide(participant: b, attended: attendedB)])
    }

    @Test func earlierMeetingsKnowWhoMetAndWhoStayedAwayAtTheirLastEvent() {
        let day: Int64 = 86_400
        let outcomes = [
            Self.outcome("old", "a", "b", start: 0, true, true),        // a–b met
            Self.outcome("old", "c", "d", start: 0, true, false),       // d stayed away at "old"…
            Self.outcome("new", "d", "e", start: 30 * day, true, true),  // …but came to "new", d's last event
            Self.outcome("new", "a", "f", start: 30 * day, false, true), // a stayed away at a's last event
            Self.outcome("new", "c", "g", start: 30 * day, nil, nil),    // cancelled: neither met nor a no-show
        ]
        let earlier = EarlierMeetings(outcomes: outcomes)
        #expect(Set(earlier.met.keys) == [EarlierMeetings.key("a", "b"), EarlierMeetings.key("d", "e")])
        #expect(earlier.met("b", "a") == EarlierMeetings.Met(event: "old", date: "1970-01-01"))
        #expect(earlier.noShows == ["a"])
    }

    /// A planted event: the best pair met before, so it is not suggested; a pair that met
    /// before with an accepted request is planned; one with a pending request is reported.
    @Test func aPairThatMetIsNotSuggestedAgainUnlessAnAcceptedRequestAsksForIt() {
        let people = ["a", "b", "c", "d", "e", "f"].map { EventParticipant(id: $0) }
        let slots = [EventSlot(id: "s1", start: 1_000_000, minutes: 20), EventSlot(id: "s2", start: 1_001_200, minutes: 20)]
        let cands = [Candidate(a: "a", b: "b", score: 0.95), Candidate(a: "a", b: "c", score: 0.2), Candidate(a: "b", b: "c", score: 0.3),
                     Candidate(a: "d", b: "e", score: 0.9), Candidate(a: "e", b: "f", score: 0.1), Candidate(a: "c", b: "f", score: 0.8)]
        let requests = [MeetingRequest(from: "e", to: "d", status: .accepted), MeetingRequest(from: "f", to: "c", status: .pending)]
        let event = Event(id: "now", name: "now", timezone: "UTC", slots: slots, tables: [3, 3], participants: people, requests: requests,
                          candidates: .explicit(cands))
        let before = Planner.plan(event, candidates: cands)
        let pairs = { (s: Schedule) in Set(s.meetings.map { $0.a + $0.b }) }
        #expect(pairs(before).isSuperset(of: ["ab", "de", "cf"]))  // without history the best pairs meet
        let earlier = EarlierMeetings(outcomes: [Self.outcome("old", "a", "b", start: 0, true, true), Self.outcome("old", "d", "e", start: 0, true, true),
                                                 Self.outcome("old", "c", "f", start: 0, true, true)])
        let after = Planner.plan(event, candidates: cands, earlier: earlier)
        #expect(ScheduleValidator.validate(after, against: event) == [])
        #expect(!pairs(after).contains("ab"))
        #expect(!pairs(after).contains("cf"))
        #expect(after.meetings.contains { $0.a == "d" && $0.b == "e" && $0.origin == .accepted })
        #expect(after.unplaced == [UnplacedMeeting(a: "c", b: "f", origin: .pending,
                                                  reason: "met at event old on 1970-01-01: only an accepted request plans a pair that met before")])
        // Everything else fits in two slots of three tables.
        #expect(pairs(after) == ["ac", "bc", "de", "ef"])
        // The request set aside is still one of the file's: pending 0 placed of 1, accepted 1 of 1.
        #expect(after.stats.requestsPending == (0, 1) && after.stats.requestsAccepted == (1, 1))
        // Met pairs never appear, on random events either; plans stay valid.
        for seed in UInt64(1)...12 {
            let (e, c) = RandomEvents.make(seed: seed)
            let free = Planner.plan(e, candidates: c)
            let met = free.meetings.filter { $0.origin == .suggested }.prefix(5)
            let history = EarlierMeetings(outcomes: met.map { Self.outcome("old", $0.a, $0.b, start: 0, true, true) })
            let s = Planner.plan(e, candidates: c, earlier: history)
            #expect(ScheduleValidator.validate(s, against: e) == [])
            #expect(s.stats.objective <= s.stats.upperBound + 1e-6)
            let accepted = Set(e.requests.filter { $0.status == .accepted }.map { EarlierMeetings.key($0.from, $0.to) })
            for m in s.meetings where history.met(m.a, m.b) != nil {
                #expect(accepted.contains(EarlierMeetings.key(m.a, m.b)) || m.origin == .locked, "seed \(seed): \(m.a)–\(m.b) met before")
            }
        }
    }

    /// One table, one slot: x (a no-show last time) and y compete for z. Without history
    /// x's slightly better pair wins; with x's no-show, y's.
    @Test func aNoShowAtTheLastEventLowersPriorityForSuggestions() {
        let people = ["x", "y", "z"].map { EventParticipant(id: $0) }
        let slots = [EventSlot(id: "s1", start: 1_000_000, minutes: 20)]
        let cands = [Candidate(a: "x", b: "z", score: 0.6), Candidate(a: "y", b: "z", score: 0.5)]
        let event = Event(id: "now", name: "now", timezone: "UTC", slots: slots, tables: [1], participants: people,
                          candidates: .explicit(cands), options: PlannerOptions(fairness: 0))
        #expect(Planner.plan(event, candidates: cands).meetings.map { $0.a + $0.b } == ["xz"])
        let earlier = EarlierMeetings(outcomes: [Self.outcome("old", "w", "x", start: 0, true, false)])
        #expect(earlier.noShows == ["x"])
        let s = Planner.plan(event, candidates: cands, earlier: earlier)
        #expect(s.meetings.map { $0.a + $0.b } == ["yz"])
        #expect(s.meetings.first?.score == 0.5)  // the score shown is unchanged
        // An accepted request keeps its tier despite the no-show.
        var requested = event
        requested.requests = [MeetingRequest(from: "x", to: "z", status: .accepted)]
        #expect(Planner.plan(requested, candidates: cands, earlier: earlier).meetings.map { $0.a + $0.b } == ["xz"])
    }

    /// With the default fairness the no-show's bonus is halved too: one table, one slot, x's
    /// pair scores 0.1 and b–c's 0.04. Each pair's objective by hand: without history
    /// a–x 0.1 + 0.5 + 0.5 = 1.1 beats b–c 0.04 + 1 = 1.04. With x's no-show, halving x's
    /// score alone would leave a–x at 0.05 + 1 = 1.05, still first; with x's bonus halved
    /// as well it is 0.05 + 0.5 + 0.25 = 0.8, and b–c meet.
    @Test func aNoShowsFairnessBonusIsHalvedToo() {
        let people = ["a", "b", "c", "x"].map { EventParticipant(id: $0) }
        let cands = [Candidate(a: "a", b: "x", score: 0.1), Candidate(a: "b", b: "c", score: 0.04)]
        let event = Event(id: "now", name: "now", timezone: "UTC", slots: [EventSlot(id: "s1", start: 1_000_000, minutes: 20)], tables: [1],
                          participants: people, candidates: .explicit(cands))
        #expect(event.options.fairness == 1)
        let free = Planner.plan(event, candidates: cands)
        #expect(free.meetings.map { $0.a + $0.b } == ["ax"])
        #expect(abs(free.stats.objective - 1.1) < 1e-9, "\(free.stats.objective)")
        let earlier = EarlierMeetings(outcomes: [Self.outcome("old", "w", "x", start: 0, true, false)])
        let s = Planner.plan(event, candidates: cands, earlier: earlier)
        #expect(s.meetings.map { $0.a + $0.b } == ["bc"])
        #expect(abs(s.stats.objective - 1.04) < 1e-9 && s.stats.upperBound >= s.stats.objective - 1e-9, "\(s.stats)")
        // Had b–c not been there, x still meets: lower priority, not a ban.
        let alone = Event(id: "now", name: "now", timezone: "UTC", slots: event.slots, tables: [1], participants: people,
                          candidates: .explicit([cands[0]]))
        let only = Planner.plan(alone, candidates: [cands[0]], earlier: earlier)
        #expect(only.meetings.map { $0.a + $0.b } == ["ax"])
        #expect(abs(only.stats.objective - 0.8) < 1e-9, "\(only.stats.objective)")
    }

    /// The exactness of the planner holds with the rules: brute force over the rule-shaped
    /// problem reaches the same optimum, and the bound holds.
    @Test(arguments: Array(UInt64(1)...30))
    func tinyInstancesWithHistoryReachTheOptimum(seed: UInt64) {
        var shape = RandomEvents.Shape()
        shape.participants = 6
        shape.slots = 3
        shape.tables = 2
        shape.candidatesEach = 3
        shape.lockedCount = 0
        let (event, candidates) = RandomEvents.make(seed: seed, shape)
        let ids = event.participants.map(\.id).sorted()
        let earlier = EarlierMeetings(outcomes: [Self.outcome("old", ids[0], ids[1], start: 0, true, true),
                                                 Self.outcome("old", ids[2], ids[3], start: 0, true, false),
                                                 Self.outcome("old", ids[1], ids[4], start: 0, true, true)])
        let problem = PlanningProblem(event: event, candidates: candidates, earlier: earlier)
        let schedule = Planner.plan(event, candidates: candidates, earlier: earlier)
        #expect(ScheduleValidator.validate(schedule, against: event) == [])
        let edges = Array(problem.edges.indices)
        #expect(edges.count <= 13)
        let best = BruteForce.optimum(Scheduler(problem: problem), free: edges)
        #expect(schedule.stats.objective >= best - 1e-9, "planner \(schedule.stats.objective) vs optimum \(best)")
        #expect(schedule.stats.objective <= best + 1e-9)
        #expect(schedule.stats.upperBound >= best - 1e-9)
    }
}
