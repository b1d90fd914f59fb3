import Testing
@testable import Optimization

/// `MinCostFlow` as an assignment solver: people to groups of limited room, each person at
/// most one group, gains that may be negative (then staying out is better), against every
/// assignment tried.
struct MinCostFlowTests {
    /// people × groups gains (some negative, some pairs forbidden) and each group's room.
    struct Assignment {
        var gain: [[Double?]]
        var room: [Int]

        init(seed: UInt64) {
            var rng = TestRandom(state: seed &* 104_729 &+ 17)
            let people = 2 + rng.below(5), groups = 1 + rng.below(3)
            gain = (0..<people).map { _ in
                (0..<groups).map { _ in rng.below(6) == 0 ? nil : Double(rng.below(200)) / 10 - 4 }
            }
            room = (0..<groups).map { _ in rng.below(3) }
        }

        /// The greatest total gain over every assignment that fits the rooms.
        func bruteForce() -> Double {
            var best = 0.0
            var used = [Int](repeating: 0, count: room.count)
            func recurse(_ p: Int, _ total: Double) {
                if p == gain.count { best = max(best, total); return }
                recurse(p + 1, total)
                for g in room.indices where used[g] < room[g] {
                    guard let v = gain[p][g] else { continue }
                    used[g] += 1
                    recurse(p + 1, total + v)
                    used[g] -= 1
                }
            }
            recurse(0, 0)
            return best
        }
    }

    @Test(arguments: 0..<200)
    func theFlowOfGreatestGainIsTheBestAssignment(seed: Int) {
        let a = Assignment(seed: UInt64(seed))
        let people = a.gain.count
        // 0 source, 1 sink, 2 + p people, 2 + people + g groups.
        var flow = MinCostFlow(nodes: 2 + people + a.room.count)
        var arcs: [(p: Int, g: Int, arc: Int)] = []
        for p in 0..<people {
            flow.addArc(from: 0, to: 2 + p, capacity: 1, cost: 0)
            for g in a.room.indices {
                if let v = a.gain[p][g] { arcs.append((p, g, flow.addArc(from: 2 + p, to: 2 + people + g, capacity: 1, cost: -v))) }
            }
        }
        for g in a.room.indices { flow.addArc(from: 2 + people + g, to: 1, capacity: a.room[g], cost: 0) }
        let result = flow.run(source: 0, sink: 1)

        #expect(abs(-result.cost - a.bruteForce()) < 1e-9, "seed \(seed)")
        // The flow is an assignment that fits and is worth what the run says.
        var perPerson = [Int](repeating: 0, count: people), perGroup = [Int](repeating: 0, count: a.room.count)
        var worth = 0.0
        for (p, g, arc) in arcs where flow.flow(on: arc) > 0 {
            perPerson[p] += 1
            perGroup[g] += 1
            worth += a.gain[p][g]!
        }
        #expect(perPerson.allSatisfy { $0 <= 1 })
        #expect(zip(perGroup, a.room).allSatisfy { $0 <= $1 })
        #expect(abs(worth + result.cost) < 1e-9)
        #expect(result.flow == perPerson.reduce(0, +))
    }

    @Test func aCheaperPathThroughAnEarlierChoiceIsTaken() {
        // Ann gains 5 in A or 4 in B, Bo only 3 in A; A has one place. Greedy gives Ann A
        // (5), then Bo nothing; the best is Ann B, Bo A (7): the second path reroutes Ann.
        var flow = MinCostFlow(nodes: 6)
        flow.addArc(from: 0, to: 2, capacity: 1, cost: 0)
        flow.addArc(from: 0, to: 3, capacity: 1, cost: 0)
        let annA = flow.addArc(from: 2, to: 4, capacity: 1, cost: -5)
        let annB = flow.addArc(from: 2, to: 5, capacity: 1, cost: -4)
        let boA = flow.addArc(from: 3, to: 4, capacity: 1, cost: -3)
        flow.addArc(from: 4, to: 1, capacity: 1, cost: 0)
        flow.addArc(from: 5, to: 1, capacity: 1, cost: 0)
        let result = flow.run(source: 0, sink: 1)
        #expect(result.flow == 2)
        #expect(result.cost == -7)
        #expect(flow.flow(on: annA) == 0 && flow.flow(on: annB) == 1 && flow.flow(on: boA) == 1)
    }
}
