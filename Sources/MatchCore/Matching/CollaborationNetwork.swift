import Foundation

/// What kind of past collaboration a history record is.
public enum CollaborationKind: String, Sendable, Hashable, CaseIterable {
    case project, meeting, partnership, membership

    /// How much a record of this kind counts in the network, times its own `weight`: a
    /// meeting ¼ of a project, partnership or membership.
    ///
    /// The `network` and `activity` weights were chosen on CORDIS, where a tie is one pair's
    /// share of a consortium (2/n: 0.2–0.25 in the consortia of 8–10 most projects have).
    /// A 20-minute meeting of two counted 1, four to five times a project partner's tie, so a
    /// cluster's first event outweighed years of projects and its members' content.
    public var tieWeight: Double { self == .meeting ? 0.25 : 1 }

    /// What two members of such a record did together, as explanations say it.
    public var relation: CollaborationNetwork.Relation {
        switch self {
        case .project, .partnership: .workedWith
        case .meeting: .met
        case .membership: .sharedMembership
        }
    }
}

/// One past collaboration: a group of members (a project with its partners, or a pair) that
/// worked together on a date. Every pair of members collaborated.
///
/// Members are participant ids or history-only nodes (organisations known only from the
/// history: they count as common partners and are never suggested).
public struct Collaboration: Sendable, Hashable {
    /// Identifies the record, so that importing it again replaces it: `group|source|name` for
    /// a group record (`group`), `pair|a|b|kind|date|source` for a pair record (a, b in id
    /// order), `cordis:ID` for a CORDIS project.
    public var key: String
    public var kind: CollaborationKind
    /// `YYYY-MM-DD`.
    public var date: String
    /// How much the collaboration counts (1 for an ordinary record).
    public var weight: Double
    public var source: String
    /// The members, sorted and distinct.
    public var members: [String]

    public init(key: String, kind: CollaborationKind, date: String, weight: Double = 1, source: String, members: [String]) {
        self.key = key
        self.kind = kind
        self.date = date
        self.weight = weight
        self.source = source
        self.members = Array(Set(members)).sorted()
    }

    /// The record without some of its members (participants erased from the database), or
    /// nil when it no longer says anything: fewer than two members left, a pair record (its
    /// key names both), or a meeting of three or more left with two (they were at a round
    /// table, not in a meeting of two: kept, they would count as having met). The weight
    /// becomes `k/n` of itself, so that each pair of the `k` members left keeps the `2/n`
    /// share of the record it had.
    public func without(_ removed: (String) -> Bool) -> Collaboration? {
        let kept = members.filter { !removed($0) }
        if kept.count == members.count { return self }
        guard kept.count >= 2, !key.hasPrefix("pair|"), !(kind == .meeting && kept.count == 2) else { return nil }
        var r = self
        r.weight = weight * Double(kept.count) / Double(members.count)
        r.members = kept
        return r
    }

    /// How messages name the record: a group record's name (without its source), else the key.
    public var label: String {
        let prefix = "group|\(source)|"
        return key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : key
    }

    /// A group record (`{"group", "members", "kind", "date", "weight", "source"}`), keyed by its
    /// source and name: two sources may both number their projects `P1`.
    public static func group(_ name: String, members: [String], kind: CollaborationKind, date: String, weight: Double = 1, source: String) -> Collaboration {
        Collaboration(key: "group|\(source)|\(name)", kind: kind, date: date, weight: weight, source: source, members: members)
    }

    /// A pair record (`{"a", "b", "kind", "date", "weight", "source"}`), keyed by its fields.
    public static func pair(_ a: String, _ b: String, kind: CollaborationKind, date: String, weight: Double = 1, source: String) -> Collaboration {
        let (x, y) = a <= b ? (a, b) : (b, a)
        return Collaboration(key: "pair|\(x)|\(y)|\(kind.rawValue)|\(date)|\(source)", kind: kind, date: date,
                             weight: weight, source: source, members: [x, y])
    }
}

