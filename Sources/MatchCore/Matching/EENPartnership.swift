/// What the EEN rules need to know about a profile (from `attributes.een`): its type, the
/// types of partnership it seeks, and the countries it targets.
public struct EENPartnering: Sendable, Hashable {
    /// `BO`, `BR`, `TO`, `TR` or `RDR`; nil when not known.
    public var type: String?
    /// EEN's own labels, as given (`"License agreement"`).
    public var partnershipTypes: [String]
    /// ISO codes.
    public var targetedCountries: [String]

    public init(type: String?, partnershipTypes: [String] = [], targetedCountries: [String] = []) {
        self.type = type
        self.partnershipTypes = partnershipTypes
        self.targetedCountries = targetedCountries
    }

    /// Reads `attributes.een` of a participant; nil when it has none.
    public init?(_ p: Participant) {
        guard let een = p.attributes?["een"], een.objectValue != nil else { return nil }
        func strings(_ key: String) -> [String] { een[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(type: een["type"]?.stringValue, partnershipTypes: strings("typesOfPartnership"),
                  targetedCountries: strings("targetedCountries"))
    }
}

/// The `rules.eenPartnership` rule: two EEN profiles may meet when their profile types pair
/// (BO ↔ BR, TO ↔ TR, RDR ↔ TO and RDR ↔ RDR) and at least one type of partnership of one
/// is compatible with one of the other's. Without `attributes.een` on either side the rule
/// says nothing; a profile without types of partnership constrains nothing. The table is in
/// docs/een-partnership.md.
public enum EENPartnership {
    /// Unordered pairs of profile types that EEN brokers: an offer meets the matching
    /// request, and an R&D request meets technology offers and other research partners.
    public static let typePairs: Set<[String]> = [["BO", "BR"], ["TO", "TR"], ["RDR", "TO"], ["RDR", "RDR"]]

    /// EEN's labels (as keys: lower case, single spaces, British `licence` spelled `license`)
    /// and the labels each is compatible with besides itself. Symmetric by construction.
    static let related: [String: Set<String>] = {
        let pairs: [(String, String)] = [
            ("commercial agreement", "commercial agreement with technical assistance"),
            ("commercial agreement", "commercial agency agreement"),
            ("commercial agreement", "distribution services agreement"),
            ("commercial agency agreement", "distribution services agreement"),
            ("commercial agreement with technical assistance", "technical cooperation agreement"),
            ("technical cooperation agreement", "research cooperation agreement"),
            ("technical cooperation agreement", "research and development cooperation agreement"),
            ("research cooperation agreement", "research and development cooperation agreement"),
            ("license agreement", "commercial agreement with technical assistance"),
            ("joint venture agreement", "investment agreement"),
            ("joint venture agreement", "financial agreement"),
            ("investment agreement", "financial agreement"),
            ("investment agreement", "acquisition agreement"),
            ("outsourcing agreement", "manufacturing agreement"),
            ("outsourcing agreement", "services agreement"),
            ("outsourcing agreement", "subcontracting agreement"),
            ("manufacturing agreement", "subcontracting agreement"),
            ("manufacturing agreement", "reciprocal production agreement"),
            ("services agreement", "subcontracting agreement"),
        ]
        var table: [String: Set<String>] = [:]
        for (a, b) in pairs {
            table[a, default: []].insert(b)
            table[b, default: []].insert(a)
        }
        return table
    }()

    /// Every label the table knows (as keys).
    public static var knownLabels: [String] { Array(related.keys).sorted() }

    /// The comparison key of a label: trimmed, lower case, single spaces, `licence` → `license`.
    public static func key(_ label: String) -> String {
        label.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{A0}" })
            .joined(separator: " ").replacingOccurrences(of: "licence", with: "license")
    }

    /// True when two types of partnership fit: the same label (trimmed, any case), or a pair
    /// in the table. A label the table does not know fits only itself.
    public static func compatible(_ a: String, _ b: String) -> Bool {
        let x = key(a), y = key(b)
        return x == y || related[x]?.contains(y) == true
    }

    /// Why two EEN profiles do not pair, or nil when they may.
    public static func exclusion(_ aID: String, _ a: EENPartnering?, _ bID: String, _ b: EENPartnering?) -> String? {
        guard let a, let b else { return nil }
        if let ta = a.type, let tb = b.type, !typePairs.contains([ta, tb].sorted()) {
            let partners = typePairs.compactMap { p -> String? in
                p.contains(ta) ? (p[0] == ta && p[1] == ta ? ta : p.first { $0 != ta }) : nil
            }.sorted()
            return "EEN profile types do not pair: \(aID) is a \(ta), which meets \(partners.joined(separator: " or ")), and \(bID) is a \(tb) (rules.eenPartnership)"
        }
        guard !a.partnershipTypes.isEmpty, !b.partnershipTypes.isEmpty else { return nil }
        for x in a.partnershipTypes { for y in b.partnershipTypes where compatible(x, y) { return nil } }
        func list(_ types: [String]) -> String { types.map { "\"\($0)\"" }.joined(separator: ", ") }
        return "no compatible type of partnership: \(aID) seeks \(list(a.partnershipTypes)), \(bID) seeks \(list(b.partnershipTypes)) (rules.eenPartnership)"
    }

    /// The targeted-country facts of a pair, for people: `they target DK, SE; you are in DE`.
    /// Empty when neither targets countries or each is in a country the other targets.
    public static func targetingNotes(_ a: EENPartnering?, country aCountry: String, _ b: EENPartnering?, country bCountry: String) -> [String] {
        var notes: [String] = []
        if let b, !b.targetedCountries.isEmpty, !b.targetedCountries.contains(aCountry) {
            notes.append("they target \(b.targetedCountries.joined(separator: ", ")); you are in \(aCountry)")
        }
        if let a, !a.targetedCountries.isEmpty, !a.targetedCountries.contains(bCountry) {
            notes.append("you target \(a.targetedCountries.joined(separator: ", ")); they are in \(bCountry)")
        }
        return notes
    }
}

/// The `targetedCountries` score component: EEN profiles name the countries they look for
/// partners in. The term is ½ when one profile targets the other's country and 1 when both
/// do (symmetric, as pair terms must be: all-pairs scores each pair once for both sides);
/// it is 0 for profiles that target nothing, so everyone else keeps their scores.
public enum TargetedCountries {
    /// The pair term over the rows of a directory, or nil when no row targets a country.
    public static func term(_ entries: [ParticipantDirectory.Entry]) -> PairTerm? {
        let targets = entries.map { Set($0.een?.targetedCountries ?? []) }
        guard targets.contains(where: { !$0.isEmpty }) else { return nil }
        let countries = entries.map(\.country)
        return PairTerm(name: .targetedCountries, range: 0...1) { i, j in
            (targets[i].contains(countries[j]) ? 0.5 : 0) + (targets[j].contains(countries[i]) ? 0.5 : 0)
        }
    }

    /// The term after the rows `changed` got new entries: a pair of rows neither of which
    /// changed keeps `base`'s value (nil: no row targeted a country), any other pair is
    /// worked out from the rows' entries (`entry`, read only for such pairs). Equal to
    /// `term(entries)` over the entries as they now are.
    public static func term(base: PairTerm?, changed: Set<Int>, entry: @escaping @Sendable (Int) -> ParticipantDirectory.Entry) -> PairTerm? {
        let now = Dictionary(uniqueKeysWithValues: changed.map { ($0, entry($0)) })
        guard base != nil || now.values.contains(where: { !($0.een?.targetedCountries ?? []).isEmpty }) else { return nil }
        return PairTerm(name: .targetedCountries, range: 0...1) { i, j in
            let a = now[i], b = now[j]
            if a == nil && b == nil { return base?.value(i, j) ?? 0 }
            let ei = a ?? entry(i), ej = b ?? entry(j)
            return ((ei.een?.targetedCountries ?? []).contains(ej.country) ? 0.5 : 0)
                + ((ej.een?.targetedCountries ?? []).contains(ei.country) ? 0.5 : 0)
        }
    }
}
