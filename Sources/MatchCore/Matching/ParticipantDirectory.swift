import Foundation

/// What the rules and filters need to know about each row of a competence matrix,
/// kept beside it so that a query never has to load whole participants.
public struct ParticipantDirectory: Sendable {
    public struct Entry: Sendable, Hashable {
        public var kind: ParticipantKind
        public var country: String
        /// Lower-cased organisation name, or nil.
        public var organisation: String?
        public var employees: Int?
        public var clusters: Set<String>
        public var optOut: Bool
        /// The EEN profile's type, types of partnership and targeted countries; nil for
        /// participants without `attributes.een`.
        public var een: EENPartnering?

        public init(kind: ParticipantKind, country: String, organisation: String?, employees: Int?, clusters: Set<String>, optOut: Bool,
                    een: EENPartnering? = nil) {
            self.kind = kind
            self.country = country
            self.organisation = organisation?.lowercased()
            self.employees = employees
            self.clusters = clusters
            self.optOut = optOut
            self.een = een
        }

        public init(_ p: Participant) {
            self.init(kind: p.kind, country: p.country, organisation: p.organisation, employees: p.employees,
                      clusters: Set(p.clusters), optOut: p.optOut, een: EENPartnering(p))
        }
    }

    /// Aligned with the matrix rows. A directory read from a vector store makes this array
    /// on first use (all-pairs jobs); single queries read `self[row]` instead.
    public var entries: [Entry] {
        get {
            guard let decoded else { return stored }
            guard !overrides.isEmpty else { return decoded.all }
            var all = decoded.all
            all += repeatElement(all.first ?? Entry(kind: .other, country: "", organisation: nil, employees: nil, clusters: [], optOut: false,
                                                    een: nil), count: appended)
            for (row, e) in overrides { all[row] = e }
            return all
        }
        set { stored = newValue; decoded = nil; overrides = [:]; appended = 0 }
    }
    private var stored: [Entry]
    private var decoded: DecodedEntries?
    /// Rows set over decoded entries (`set`), so that a few changes decode nothing else;
    /// rows at `decoded.count` and past are appended ones (`appended` of them).
    private var overrides: [Int: Entry] = [:]
    private var appended = 0

    public init(entries: [Entry]) { stored = entries }

    /// A directory of `count` rows whose entries `entry(row)` decodes on demand (from a
    /// vector store, read in place): a query reads only the rows it looks at.
    public init(count: Int, entry: @escaping @Sendable (Int) -> Entry) {
        stored = []
        decoded = DecodedEntries(count: count, decode: entry)
    }

    /// Rows.
    public var count: Int { decoded.map { $0.count + appended } ?? stored.count }

    /// Replaces one row's entry (`row == count`: appends one), in place: `entries[row] = e`
    /// would copy the whole array through its getter first, and a directory read from a
    /// vector store would decode every entry.
    public mutating func set(_ entry: Entry, row: Int) {
        precondition(row <= count, "row \(row) past the directory's \(count)")
        if decoded != nil {
            if row == count { appended += 1 }
            overrides[row] = entry
            return
        }
        if row == stored.count { stored.append(entry) } else { stored[row] = entry }
    }

    /// The rows set (`set`) over entries decoded on demand since the directory was made;
    /// nil when its entries are an array.
    public var rowsSetInPlace: Set<Int>? { decoded.map { _ in Set(overrides.keys) } }

    /// One row's entry.
    public subscript(row: Int) -> Entry {
        guard let decoded else { return stored[row] }
        return overrides[row] ?? decoded.decode(row)
    }
}

/// Entries decoded one at a time, or all at once (kept) when someone asks for the array.
private final class DecodedEntries: @unchecked Sendable {
    let count: Int
    let decode: @Sendable (Int) -> Entry
    private let lock = NSLock()
    private var made: [ParticipantDirectory.Entry]?

    typealias Entry = ParticipantDirectory.Entry

    init(count: Int, decode: @escaping @Sendable (Int) -> Entry) {
        self.count = count
        self.decode = decode
    }

    var all: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let all = (0..<count).map(decode)
        made = all
        return all
    }
}

/// Company size bands by head count, as in the EU SME definition.
public enum SizeBand: String, CaseIterable, Sendable, Hashable {
    case micro, small, medium, large