/// Who worked with whom, weighted and decayed in time, for the `network` and `activity`
/// score components, the `newOnly` rule and their explanations.
///
/// Time decay counts from a reference date: the profile's `asOf`, or else the newest date
/// in the history, never the clock, so the same database scores the same every day. A
/// collaboration `t` years before it counts `2^(−t / halfLife)`; a group of `n` members
/// gives each of its pairs `2 / n` of its weight (a pair gets all of it), because being one of
/// forty partners in a consortium says less than working with one partner.
public struct CollaborationNetwork: Sendable {
    /// One neighbour of a node: its index, the decayed strength of the tie, the newest date.
    public struct Tie: Sendable, Hashable {
        public var node: Int
        public var strength: Double
        public var newest: String
        /// The newest date the two worked together or met (`worksTogether`); nil when they
        /// only share memberships or a meeting of many.
        public var together: String?
        /// The closest of the records' relations (a project and a meeting: `workedWith`).
        public var relation: Relation
        /// The newest date of the records of that relation (a project's, not a later meeting's).
        public var relationNewest: String
    }

    /// What two members of a record did together, from the loosest tie to the closest: how a
    /// common partner is named (`you both worked with`, `you both met`, `you both share a
    /// membership with`). `connected` is for a partner the two have different ties with (one
    /// worked with it, the other met it or shares a membership with it): `you both know`.
    public enum Relation: Int, Sendable, Hashable, Comparable {
        case connected, sharedMembership, met, workedWith

        public static func < (a: Relation, b: Relation) -> Bool { a.rawValue < b.rawValue }

        /// What two sides' relations to one partner say of both: the same relation, else
        /// `connected` ("you both met" would understate years of work on one side).
        static func both(_ a: Relation, _ b: Relation) -> Relation {
            a == b ? a : .connected
        }
    }

    /// Whether a record means that every pair of its members worked together or met: a
    /// project or partnership, a meeting of two. Sharing a membership, or being two of the
    /// people in a meeting of many, is no such thing (the planner's rule too): `newOnly`
    /// keeps those pairs, though they count as ties for common partners.
    public static func worksTogether(_ r: Collaboration) -> Bool {
        switch r.kind {
        case .project, .partnership: true
        case .meeting: r.members.count == 2
        case .membership: false
        }
    }

    /// Node ids (participants and history-only nodes), sorted.
    public let ids: [String]
    let index: [String: Int]
    /// Per node, its ties sorted by neighbour index.
    public let ties: [[Tie]]
    /// Per node, the sum of its ties' strengths.
    public let strength: [Double]
    /// Per node, `ln(e + degree)`: Adamic–Adar's discount of a common partner.
    let logDegree: [Double]
    /// The reference date of the decay.
    public let asOf: String
    public let halfLife: Double

    /// The default half-life of a collaboration's weight, in years.
    public static let defaultHalfLife = 4.0

