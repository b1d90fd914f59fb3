/// The min-cost circulation of `FractionalBMatching`: successive shortest paths on a
/// pseudoflow that keeps every residual arc's reduced cost non-negative.
///
/// Nodes: L(p) = p, R(p) = P + p, the source = 2P, the sink = 2P + 1. Arc 2e is
/// L(a)→R(b) and arc 2e+1 is L(b)→R(a) for pair e = {a, b}; the source and sink arcs of
/// p carry `left[p]` and `right[p]` units, the k-th costing −bonus(p, k)/2; the closing
/// arc sink→source carries `closing` units at cost 0, at most `closingCapacity`.
struct DoubleCoverFlow {
    let P: Int
    let capacity: [Int]
    let tail: [Int32], head: [Int32]
    let cost: [Double]
    /// Arcs out of each L(p) (CSR: outArcs[outStart[p]..<outStart[p+1]]) and into each R(q).
    let outStart: [Int32], outArcs: [Int32]
    let inStart: [Int32], inArcs: [Int32]
    /// steps[stepStart[p] + k]: cost of the (k+1)-th unit on p's source or sink arc.
    let stepStart: [Int32], steps: [Double]
    let closingCapacity: Int
    var flow: [Bool]
    var left: [Int], right: [Int]
    var closing = 0
    var excess: [Int]
    var potential: [Double]
    var dist: [Double]
    var done: [Bool]
    /// How each node was reached: the previous node (−1: a start), and the pair arc used.
    var pred: [Int32]
    var predArc: [Int32]
    var touched: [Int32] = []
    var heapKeys: [Double] = []
    var heapNodes: [Int32] = []
    /// Arcs looked at so far (the work budget's unit).
    var relaxations = 0
    var source: Int { 2 * P }
    var sink: Int { 2 * P + 1 }

