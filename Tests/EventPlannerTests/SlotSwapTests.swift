import Testing
@testable import EventPlanner
import MatchCore

/// Placing a meeting by swapping two slots along a chain of meetings (a Kempe chain).
@Suite("slot swap")
struct SlotSwapTests {
    static let slots = (1...2).map { EventSlot(id: "s0\($0)", start: Int64($0) * 1200, minutes: 20) }

    /// a is only there in s01; b meets c in s01 and c meets d in s02. a–b fits nowhere
    /// directly, and ejecting would lose a meeting; swapping s01 and s02 along b–c, c–d
    /// frees b in s01 and keeps all three meetings.
    static func scheduler(dAvailable: [String]? = nil) -> (Scheduler, ab: Int, bc: Int, cd: Int) {
        let people = [EventParticipant(id: "a", available: ["s01"]), EventParticipant(id: "b"),
                      EventParticipant(id: "c"), EventParticipant(id: "d", available: dAvailable)]
        let candidates = [Candidate(a: "a", b: "b", score: 0.9), Candidate(a: "b", b: "c", score: 0.5),
                          Candidate(a: "c", b: "d", score: 0.5)]
        let event = Event(id: "e", name: "e", timezone: "UTC", slots: slots, tables: [10, 10], participants: people,
                          requests: [], candidates: .explicit(candidates))
        let problem = PlanningProblem(event: event, candidates: candidates)
        let edge = { (x: String, y: String) in problem.edgeOf[problem.pairKey(problem.index[x]!, problem.index[y]!)]! }
        var x = Scheduler(problem: problem)
        let (ab, bc, cd) = (edge("a", "b"), edge("b", "c"), edge("c", "d"))
        x.place(bc, 0)
        x.place(cd, 1)
        x.commit()
        return (x, ab, bc, cd)
    }

    @Test func aChainFreesTheSlot() {
        var (x, ab, bc, cd) = Self.scheduler()
        let direct = x.tryPlace(ab, depth: 0)
        #expect(!direct)
        let before = x.objective
        let swapped = x.placeBySlotSwap(ab)
        #expect(swapped)
        #expect(x.slotOf[ab] == 0 && x.slotOf[bc] == 1 && x.slotOf[cd] == 0)
        #expect(x.objective > before)
    }

    /// When the chain's last meeting cannot move (d is not there in s01), nothing changes.
    @Test func anUnavailableParticipantStopsTheChain() {
        var (x, ab, bc, cd) = Self.scheduler(dAvailable: ["s02"])
        let before = x.objective
        let swapped = x.placeBySlotSwap(ab)
        #expect(!swapped)
        #expect(x.slotOf[ab] == -1 && x.slotOf[bc] == 0 && x.slotOf[cd] == 1)
        #expect(x.objective == before)
    }
}