    /// Builds the network from collaboration records.
    /// - Parameters:
    ///   - asOf: the decay's reference date (`YYYY-MM-DD`); nil takes the newest record's date.
    ///     Records after it are left out (they had not happened yet).
    /// - Complexity: O(Σ n²) over the groups' sizes n, plus sorting the ties.
    public init(_ records: [Collaboration], asOf: String? = nil, halfLife: Double = defaultHalfLife) {
        let reference = asOf ?? records.map(\.date).max() ?? "0000-01-01"
        let kept = records.filter { $0.date <= reference && $0.members.count >= 2 }
        let ids = Array(Set(kept.flatMap(\.members))).sorted()
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let day = CalendarDay.number(reference) ?? 0
        var maps = [[Int: Tie]](repeating: [:], count: ids.count)
        // Records in key order, so that sums round the same whatever order they were stored in.
        for r in kept.sorted(by: { $0.key < $1.key }) {
            let age = Double(day - (CalendarDay.number(r.date) ?? day)) / 365.25
            let w = r.weight * r.kind.tieWeight * Self.decay(years: age, halfLife: halfLife)
                * (r.members.count == 2 ? 1 : 2 / Double(r.members.count))
            let nodes = r.members.map { index[$0]! }
            let together = Self.worksTogether(r) ? r.date : nil
            for x in nodes {
                for y in nodes where y != x {
                    if var old = maps[x][y] {
                        old.strength += w
                        old.newest = max(old.newest, r.date)
                        old.together = max(old.together ?? "", together ?? "").nilIfEmpty
                        if r.kind.relation > old.relation {
                            (old.relation, old.relationNewest) = (r.kind.relation, r.date)
                        } else if r.kind.relation == old.relation {
                            old.relationNewest = max(old.relationNewest, r.date)
                        }
                        maps[x][y] = old
                    } else {
                        maps[x][y] = Tie(node: y, strength: w, newest: r.date, together: together, relation: r.kind.relation, relationNewest: r.date)
                    }
                }
            }
        }
        self.ids = ids
        self.index = index
        ties = maps.map { $0.values.sorted { $0.node < $1.node } }
        strength = ties.map { $0.reduce(0) { $0 + $1.strength } }
        logDegree = ties.map { log(M_E_ + Double($0.count)) }
        self.asOf = reference
        self.halfLife = halfLife
    }

    /// `2^(−years / halfLife)`; a record dated after the reference counts fully.
    static func decay(years: Double, halfLife: Double) -> Double {
        years <= 0 ? 1 : exp2(-years / halfLife)
    }

    public var isEmpty: Bool { ids.isEmpty }

    /// Whether two nodes worked together or met (`worksTogether`): what `newOnly` leaves out.
    public func collaborated(_ a: String, _ b: String) -> Bool {
        guard let i = index[a], let j = index[b] else { return false }
        return tie(i, j)?.together != nil
    }

    /// The direct tie of two nodes (their summed decayed strength and newest date), if any.
    public func ties(_ a: String, _ b: String) -> Tie? {
        guard let i = index[a], let j = index[b] else { return nil }
        return tie(i, j)
    }

    func tie(_ i: Int, _ j: Int) -> Tie? {
        let list = ties[i]
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].node < j { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.count && list[lo].node == j ? list[lo] : nil
    }

    /// A partner both nodes have: its share of their network score, the newest date either
    /// worked with it (of the records of `relation`, when both sides' ties are of it), and
    /// what both did with it (`Relation.both`).
    public struct CommonPartner: Sendable, Hashable {
        public var id: String
        public var share: Double
        public var newest: String
        public var relation: Relation
    }

    /// The common partners of two nodes, each with its share of their network score and the
    /// newest date either worked with it, strongest first (ties by id).
    ///
    /// A common partner z adds `√(w(a,z)·w(b,z)) / ln(e + degree(z))` (Adamic–Adar over
    /// weighted ties: a partner of everyone says little).
    /// - Complexity: O(min(deg a, deg b) · log max(deg a, deg b)).
    public func commonPartners(_ a: String, _ b: String) -> [CommonPartner] {
        guard let i = index[a], let j = index[b], i != j else { return [] }
        let (small, large) = ties[i].count <= ties[j].count ? (i, j) : (j, i)
        var found: [CommonPartner] = []
        for t in ties[small] where t.node != large {
            guard let u = tie(large, t.node) else { continue }
            let share = (t.strength * u.strength).squareRoot() / logDegree[t.node]
            found.append(Self.commonPartner(ids[t.node], share: share, t, u))
        }
        return found.sorted { $0.share != $1.share ? $0.share > $1.share : $0.id < $1.id }
    }

    /// The raw Adamic–Adar sum of two nodes (0 when they share no partner).
    public func adamicAdar(_ a: String, _ b: String) -> Double {
        guard let i = index[a], let j = index[b] else { return 0 }
        return adamicAdar(i, j)
    }