    init(participants P: Int, capacity: [Int], bonus: (Int, Int) -> Double, pairs: [FractionalBMatching.Pair], total: Int,
         prices: (participants: [Double], table: Double)?) {
        self.P = P
        self.capacity = capacity
        closingCapacity = 2 * max(0, total)
        let E = pairs.count
        var tail = [Int32](repeating: 0, count: 2 * E), head = [Int32](repeating: 0, count: 2 * E)
        var cost = [Double](repeating: 0, count: 2 * E)
        var outStart = [Int32](repeating: 0, count: P + 1), inStart = [Int32](repeating: 0, count: P + 1)
        for (e, pair) in pairs.enumerated() {
            tail[2 * e] = Int32(pair.a); head[2 * e] = Int32(pair.b)
            tail[2 * e + 1] = Int32(pair.b); head[2 * e + 1] = Int32(pair.a)
            cost[2 * e] = -pair.value / 2; cost[2 * e + 1] = -pair.value / 2
        }
        for arc in 0..<(2 * E) { outStart[Int(tail[arc]) + 1] += 1; inStart[Int(head[arc]) + 1] += 1 }
        for p in 0..<P { outStart[p + 1] += outStart[p]; inStart[p + 1] += inStart[p] }
        var outArcs = [Int32](repeating: 0, count: 2 * E), inArcs = [Int32](repeating: 0, count: 2 * E)
        var fillOut = Array(outStart.prefix(P)), fillIn = Array(inStart.prefix(P))
        for arc in 0..<(2 * E) {
            outArcs[Int(fillOut[Int(tail[arc])])] = Int32(arc); fillOut[Int(tail[arc])] += 1
            inArcs[Int(fillIn[Int(head[arc])])] = Int32(arc); fillIn[Int(head[arc])] += 1
        }
        var stepStart = [Int32](repeating: 0, count: P + 1)
        var steps: [Double] = []
        for p in 0..<P {
            stepStart[p] = Int32(steps.count)
            for k in stride(from: 1, through: capacity[p], by: 1) { steps.append(-bonus(p, k) / 2) }
        }
        stepStart[P] = Int32(steps.count)
        (self.tail, self.head, self.cost) = (tail, head, cost)
        (self.outStart, self.outArcs, self.inStart, self.inArcs) = (outStart, outArcs, inStart, inArcs)
        (self.stepStart, self.steps) = (stepStart, steps)
        let N = 2 * P + 2
        flow = [Bool](repeating: false, count: 2 * E)
        left = [Int](repeating: 0, count: P)
        right = [Int](repeating: 0, count: P)
        excess = [Int](repeating: 0, count: N)
        dist = [Double](repeating: .infinity, count: N)
        done = [Bool](repeating: false, count: N)
        pred = [Int32](repeating: -1, count: N)
        predArc = [Int32](repeating: -1, count: N)
        // Node prices: from the Lagrangian prices (π(L) = μ/2, π(R) = −μ/2 − z/2,
        // π(sink) = −z/2, so that each reduced cost is half a Lagrangian term), or the
        // shortest distances of the empty flow.
        var potential = [Double](repeating: 0, count: N)
        if let prices {
            for p in 0..<P {
                potential[p] = prices.participants[p] / 2
                potential[P + p] = -prices.participants[p] / 2 - prices.table / 2
            }
            potential[2 * P + 1] = -prices.table / 2
        } else {
            for p in 0..<P where capacity[p] > 0 { potential[p] = steps[Int(stepStart[p])] }
            var lowest = 0.0
            for q in 0..<P {
                var d = 0.0
                for i in Int(inStart[q])..<Int(inStart[q + 1]) {
                    let arc = Int(inArcs[i])
                    d = min(d, potential[Int(tail[arc])] + cost[arc])
                }
                potential[P + q] = d
                if capacity[q] > 0 { lowest = min(lowest, d + steps[Int(stepStart[q])]) }
            }
            potential[2 * P + 1] = lowest
        }
        self.potential = potential
        // Every arc of negative reduced cost is full, every arc of positive reduced cost
        // empty; a bonus step at (about) zero, as with fairness 0, is taken when it
        // balances its node, so that ties leave nothing to repair.
        let source = 2 * P, sink = 2 * P + 1
        let tie = 1e-12
        var out = [Int](repeating: 0, count: P), into = [Int](repeating: 0, count: P)
        for arc in 0..<(2 * E) where cost[arc] + potential[Int(tail[arc])] - potential[P + Int(head[arc])] < 0 {
            flow[arc] = true
            excess[Int(tail[arc])] -= 1
            excess[P + Int(head[arc])] += 1
            out[Int(tail[arc])] += 1
            into[Int(head[arc])] += 1
        }
        for p in 0..<P {
            func reducedLeft(_ k: Int) -> Double { steps[Int(stepStart[p]) + k] + potential[source] - potential[p] }
            func reducedRight(_ k: Int) -> Double { steps[Int(stepStart[p]) + k] + potential[P + p] - potential[sink] }
            while left[p] < capacity[p] && reducedLeft(left[p]) < -tie { left[p] += 1 }
            while left[p] < capacity[p] && left[p] < out[p] && reducedLeft(left[p]) <= tie { left[p] += 1 }
            while right[p] < capacity[p] && reducedRight(right[p]) < -tie { right[p] += 1 }
            while right[p] < capacity[p] && right[p] < into[p] && reducedRight(right[p]) <= tie { right[p] += 1 }
            excess[source] -= left[p]
            excess[p] += left[p]
            excess[P + p] -= right[p]
            excess[sink] += right[p]
        }
        // The closing arc: full or empty by its reduced cost; at zero (tables not binding),
        // whatever balances the source and sink best.
        let closingReduced = potential[sink] - potential[source]
        if closingReduced < 0 { closing = closingCapacity }
        else if closingReduced == 0 { closing = min(closingCapacity, (excess[sink] - excess[source]) / 2) }
        excess[sink] -= closing
        excess[source] += closing
    }

    @inline(__always) func step(_ p: Int, _ used: Int) -> Double { steps[Int(stepStart[p]) + used] }

    /// Heap order: distance, then nodes in deficit first (a path ends without exploring
    /// the ties), then by node.
    @inline(__always) func before(_ i: Int, _ j: Int) -> Bool {
        if heapKeys[i] != heapKeys[j] { return heapKeys[i] < heapKeys[j] }
        let a = Int(heapNodes[i]), b = Int(heapNodes[j])
        let da = excess[a] < 0, db = excess[b] < 0
        if da != db { return da }
        return a < b
    }

