import Testing
@testable import Optimization

@Suite("heap")
struct HeapTests {
    /// Popping everything gives the order a sort by the same rule gives.
    @Test(arguments: Array(UInt64(1)...20))
    func popsInTheOrderASortGives(seed: UInt64) {
        var rng = TestRandom(state: seed)
        let items = (0..<(1 + rng.below(200))).map { i in (Double(rng.below(20)), i) }
        let rule: ((Double, Int), (Double, Int)) -> Bool = { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        var heap = Heap(by: rule)
        var popped: [(Double, Int)] = []
        for (n, item) in items.enumerated() {
            heap.push(item)
            // Interleave pops with pushes: the heap stays a heap after either.
            if n % 7 == 3, let top = heap.pop() { popped.append(top) }
        }
        #expect(heap.count == items.count - popped.count)
        while let top = heap.pop() { popped.append(top) }
        #expect(heap.isEmpty)
        // Each pop is the first of what was in the heap then; replay to check.
        var remaining: [(Double, Int)] = []
        var next = 0
        for (n, item) in items.enumerated() {
            remaining.append(item)
            if n % 7 == 3 {
                let first = remaining.sorted(by: rule)[0]
                #expect(popped[next] == first)
                remaining.removeAll { $0 == first }
                next += 1
            }
        }
        #expect(Array(popped[next...]).map(\.1) == remaining.sorted(by: rule).map(\.1))
    }
}