    /// The Adamic–Adar sum by node index, summed in node order (so it does not depend on
    /// which side asks), without allocating: matching calls it for every candidate pair.
    /// - Complexity: O(min(deg i, deg j) · log max(deg i, deg j)).
    func adamicAdar(_ i: Int, _ j: Int) -> Double {
        guard i != j else { return 0 }
        let (small, large) = ties[i].count <= ties[j].count ? (i, j) : (j, i)
        guard !ties[small].isEmpty else { return 0 }
        var sum = 0.0
        for t in ties[small] where t.node != large {
            guard let u = tie(large, t.node) else { continue }
            sum += (t.strength * u.strength).squareRoot() / logDegree[t.node]
        }
        return sum
    }

    /// Whether two nodes have a common partner, without summing (the gate of `activity`).
    func sharesPartner(_ i: Int, _ j: Int) -> Bool {
        guard i != j else { return false }
        let (small, large) = ties[i].count <= ties[j].count ? (i, j) : (j, i)
        return ties[small].contains { $0.node != large && tie(large, $0.node) != nil }
    }

    /// The `network` component's value: `1 − e^(−AA)`, in [0, 1): 0 without common
    /// partners, rising with each one and saturating.
    public func networkValue(_ a: String, _ b: String) -> Float {
        guard let i = index[a], let j = index[b] else { return 0 }
        return networkValue(i, j)
    }

    func networkValue(_ i: Int, _ j: Int) -> Float {
        let s = adamicAdar(i, j)
        return s > 0 ? Float(-expm1(-s)) : 0
    }

    /// How much a node has collaborated, in [0, 1): `s / (s + 10)` of its summed tie strength.
    public func activity(_ a: String) -> Double {
        guard let i = index[a] else { return 0 }
        return strength[i] / (strength[i] + Self.activityScale)
    }

    static let activityScale = 10.0

    /// The score components over the rows of a matrix (`ids` in row order): `network` from
    /// common partners and `activity` as `√(activity(a)·activity(b))` when either is one of
    /// the most active rows (`hubCount`), else 0 (symmetric, so it ranks a participant's
    /// partners by how much they have collaborated), gated (`PairTerm.related`): it counts
    /// only for pairs that share content or partners, or worked together. On CORDIS the gate costs nothing (7.56 % →
    /// 7.56 % on the 2015 split, 6.75 → 6.73 % on 2016: Benchmarks/cordis/README.md), and a
    /// busy stranger no longer heads a list. Empty when no row is in the history,
    /// so that scores without history stay what they were.
    /// - Parameter activityHubs: how many of the most active rows `activity` counts with
    ///   (default: `hubCount` of the rows that have collaborated).
    public func terms(rows: [String], activityHubs: Int? = nil) -> [PairTerm] {
        let rowNode = rows.map { index[$0] }
        guard rowNode.contains(where: { $0 != nil }) else { return [] }
        let activity = rows.map { Float(self.activity($0)) }
        var nodeRow = [Int?](repeating: nil, count: ids.count)
        for (row, node) in rowNode.enumerated() { if let node { nodeRow[node] = row } }
        let rowOf = nodeRow
        // Only partners of partners share a common partner: the network term is 0 elsewhere.
        let network = PairTerm(name: .network, range: 0...1, support: { i in
            guard let x = rowNode[i] else { return [] }
            var rows: Set<Int> = []
            for t in self.ties[x] { for u in self.ties[t.node] where u.node != x { if let r = rowOf[u.node] { rows.insert(r) } } }
            return rows.sorted()
        }) { i, j in
            guard let x = rowNode[i], let y = rowNode[j] else { return 0 }
            return self.networkValue(x, y)
        }
        // Activity counts for pairs with one of the most active rows (`activityHubs`): a
        // sparse term, whose support keeps the prefilter's margin at 0 (a weight large enough
        // to matter would otherwise have every pair re-scored).
        let hubs = Self.hubs(activity, count: activityHubs ?? Self.hubCount(active: activity.count { $0 > 0 }))
        let hubRows = hubs.indices.filter { hubs[$0] }
        let allRows = Array(rows.indices)
        let highest = activity.max() ?? 0
        // Related: they worked together, or share a partner.
        let related: @Sendable (Int, Int) -> Bool = { i, j in
            guard let x = rowNode[i], let y = rowNode[j] else { return false }
            return self.tie(x, y) != nil || self.sharesPartner(x, y)
        }
        let active = PairTerm(name: .activity, range: 0...highest, support: { i in hubs[i] ? allRows : hubRows }, related: related) { i, j in
            // √(a·b) never exceeds the most active row's activity (the range's upper bound).
            hubs[i] || hubs[j] ? min(highest, (activity[i] * activity[j]).squareRoot()) : 0
        }
        return [network, active]
    }