    mutating func siftDown(_ start: Int) {
        var i = start
        let n = heapKeys.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && before(l, m) { m = l }
            if r < n && before(r, m) { m = r }
            if m == i { break }
            heapKeys.swapAt(i, m)
            heapNodes.swapAt(i, m)
            i = m
        }
    }

    @inline(__always) mutating func relax(_ v: Int, _ d: Double, _ from: Int, _ arc: Int32 = -1) {
        relaxations += 1
        guard !done[v] && d < dist[v] else { return }
        if dist[v] == .infinity { touched.append(Int32(v)) }
        dist[v] = d
        pred[v] = Int32(from)
        predArc[v] = arc
        heapKeys.append(d)
        heapNodes.append(Int32(v))
        var i = heapKeys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !before(i, parent) { break }
            heapKeys.swapAt(i, parent)
            heapNodes.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let lastKey = heapKeys.popLast(), let lastNode = heapNodes.popLast() else { return nil }
        guard !heapKeys.isEmpty else { return (lastKey, Int(lastNode)) }
        let top = (heapKeys[0], Int(heapNodes[0]))
        heapKeys[0] = lastKey
        heapNodes[0] = lastNode
        siftDown(0)
        return top
    }

    /// Reduced cost of an arc of cost c from u to v.
    @inline(__always) func reduced(_ c: Double, _ u: Int, _ v: Int) -> Double { max(0, c + potential[u] - potential[v]) }

    /// Moves one unit of excess to a node in deficit along the cheapest residual path;
    /// false when the flow is balanced (optimal).
    mutating func augment() -> Bool {
        for v in touched { dist[Int(v)] = .infinity; done[Int(v)] = false }
        touched.removeAll(keepingCapacity: true)
        heapKeys.removeAll(keepingCapacity: true)
        heapNodes.removeAll(keepingCapacity: true)
        for v in 0..<(2 * P + 2) where excess[v] > 0 {
            touched.append(Int32(v))
            dist[v] = 0
            pred[v] = -1
            heapKeys.append(0)
            heapNodes.append(Int32(v))
        }
        guard !heapKeys.isEmpty else { return false }
        for i in stride(from: heapKeys.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        var end = -1
        while let (d, v) = pop() {
            if done[v] || d > dist[v] { continue }
            done[v] = true
            if excess[v] < 0 { end = v; break }
            if v < P {
                for i in Int(outStart[v])..<Int(outStart[v + 1]) {
                    let arc = Int(outArcs[i])
                    guard !flow[arc] else { continue }
                    let w = P + Int(head[arc])
                    relax(w, d + reduced(cost[arc], v, w), v, Int32(arc))
                }
                if left[v] > 0 { relax(source, d + reduced(-step(v, left[v] - 1), v, source), v) }
            } else if v < 2 * P {
                let q = v - P
                for i in Int(inStart[q])..<Int(inStart[q + 1]) {
                    let arc = Int(inArcs[i])
                    guard flow[arc] else { continue }
                    let w = Int(tail[arc])
                    relax(w, d + reduced(-cost[arc], v, w), v, Int32(arc))
                }
                if right[q] < capacity[q] { relax(sink, d + reduced(step(q, right[q]), v, sink), v) }
            } else if v == source {
                for p in 0..<P where left[p] < capacity[p] { relax(p, d + reduced(step(p, left[p]), source, p), source) }
                if closing > 0 { relax(sink, d + reduced(0, source, sink), source) }
            } else {
                for q in 0..<P where right[q] > 0 { relax(P + q, d + reduced(-step(q, right[q] - 1), sink, P + q), sink) }
                if closing < closingCapacity { relax(source, d + reduced(0, sink, source), sink) }
            }
        }
        guard end >= 0 else {
            // Excess nowhere to go: cannot happen (the empty flow is feasible); stop.
            return false
        }
        let D = dist[end]
        for v in 0..<(2 * P + 2) { potential[v] += min(dist[v], D) }
        excess[end] += 1
        var v = end
        while pred[v] >= 0 {
            let u = Int(pred[v])
            if u < P && v >= P && v < 2 * P { flow[Int(predArc[v])] = true }
            else if u >= P && u < 2 * P && v < P { flow[Int(predArc[v])] = false }
            else if u == source && v < P { left[v] += 1 }
            else if u < P && v == source { left[u] -= 1 }
            else if u >= P && u < 2 * P && v == sink { right[u - P] += 1 }
            else if u == sink && v >= P && v < 2 * P { right[v - P] -= 1 }
            else if u == sink && v == source { closing += 1 }
            else { closing -= 1 }
            v = u
        }
        excess[v] -= 1
        return true
    }

    /// Weak duality at the current prices: the circulation's gain is at most
    /// Σ capacity · max(0, −reduced cost) over all arcs.
    func dualBound() -> Double {
        var bound = 0.0
        for p in 0..<P {
            for k in 0..<capacity[p] {
                bound += max(0, -(step(p, k) + potential[source] - potential[p]))
                bound += max(0, -(step(p, k) + potential[P + p] - potential[sink]))
            }
        }
        for arc in cost.indices { bound += max(0, -(cost[arc] + potential[Int(tail[arc])] - potential[P + Int(head[arc])])) }
        bound += Double(closingCapacity) * max(0, -(potential[sink] - potential[source]))
        return bound
    }
}