    public init?(employees: Int?) {
        guard let e = employees else { return nil }
        switch e {
        case ..<10: self = .micro
        case ..<50: self = .small
        case ..<250: self = .medium
        default: self = .large
        }
    }
}

/// Filters a user puts on a query: who may appear on the list.
public struct MatchFilters: Sendable, Hashable {
    public var kinds: Set<ParticipantKind> = []
    public var countries: Set<String> = []
    public var sizeBands: Set<SizeBand> = []
    /// Partners must belong to at least one of these clusters.
    public var clusters: Set<String> = []
    public var excludeIDs: Set<String> = []

    public init(kinds: Set<ParticipantKind> = [], countries: Set<String> = [], sizeBands: Set<SizeBand> = [],
                clusters: Set<String> = [], excludeIDs: Set<String> = []) {
        self.kinds = kinds
        self.countries = countries
        self.sizeBands = sizeBands
        self.clusters = clusters
        self.excludeIDs = excludeIDs
    }

    public func allows(_ e: ParticipantDirectory.Entry, id: String) -> Bool {
        if !kinds.isEmpty && !kinds.contains(e.kind) { return false }
        if !countries.isEmpty && !countries.contains(e.country) { return false }
        if !sizeBands.isEmpty { guard let band = SizeBand(employees: e.employees), sizeBands.contains(band) else { return false } }
        if !clusters.isEmpty && clusters.isDisjoint(with: e.clusters) { return false }
        return !excludeIDs.contains(id)
    }
}

/// The rule of a scoring profile that keeps a pair apart. The reason is data; `message`
/// words it for people, only when someone asks (`explain`), not for every excluded pair of
/// an all-pairs run.
public enum PairExclusion: Sendable, Hashable {
    /// The partner (this id) has opted out of being suggested.
    case optedOut(String)
    /// The profile does not pair these kinds (asker's, partner's).
    case kinds(ParticipantKind, ParticipantKind)
    /// Both belong to this organisation (lower-cased).
    case sameOrganisation(String)
    /// Both are in this cluster (or one is the other's cluster); the first by id when several.
    case sameCluster(String)
    /// Both are from this country and the profile requires different ones.
    case sameCountry(String)
    /// EEN profile types or types of partnership that do not pair (the rule's own words).
    case eenPartnership(String)

    public var message: String {
        switch self {
        case .optedOut(let id): "\(id) has opted out of being suggested"
        case .kinds(let a, let b): "the profile does not pair a \(a.rawValue) with a \(b.rawValue)"
        case .sameOrganisation(let o): "same organisation (\(o))"
        case .sameCluster(let c): "both in cluster \(c)"
        case .sameCountry(let c): "same country (\(c)); the profile requires different countries"
        case .eenPartnership(let why): why
        }
    }
}

extension MatchRules {
    /// The rule that keeps a pair apart, or nil when the pair may meet.
    /// - Parameters: `a` the asking participant (id, entry), `b` the candidate partner.
    public func exclusion(_ aID: String, _ a: ParticipantDirectory.Entry, _ bID: String, _ b: ParticipantDirectory.Entry) -> PairExclusion? {
        if b.optOut { return .optedOut(bID) }
        if let kindPairs, !kindPairs.contains(KindPair(a.kind, b.kind)) { return .kinds(a.kind, b.kind) }
        if excludeSameOrganisation, let o = a.organisation, o == b.organisation { return .sameOrganisation(o) }
        if excludeSameCluster {
            // One may be the other's cluster.
            let bIsAsCluster = a.clusters.contains(bID), aIsBsCluster = b.clusters.contains(aID)
            if bIsAsCluster || aIsBsCluster || !a.clusters.isDisjoint(with: b.clusters) {
                var shared = a.clusters.intersection(b.clusters)
                if bIsAsCluster { shared.insert(bID) }
                if aIsBsCluster { shared.insert(aID) }
                return .sameCluster(shared.min()!)
            }
        }
        if requireDifferentCountry && a.country == b.country { return .sameCountry(a.country) }
        if eenPartnership, let why = EENPartnership.exclusion(aID, a.een, bID, b.een) { return .eenPartnership(why) }
        return nil
    }
}

