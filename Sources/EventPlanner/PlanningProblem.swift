import MatchCore

/// The event in indices, ready for the scheduler: participants sorted by id, slots in
/// time order, one edge per pair that may meet, with its value.
struct PlanningProblem {
    struct Edge {
        var a: Int
        var b: Int
        var score: Double
        var origin: MeetingOrigin
        var priority: Int
        /// What the plan gains from this meeting, before the fairness bonus.
        var value: Double
    }

    /// A meeting the scheduler must keep where it is (locked, or kept by a re-plan).
    struct Fixed {
        var edge: Int
        var slot: Int
        var table: Int
        /// Kept from the previous plan by a re-plan (not locked): an accepted or pending
        /// request may move it, or cancel it, when that is the only way to be placed.
        var kept = false
    }

    var ids: [String]
    var index: [String: Int]
    var slotIDs: [String]
    var slotIndex: [String: Int]
    var S: Int { slotIDs.count }
    var P: Int { ids.count }
    var capacity: [Int]
    /// avail[p * S + s]
    var avail: [Bool]
    /// Most meetings per participant: min(maxMeetings, available slots).
    var limit: [Int]
    var edges: [Edge]
    /// Reasons of each edge, apart from `edges` so the search copies no arrays.
    var reasons: [[String]] = []
    var edgeOf: [Int: Int]
    var fixed: [Fixed] = []
    var fairness: Double
    var seed: UInt64
    /// Pairs never to meet (declined).
    var declined: Set<Int>
    /// Pending requests of pairs that met at an earlier event: not planned, reported.
    var setAside: [UnplacedMeeting] = []

    /// Each participant's share of the fairness bonus, by index: 1, or
    /// `EarlierMeetings.noShowWeight` for one with a no-show at their last event (whose
    /// priority for meetings is lower: with only their score halved, the bonus, which is the
    /// same for everyone, would still give them as many meetings as anyone).
    var fairnessShare: [Double] = []

    /// Bonus for the k-th meeting of participant `p` (k from 1): concave, so the first
    /// meeting of someone who has none is worth most.
    func marginal(_ p: Int, _ k: Int) -> Double {
        guard fairness > 0, k >= 1 else { return 0 }
        return fairness * fairnessShare[p] * 0.5 * pow2(k - 1)
    }

    private func pow2(_ n: Int) -> Double {
        var x = 1.0
        for _ in 0..<min(n, 60) { x *= 0.5 }
        return x
    }

    func pairKey(_ a: Int, _ b: Int) -> Int { a < b ? a * P + b : b * P + a }

    func available(_ p: Int, _ s: Int) -> Bool { avail[p * S + s] }

    /// Value of a meeting by where it comes from: accepted requests before pending ones
    /// before suggestions, higher priority first; the score decides within a tier.
    static func value(score: Double, origin: MeetingOrigin, priority: Int) -> Double {
        let p = Double(min(max(priority, 0), 20)) * 0.05
        switch origin {
        case .locked: return score + 8
        case .accepted: return score + 8 + p
        case .pending: return score + 3 + p
        case .suggested: return score
        }
    }

    init(event: Event, candidates: [Candidate], earlier: EarlierMeetings = .none) {
        ids = event.participants.map(\.id).sorted()
        index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        slotIDs = event.slots.map(\.id)
        slotIndex = Dictionary(uniqueKeysWithValues: slotIDs.enumerated().map { ($1, $0) })
        capacity = event.tables
        fairness = event.options.fairness
        seed = event.options.seed
        let S = event.slots.count, P = ids.count
        fairnessShare = ids.map { earlier.noShows.contains($0) ? EarlierMeetings.noShowWeight : 1 }
        avail = [Bool](repeating: false, count: P * S)
        limit = [Int](repeating: 0, count: P)
        for ep in event.participants {
            let p = index[ep.id]!
            var n = 0
            if let list = ep.available {
                for sid in list { if let s = slotIndex[sid], !avail[p * S + s] { avail[p * S + s] = true; n += 1 } }
            } else {
                for s in 0..<S { avail[p * S + s] = true }
                n = S
            }
            limit[p] = min(ep.maxMeetings ?? S, n)
        }
        edges = []
        edgeOf = [:]
        declined = []
        // Requests: the strongest status and priority per pair wins; declined excludes the pair.
        var best: [Int: (origin: MeetingOrigin, priority: Int)] = [:]
        for r in event.requests {
            guard let a = index[r.from], let b = index[r.to], a != b else { continue }
            let key = a < b ? a * P + b : b * P + a
            switch r.status {
            case .declined: declined.insert(key)
            case .accepted, .pending:
                let o: MeetingOrigin = r.status == .accepted ? .accepted : .pending
                if let cur = best[key], (cur.origin, -cur.priority) <= (o, -r.priority) { continue }
                best[key] = (o, r.priority)
            }
        }
        // Scores and reasons: the best candidate for the pair.
        var scores: [Int: (score: Double, reasons: [String])] = [:]
        for c in candidates {
            guard let a = index[c.a], let b = index[c.b], a != b else { continue }
            let key = a < b ? a * P + b : b * P + a
            if let cur = scores[key], cur.score >= c.score { continue }
            // Reasons are kept as the pair's first participant (by id) reads them.
            scores[key] = (c.score, a < b ? c.reasons : c.reasons.map(Reason.swappedSummary))
        }
        var keys = Set(best.keys).union(scores.keys).subtracting(declined).sorted()
        keys.removeAll { best[$0] == nil && (scores[$0]?.score ?? 0) <= 0 }
        // Pairs that met before: only an accepted request plans them again.
        if !earlier.met.isEmpty {
            keys.removeAll { key in
                let a = ids[key / P], b = ids[key % P]
                guard let met = earlier.met(a, b), best[key]?.origin != .accepted else { return false }
                if best[key]?.origin == .pending {
                    setAside.append(UnplacedMeeting(a: a, b: b, origin: .pending,
                                                    reason: "\(met.said): only an accepted request plans a pair that met before"))
                }
                return true
            }
        }
        for key in keys {
            let a = key / P, b = key % P
            let (origin, priority) = best[key] ?? (.suggested, 0)
            let score = scores[key]?.score ?? 0
            var value = Self.value(score: score, origin: origin, priority: priority)
            // A participant who did not come last time is suggested with lower priority.
            if origin == .suggested && (earlier.noShows.contains(ids[a]) || earlier.noShows.contains(ids[b])) {
                value *= EarlierMeetings.noShowWeight
            }
            edgeOf[key] = edges.count
            edges.append(Edge(a: a, b: b, score: score, origin: origin, priority: priority, value: value))
            reasons.append(scores[key]?.reasons ?? [])
        }
    }

    /// The edge of a pair, added as a suggestion with score 0 when the pair is new.
    mutating func edge(_ a: Int, _ b: Int, origin: MeetingOrigin, score: Double = 0, reasons: [String] = []) -> Int {
        let key = pairKey(a, b)
        if let e = edgeOf[key] {
            if origin == .locked {
                edges[e].origin = origin
                edges[e].value = Self.value(score: edges[e].score, origin: origin, priority: edges[e].priority)
            }
            return e
        }
        edgeOf[key] = edges.count
        edges.append(Edge(a: min(a, b), b: max(a, b), score: score, origin: origin, priority: 0,
                          value: Self.value(score: score, origin: origin, priority: 0)))
        self.reasons.append(reasons)
        return edges.count - 1
    }
}
