/// A min-cost flow of any amount on a small directed graph with integer capacities and real
/// costs: successive shortest paths (Bellman–Ford with a queue, so costs may be negative),
/// each path augmented by its bottleneck, stopping at the first path that costs nothing or
/// more. Path costs never fall from one augmentation to the next, so the flow found costs
/// least among flows of every amount; with costs the negated gains, it is the flow of
/// greatest gain (an assignment that may leave seats or people unused).
///
/// For planners' small assignment problems (round tables: who sits at which themed table),
/// where the graph has a few thousand arcs; not a general network-simplex solver.
/// Deterministic: arcs are scanned in the order they were added, ties keep the first path.
package struct MinCostFlow {
    private var head: [Int]
    private var to: [Int] = []
    private var next: [Int] = []
    private var capacity: [Int] = []
    private var cost: [Double] = []
    private var initial: [Int] = []

    /// A graph of `nodes` nodes (0 ..< nodes) and no arcs.
    package init(nodes: Int) { head = [Int](repeating: -1, count: nodes) }

    /// Adds an arc and its residual twin.
    /// - Returns: the arc's index, for `flow(on:)`.
    @discardableResult
    package mutating func addArc(from a: Int, to b: Int, capacity c: Int, cost w: Double) -> Int {
        let e = to.count
        append(from: a, to: b, capacity: c, cost: w)
        append(from: b, to: a, capacity: 0, cost: -w)
        return e
    }

    private mutating func append(from a: Int, to b: Int, capacity c: Int, cost w: Double) {
        to.append(b)
        next.append(head[a])
        head[a] = to.count - 1
        capacity.append(c)
        cost.append(w)
        initial.append(c)
    }

    /// The flow on arc `e` (an index `addArc` returned).
    package func flow(on e: Int) -> Int { initial[e] - capacity[e] }

    /// Sends flow from `source` to `sink` along cheapest paths while a path costs less than
    /// `-tolerance`. A path is only improved by more than `slack`: costs that add up in
    /// different orders differ in the last bits (a bonus of 1,000 plus a fit of 0.7), and a
    /// residual cycle of −1e-13 must not count as negative.
    /// - Returns: the amount sent and its total cost.
    /// - Complexity: O(F · V · E) in the worst case for F units; far less on assignment graphs.
    package mutating func run(source: Int, sink: Int, tolerance: Double = 1e-9, slack: Double = 1e-9) -> (flow: Int, cost: Double) {
        let n = head.count
        var total = (flow: 0, cost: 0.0)
        var distance = [Double](repeating: .infinity, count: n)
        var via = [Int](repeating: -1, count: n)
        var queued = [Bool](repeating: false, count: n)
        var relaxed = [Int](repeating: 0, count: n)
        var queue: [Int] = []
        queue.reserveCapacity(n)
        while true {
            for i in 0..<n { distance[i] = .infinity; via[i] = -1; relaxed[i] = 0 }
            distance[source] = 0
            queue.removeAll(keepingCapacity: true)
            queue.append(source)
            queued[source] = true
            var front = 0
            while front < queue.count {
                let x = queue[front]
                front += 1
                queued[x] = false
                var e = head[x]
                while e >= 0 {
                    if capacity[e] > 0 {
                        let y = to[e]
                        let d = distance[x] + cost[e]
                        if d < distance[y] - slack {
                            distance[y] = d
                            via[y] = e
                            relaxed[y] += 1
                            // Only rounding makes a cycle look negative; stop there, not loop.
                            if relaxed[y] > n { return total }
                            if !queued[y] { queued[y] = true; queue.append(y) }
                        }
                    }
                    e = next[e]
                }
                // The queue only grows; compact it when it is mostly consumed.
                if front > 4096 && front * 2 > queue.count {
                    queue.removeFirst(front)
                    front = 0
                }
            }
            guard distance[sink] < -tolerance else { return total }
            var bottleneck = Int.max
            var y = sink
            while y != source {
                let e = via[y]
                bottleneck = min(bottleneck, capacity[e])
                y = to[e ^ 1]
            }
            y = sink
            while y != source {
                let e = via[y]
                capacity[e] -= bottleneck
                capacity[e ^ 1] += bottleneck
                y = to[e ^ 1]
            }
            total.flow += bottleneck
            total.cost += Double(bottleneck) * distance[sink]
        }
    }
}
