import MatchCore
@testable import EventPlanner

/// Seeded random events for property tests.
enum RandomEvents {
    struct Shape {
        var participants = 30
        var slots = 6
        var tables = 8
        var candidatesEach = 5
        var requestShare = 0.1
        var availabilityShare = 0.8
        var lockedCount = 2
        var fairness = 1.0
    }

    static func make(seed: UInt64, _ shape: Shape = Shape()) -> (Event, [Candidate]) {
        var rng = SplitMix64(plannerSeed: seed)
        func unit() -> Double { Double(rng.next() % 1_000_000) / 1_000_000 }
        let ids = (0..<shape.participants).map { "p" + EventTime.pad($0, 4) }
        let start: Int64 = 1_773_129_600  // 2026-03-10T08:00:00Z
        let slots = (0..<shape.slots).map { EventSlot(id: "s" + EventTime.pad($0 + 1), start: start + Int64($0) * 1200, minutes: 20) }
        var people: [EventParticipant] = []
        for id in ids {
            var available: [String]?
            if unit() > shape.availabilityShare {
                available = slots.map(\.id).filter { _ in unit() < 0.6 }
            }
            let maxMeetings: Int? = unit() < 0.3 ? Int(rng.next() % UInt64(shape.slots + 1)) : nil
            people.append(EventParticipant(id: id, available: available, maxMeetings: maxMeetings))
        }
        var candidates: [Candidate] = []
        for (i, a) in ids.enumerated() {
            for _ in 0..<shape.candidatesEach {
                let j = Int(rng.next() % UInt64(ids.count))
                if j != i { candidates.append(Candidate(a: a, b: ids[j], score: (unit() * 10_000).rounded() / 10_000, reasons: ["shared interest"])) }
            }
        }
        var requests: [MeetingRequest] = []
        let nRequests = Int(Double(ids.count) * shape.requestShare * 3)
        for _ in 0..<nRequests {
            let i = Int(rng.next() % UInt64(ids.count)), j = Int(rng.next() % UInt64(ids.count))
            guard i != j else { continue }
            let r = unit()
            let status: RequestStatus = r < 0.5 ? .accepted : (r < 0.8 ? .pending : .declined)
            requests.append(MeetingRequest(from: ids[i], to: ids[j], status: status, priority: Int(rng.next() % 3) + 1))
        }
        var locked: [LockedMeeting] = []
        var lockedBusy = Set<String>()
        var lockedTables = Set<String>()
        for _ in 0..<shape.lockedCount {
            let i = Int(rng.next() % UInt64(ids.count)), j = Int(rng.next() % UInt64(ids.count))
            let s = slots[Int(rng.next() % UInt64(slots.count))].id
            let t = Int(rng.next() % UInt64(shape.tables)) + 1
            guard i != j, !lockedBusy.contains(ids[i] + s), !lockedBusy.contains(ids[j] + s), !lockedTables.contains(s + "\(t)") else { continue }
            lockedBusy.insert(ids[i] + s)
            lockedBusy.insert(ids[j] + s)
            lockedTables.insert(s + "\(t)")
            locked.append(LockedMeeting(a: min(ids[i], ids[j]), b: max(ids[i], ids[j]), slot: s, table: t))
        }
        let event = Event(id: "rand-\(seed)", name: "Random \(seed)", timezone: "Europe/Copenhagen", slots: slots,
                          tables: [Int](repeating: shape.tables, count: shape.slots), participants: people,
                          requests: requests, locked: locked, candidates: .explicit(candidates),
                          options: PlannerOptions(fairness: shape.fairness, seed: seed))
        return (event, candidates)
    }
}
