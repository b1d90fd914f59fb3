import MatchCore

/// A funding call: what it needs from a consortium and who may form one.
///
/// Read from a call file (`docs/consortium.md`); `Call.parse` checks it.
public struct Call: Sendable, Hashable {
    public var id: String
    public var title: String
    public var text: String?
    public var needs: [CallNeed]
    public var rules: CallRules

    public init(id: String, title: String, text: String? = nil, needs: [CallNeed], rules: CallRules = CallRules()) {
        self.id = id
        self.title = title
        self.text = text
        self.needs = needs
        self.rules = rules
    }
}

/// One thing the call asks the consortium to bring.
public struct CallNeed: Sendable, Hashable {
    public var id: String
    public var title: String?
    public var text: String?
    public var codes: [String]
    public var keywords: [String]
    /// A required need must be covered above `ConsortiumWeights.requiredCoverage`.
    public var required: Bool
    /// Its share of the coverage component (relative to the other needs' weights).
    public var weight: Double

    public init(id: String, title: String? = nil, text: String? = nil, codes: [String] = [], keywords: [String] = [],
                required: Bool = false, weight: Double = 1) {
        self.id = id
        self.title = title
        self.text = text
        self.codes = codes
        self.keywords = keywords
        self.required = required
        self.weight = weight
    }

    /// The need as a statement, the shape the vector space reads.
    public var statement: Statement { Statement(title: title, text: text, codes: codes, keywords: keywords) }
}

/// The eligibility rules of a call. Defaults are those of a Horizon Europe collaborative
/// project only where the call file says so; a missing rule does not constrain.
public struct CallRules: Sendable, Hashable {
    public enum Countries: Sendable, Hashable {
        /// Every country.
        case any
        /// `"horizon-europe"`: `HorizonEurope.eligibleCountries`.
        case horizonEurope
        case list(Set<String>)

        /// The eligible countries, or nil for every country.
        public var codes: Set<String>? {
            switch self {
            case .any: nil
            case .horizonEurope: HorizonEurope.eligibleCountries
            case .list(let set): set
            }
        }
    }

    public var minPartners: Int = 1
    public var maxPartners: Int = 8
    public var minCountries: Int = 0
    public var eligibleCountries: Countries = .any
    /// Members from EU member states (`HorizonEurope.memberStates`) at least.
    public var minFromMemberStates: Int = 0
    /// At least this many members of each kind.
    public var kinds: [ParticipantKind: Int] = [:]
    /// No two members of the same organisation.
    public var excludeSameOrganisation: Bool = false
    /// Participants never proposed.
    public var exclude: Set<String> = []

    public init() {}
}