    /// At most how many of the most active rows the `activity` term counts with: a pair
    /// scores `√(a·b)` when either side is one of them, 0 otherwise. Measured on CORDIS
    /// (Benchmarks/cordis/README.md): new partners come from the most active organisations,
    /// so a list's top 10 is the same as with every row counted, at a fraction of the time.
    public static let activityHubs = 300

    /// How many rows count as the most active: 1 in 32 of those that have collaborated (about
    /// 300 of CORDIS's 9,000), at least 1 and at most `activityHubs`. A share, not a fixed
    /// number, so that in a cluster of 40 members not everyone is "most active" and lists are
    /// not ordered by activity alone.
    public static func hubCount(active: Int) -> Int {
        min(activityHubs, max(1, (active + 31) / 32))
    }

    /// The (at most) `count` rows with the highest activity, those with activity 0 left out.
    /// Rows as active as the first row past the `count` are not among them: a tie at the cut
    /// is not broken by id. After one event where everyone held five meetings, choosing "the
    /// most active" by id put the first two ids in 47 of the 60 attendees' next top 10
    /// (Benchmarks/history); with no one more active than the rest, no one is.
    static func hubs(_ activity: [Float], count: Int) -> [Bool] {
        var hub = [Bool](repeating: false, count: activity.count)
        let ranked = activity.indices.filter { activity[$0] > 0 }.sorted { activity[$0] != activity[$1] ? activity[$0] > activity[$1] : $0 < $1 }
        let cut = ranked.count > count && count > 0 ? activity[ranked[count]] : 0
        for i in ranked.prefix(count) where activity[i] > cut { hub[i] = true }
        return hub
    }

    /// A sentence for people: `you both worked with Acme (2019) and Fraunhofer IDMT (2021)`,
    /// naming the (up to) three strongest common partners; nil without common partners. A
    /// partner both only met (`you both met Acme (2025)`) or share a membership with is named
    /// so: two event meetings are no work together.
    /// - Parameter name: a node's display name (its id when nil).
    public func explanation(_ a: String, _ b: String, name: (String) -> String?) -> String? {
        let (strongest, count) = strongestCommonPartners(a, b, limit: 3)
        guard !strongest.isEmpty else { return nil }
        // One clause per relation, closest first, each naming its partners strongest first:
        // "you both worked with A (2019) and B (2021); you both met C (2025)".
        let clauses: [String] = [Relation.workedWith, .met, .sharedMembership, .connected].compactMap { relation in
            let shown = strongest.filter { $0.relation == relation }.map { "\(name($0.id) ?? $0.id) (\($0.newest.prefix(4)))" }
            guard !shown.isEmpty else { return nil }
            let verb = switch relation {
            case .workedWith: "worked with"
            case .met: "met"
            case .sharedMembership: "share a membership with"
            case .connected: "know"
            }
            return "you both " + verb + " " + Self.list(shown)
        }
        var text = clauses.joined(separator: "; ")
        if count > 3 { text += " (\(count) common partners in all)" }
        return text
    }