extension MatchRules {
    /// The rules as a filter on (row, partner row) pairs of a directory, for all-pairs:
    /// `exclusion(…) == nil` for each pair, asked from several threads. When opting out is
    /// the only rule that applies (`peers`), the filter is a look-up of the partners who
    /// opted out, and nil when nobody did: the kernels then ask nothing per candidate.
    public func pairFilter(ids: [String], entries: [ParticipantDirectory.Entry]) -> (@Sendable (Int, Int) -> Bool)? {
        guard kindPairs == nil, !excludeSameOrganisation, !excludeSameCluster, !requireDifferentCountry, !eenPartnership else {
            let facts = PairFacts(ids: ids, entries: entries, rules: self)
            return { i, j in facts.allowed(i, j) { exclusion(ids[i], entries[i], ids[j], entries[j]) == nil } }
        }
        let optedOut = entries.map(\.optOut)
        guard optedOut.contains(true) else { return nil }
        return { _, j in !optedOut[j] }
    }
}

/// What the pair filter compares about each row, as small numbers (kinds, interned
/// organisations, countries and clusters): asking it copies no entry, so costs no reference
/// counting, where `exclusion` on entries did for every pair the kernels consider.
private struct PairFacts: Sendable {
    let optOut: [Bool]
    let kind: [UInt8]
    let organisation: [Int32]  // -1: none
    let country: [Int32]
    let clusters: [[Int32]]  // sorted
    /// The row's id as a cluster name others list (-1: nobody lists it).
    let asCluster: [Int32]
    let een: [Bool]
    let rules: MatchRules
    /// Which kinds pair (`kinds × kinds`, by `ParticipantKind.allCases` order); nil: all.
    let kindPairs: [Bool]?

    init(ids: [String], entries: [ParticipantDirectory.Entry], rules: MatchRules) {
        self.rules = rules
        let all = ParticipantKind.allCases
        kindPairs = rules.kindPairs.map { pairs in all.flatMap { a in all.map { b in pairs.contains(.init(a, b)) } } }
        var names: [String: Int32] = [:], countries: [String: Int32] = [:], clusterNames: [String: Int32] = [:]
        func intern(_ s: String, _ table: inout [String: Int32]) -> Int32 {
            if let x = table[s] { return x }
            let x = Int32(table.count)
            table[s] = x
            return x
        }
        optOut = entries.map(\.optOut)
        kind = entries.map { UInt8(all.firstIndex(of: $0.kind)!) }
        organisation = entries.map { e in e.organisation.map { intern($0, &names) } ?? -1 }
        country = entries.map { intern($0.country, &countries) }
        clusters = entries.map { e in e.clusters.map { intern($0, &clusterNames) }.sorted() }
        asCluster = ids.map { clusterNames[$0] ?? -1 }
        een = entries.map { $0.een != nil }
    }

    /// Whether rows i and j may pair under the rules, as `rules.exclusion(…) == nil` would
    /// say; `full` answers the pairs where both are EEN profiles (their rule reads the profiles).
    @inline(__always)
    func allowed(_ i: Int, _ j: Int, full: () -> Bool) -> Bool {
        if optOut[j] { return false }
        if let kindPairs, !kindPairs[Int(kind[i]) * ParticipantKind.allCases.count + Int(kind[j])] { return false }
        if rules.excludeSameOrganisation, organisation[i] >= 0, organisation[i] == organisation[j] { return false }
        if rules.excludeSameCluster, !clusters[i].isEmpty || !clusters[j].isEmpty {
            if (asCluster[j] >= 0 && clusters[i].contains(asCluster[j])) || (asCluster[i] >= 0 && clusters[j].contains(asCluster[i])) {
                return false
            }
            if Self.share(clusters[i], clusters[j]) { return false }
        }
        if rules.requireDifferentCountry, country[i] == country[j] { return false }
        if rules.eenPartnership, een[i], een[j] { return full() }
        return true
    }

    /// Whether two sorted lists have an element in common.
    private static func share(_ a: [Int32], _ b: [Int32]) -> Bool {
        var x = 0, y = 0
        while x < a.count, y < b.count {
            if a[x] == b[y] { return true }
            if a[x] < b[y] { x += 1 } else { y += 1 }
        }
        return false
    }
}
