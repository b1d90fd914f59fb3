import Testing
@testable import EventPlanner
import MatchCore

/// Re-plans and accepted requests: a request may displace kept suggestions, never locked meetings.
@Suite("replan")
struct ReplanTests {
    static let slots = (1...4).map { EventSlot(id: "s0\($0)", start: Int64($0) * 1200, minutes: 20) }
    static let candidates = ["c1", "c2", "c3"].flatMap { c in
        [Candidate(a: "acme", b: c, score: 0.9), Candidate(a: "robo", b: c, score: 0.9)]
    }

    static func event(robo: [String], locked: [LockedMeeting] = []) -> Event {
        let people = [EventParticipant(id: "acme"), EventParticipant(id: "robo", available: robo)]
            + ["c1", "c2", "c3"].map { EventParticipant(id: $0) }
        return Event(id: "e", name: "e", timezone: "UTC", slots: slots, tables: [10, 10, 10, 10], participants: people,
                     requests: [MeetingRequest(from: "acme", to: "robo", status: .accepted)], locked: locked,
                     candidates: .explicit(candidates))
    }

    @Test func replanPlacesAnAcceptedRequestOverKeptSuggestions() throws {
        let one = Self.event(robo: ["s01", "s02", "s03"])
        let plan1 = Planner.plan(one, candidates: Self.candidates)
        #expect(ScheduleValidator.validate(plan1, against: one) == [])
        let first = try #require(plan1.meetings.first { $0.a == "acme" && $0.b == "robo" })
        #expect(first.slot == "s01")
        // robo's other slots hold suggestions, so no common slot is free after s01 goes.
        #expect(plan1.meetings.filter { ($0.a == "robo" || $0.b == "robo") && $0.origin == .suggested }.count == 2)

        let two = Self.event(robo: ["s02", "s03"])
        let plan2 = Planner.replan(two, candidates: Self.candidates, previous: plan1)
        #expect(ScheduleValidator.validate(plan2, against: two) == [])
        #expect(plan2.stats.requestsAccepted.placed == 1 && plan2.stats.requestsAccepted.total == 1)
        #expect(plan2.unplaced.isEmpty, "\(plan2.unplaced)")
        let placed = try #require(plan2.meetings.first { $0.a == "acme" && $0.b == "robo" })
        #expect(["s02", "s03"].contains(placed.slot))
        // The suggestion that gave way is reported as moved or cancelled to both sides.
        let displaced = try #require(plan1.meetings.first { m in
            m.uid != first.uid && m.slot == placed.slot && (m.a == "robo" || m.b == "robo" || m.a == "acme" || m.b == "acme")
        })
        let now = plan2.meetings.first { $0.uid == displaced.uid }
        let kind: ParticipantChange.Kind = now == nil ? .cancelled : .moved
        for p in [displaced.a, displaced.b] {
            #expect(plan2.changes.contains { $0.participant == p && $0.uid == displaced.uid && $0.kind == kind }, "\(plan2.changes)")
        }
        if now == nil {
            #expect(plan2.cancelled.contains { $0.meeting.uid == displaced.uid && $0.reason.contains("accepted request acme–robo") })
        }
    }

    @Test func replanNeverDisplacesALockedMeeting() throws {
        // acme's meetings in robo's remaining slots are locked; robo has no other partner.
        let locked = [LockedMeeting(a: "acme", b: "c1", slot: "s02", table: 1), LockedMeeting(a: "acme", b: "c2", slot: "s03", table: 1)]
        let candidates = Self.candidates.filter { $0.a == "acme" }
        let one = Self.event(robo: ["s01", "s02", "s03"], locked: locked)
        let plan1 = Planner.plan(one, candidates: candidates)
        #expect(plan1.meetings.contains { $0.a == "acme" && $0.b == "robo" && $0.slot == "s01" })

        let two = Self.event(robo: ["s02", "s03"], locked: locked)
        let plan2 = Planner.replan(two, candidates: candidates, previous: plan1)
        #expect(ScheduleValidator.validate(plan2, against: two) == [])
        for l in locked {
            #expect(plan2.meetings.contains { $0.a == l.a && $0.b == l.b && $0.slot == l.slot && $0.table == l.table && $0.origin == .locked })
        }
        #expect(plan2.stats.requestsAccepted.placed == 0 && plan2.stats.requestsAccepted.total == 1)
        let unplaced = try #require(plan2.unplaced.first { $0.a == "acme" && $0.b == "robo" })
        #expect(unplaced.reason == "no common free slot: locked meetings take every slot acme and robo share")
    }

    @Test func theReasonNamesKeptMeetingsThatAreNotLocked() throws {
        // Two accepted requests of robo kept from the previous plan fill robo's slots:
        // same tier, so the new accepted request may not displace them.
        var one = Self.event(robo: ["s01", "s02", "s03"])
        one.requests += [MeetingRequest(from: "c1", to: "robo", status: .accepted), MeetingRequest(from: "c2", to: "robo", status: .accepted)]
        let plan1 = Planner.plan(one, candidates: [])
        #expect(plan1.meetings.contains { $0.a == "acme" && $0.b == "robo" && $0.slot == "s01" })
        var two = Self.event(robo: ["s01", "s02", "s03", "s04"])
        two.participants[0] = EventParticipant(id: "acme", available: ["s02", "s03"])
        two.requests = one.requests
        let plan2 = Planner.replan(two, candidates: [], previous: plan1)
        #expect(ScheduleValidator.validate(plan2, against: two) == [])
        let unplaced = try #require(plan2.unplaced.first { $0.a == "acme" && $0.b == "robo" }, "\(plan2.meetings)")
        #expect(unplaced.reason == "no common free slot: accepted meetings kept from the previous plan take every slot acme and robo share")
    }

    /// Property: re-plans of random events after availability shrinks and new accepted
    /// requests arrive are valid, and stay under their bound.
    @Test(arguments: Array(UInt64(1)...40))
    func randomReplansAreValid(seed: UInt64) {
        var shape = RandomEvents.Shape()
        shape.participants = 10 + Int(seed % 5) * 10
        shape.tables = 2 + Int(seed % 7) * 3
        shape.slots = 3 + Int(seed % 4) * 2
        let (event, candidates) = RandomEvents.make(seed: seed, shape)
        let plan1 = Planner.plan(event, candidates: candidates)
        #expect(ScheduleValidator.validate(plan1, against: event) == [])
        var two = event
        var rng = SplitMix64(seed: seed)
        two.participants = event.participants.map { p in
            var q = p
            if rng.next() % 4 == 0 { q.available = event.slots.map(\.id).filter { _ in rng.next() % 3 != 0 } }
            return q
        }
        let ids = event.participants.map(\.id)
        for _ in 0..<3 {
            let i = Int(rng.next() % UInt64(ids.count)), j = Int(rng.next() % UInt64(ids.count))
            if i != j { two.requests.append(MeetingRequest(from: ids[i], to: ids[j], status: .accepted)) }
        }
        let plan2 = Planner.replan(two, candidates: candidates, previous: plan1)
        #expect(ScheduleValidator.validate(plan2, against: two) == [])
        #expect(plan2.stats.objective <= plan2.stats.upperBound + 1e-6)
    }
}