    /// The common partner of two sides whose ties with it are `t` and `u`.
    static func commonPartner(_ id: String, share: Double, _ t: Tie, _ u: Tie) -> CommonPartner {
        let relation = Relation.both(t.relation, u.relation)
        let newest = t.relation == u.relation ? max(t.relationNewest, u.relationNewest) : max(t.newest, u.newest)
        return CommonPartner(id: id, share: share, newest: newest, relation: relation)
    }

    /// "A", "A and B", "A, B and C".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// How many partners a node has in the history (0 when it is not in it).
    public func partnerCount(_ a: String) -> Int { index[a].map { ties[$0].count } ?? 0 }

    /// The first `limit` of `commonPartners(a, b)` and how many there are, in one pass
    /// without sorting them all: match-all asks it for every row of every list.
    public func strongestCommonPartners(_ a: String, _ b: String, limit: Int) -> (partners: [CommonPartner], count: Int) {
        guard let i = index[a], let j = index[b], i != j else { return ([], 0) }
        let (small, large) = ties[i].count <= ties[j].count ? (i, j) : (j, i)
        var kept: [CommonPartner] = []
        var count = 0
        for t in ties[small] where t.node != large {
            guard let u = tie(large, t.node) else { continue }
            count += 1
            let share = (t.strength * u.strength).squareRoot() / logDegree[t.node]
            let id = ids[t.node]
            // Keep the `limit` best, ordered as commonPartners orders them.
            let at = kept.firstIndex { share > $0.share || (share == $0.share && id < $0.id) } ?? kept.count
            guard at < limit else { continue }
            kept.insert(Self.commonPartner(id, share: share, t, u), at: at)
            if kept.count > limit { kept.removeLast() }
        }
        return (kept, count)
    }
}

private let M_E_ = 2.718281828459045

/// Days since 0000-03-01 of a `YYYY-MM-DD` date (the proleptic Gregorian calendar), for
/// date arithmetic without Foundation or the clock.
enum CalendarDay {
    static func number(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y0 = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe
    }

    /// Whether the text is a real `YYYY-MM-DD` date (2021-02-30 is not).
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.enumerated().allSatisfy({ [4, 7].contains($0.offset) || (48...57).contains($0.element) }) else { return false }
        let y = Int(text.prefix(4))!, m = Int(text.dropFirst(5).prefix(2))!, d = Int(text.suffix(2))!
        guard (1...12).contains(m), d >= 1 else { return false }
        return d <= days(year: y, month: m)
    }

    /// How many days a month (1…12) of a year has, in the proleptic Gregorian calendar.
    static func days(year y: Int, month m: Int) -> Int {
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }
}

extension CollaborationNetwork {
    /// Whether a text is a `YYYY-MM-DD` calendar date (importers check history dates with it).
    public static func isDate(_ text: String) -> Bool { CalendarDay.isValid(text) }

    /// How many days a month (1…12) of a year has (importers say why a date is not one).
    public static func daysIn(year: Int, month: Int) -> Int { CalendarDay.days(year: year, month: month) }

    /// The records far newer than the rest of a history: the newest few (at most 1 in 100,
    /// at least 2, and fewer than half) when more than five years separate them from the
    /// others. One such date moves the decay's reference (a typo like 2052 for 2025 makes
    /// every real collaboration look decades old). Read from the data, never the clock.
    /// - Returns: how many, the latest date, and the newest date of the rest; nil when none.
    public static func datesFarAhead(_ dates: [String]) -> (records: Int, latest: String, restNewest: String)? {
        let sorted = dates.sorted(by: >)
        let limit = min(max(2, sorted.count / 100), (sorted.count - 1) / 2)
        var found: Int?
        for i in stride(from: 0, to: limit, by: 1) {
            guard let a = CalendarDay.number(sorted[i]), let b = CalendarDay.number(sorted[i + 1]) else { continue }
            if Double(a - b) > 5 * 365.25 { found = i }  // the deepest such gap among the newest
        }
        return found.map { (records: $0 + 1, latest: sorted[0], restNewest: sorted[$0 + 1]) }
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
