// The generated event that PlannerBenchmark and the package-benchmark suite
// PlannerBenchmarks plan, one copy for both: participants with latent interests, each
// one's candidates its best partners by a reciprocal score (like the engine's top-k
// lists), a share of them accepted requests, a fifth arriving late or leaving early.
import EventPlanner
import Foundation
import MatchCore

/// The size of a generated event.
public struct PlannerInstanceSize: Sendable {
    public var participants: Int
    public var slots: Int
    public var tables: Int
    /// Candidates per participant.
    public var candidates: Int
    /// Share of the candidates that become accepted requests.
    public var acceptedShare: Double

    public init(participants: Int = 1000, slots: Int = 16, tables: Int = 300, candidates: Int = 15, acceptedShare: Double = 0.05) {
        self.participants = participants
        self.slots = slots
        self.tables = tables
        self.candidates = candidates
        self.acceptedShare = acceptedShare
    }
}

struct Generator {
    var random: SplitMix64
    init(state: UInt64) { random = SplitMix64(seed: state) }
    mutating func next() -> UInt64 { random.next() }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// The event for `seed` (and the same candidates it lists), planned with `fairness`.
public func plannerInstance(_ size: PlannerInstanceSize, seed: UInt64, fairness: Double = 1) -> (Event, [Candidate]) {
    let n = size.participants, slotCount = size.slots, k = size.candidates
    var g = Generator(state: seed)
    let d = 8
    let ids = (0..<n).map { String(format: "p%05d", $0) }
    let offers = (0..<n).map { _ in (0..<d).map { _ in g.unit() * g.unit() } }
    let needs = (0..<n).map { _ in (0..<d).map { _ in g.unit() * g.unit() } }
    func cos(_ x: [Double], _ y: [Double]) -> Double {
        var s = 0.0, a = 0.0, b = 0.0
        for i in 0..<d { s += x[i] * y[i]; a += x[i] * x[i]; b += y[i] * y[i] }
        return s / (a * b).squareRoot()
    }
    var candidates: [Candidate] = []
    for i in 0..<n {
        var scored: [(Double, Int)] = []
        for j in 0..<n where j != i {
            let f = cos(offers[i], needs[j]), r = cos(offers[j], needs[i])
            scored.append((2 * f * r / (f + r), j))
        }
        scored.sort { $0 > $1 }
        for (s, j) in scored.prefix(k) { candidates.append(Candidate(a: ids[i], b: ids[j], score: (s * 10_000).rounded() / 10_000)) }
    }
    var requests: [MeetingRequest] = []
    for c in candidates where g.unit() < size.acceptedShare { requests.append(MeetingRequest(from: c.a, to: c.b, status: .accepted)) }
    let start: Int64 = 1_773_129_600
    let slots = (0..<slotCount).map { EventSlot(id: String(format: "s%02d", $0 + 1), start: start + Int64($0) * 1500, minutes: 20) }
    var people: [EventParticipant] = []
    for id in ids {
        // A fifth arrive late or leave early.
        var available: [String]? = nil
        if g.unit() < 0.2 {
            let from = Int(g.next() % UInt64(slotCount / 2))
            available = slots.dropFirst(from).prefix(slotCount - from - Int(g.next() % 3)).map(\.id)
        }
        people.append(EventParticipant(id: id, available: available, maxMeetings: g.unit() < 0.1 ? 6 : nil))
    }
    let event = Event(id: "bench", name: "Benchmark", timezone: "Europe/Copenhagen", slots: slots,
                      tables: [Int](repeating: size.tables, count: slotCount), participants: people,
                      requests: requests, candidates: .explicit(candidates), options: PlannerOptions(fairness: fairness, seed: seed))
    return (event, candidates)
}
