import MatchCore

/// A funding call: what it needs from a consortium and who may form one.
///
/// Read from a call file (`docs/consortium.md`); `Call.parse` checks it.
package struct Call: Sendable, Hashable {
    package var id: String
    package var title: String
    package var text: String?
    package var needs: [CallNeed]
    package var rules: CallRules

    package init(id: String, title: String, text: String? = nil, needs: [CallNeed], rules: CallRules = CallRules()) {
        self.id = id
        self.title = title
        self.text = text
        self.needs = needs
        self.rules = rules
    }
}

/// One thing the call asks the consortium to bring.
package struct CallNeed: Sendable, Hashable {
    package var id: String
    package var title: String?
    package var text: String?
    package var codes: [String]
    package var keywords: [String]
    /// A required need must be covered above `ConsortiumWeights.requiredCoverage`.
    package var required: Bool
    /// Its share of the coverage component (relative to the other needs' weights).
    package var weight: Double

    package init(id: String, title: String? = nil, text: String? = nil, codes: [String] = [], keywords: [String] = [],
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
    package var statement: Statement { Statement(title: title, text: text, codes: codes, keywords: keywords) }
}

/// The eligibility rules of a call. Defaults are those of a Horizon Europe collaborative
/// project only where the call file says so; a missing rule does not constrain.
package struct CallRules: Sendable, Hashable {
    package enum Countries: Sendable, Hashable {
        /// Every country.
        case any
        /// `"horizon-europe"`: `HorizonEurope.eligibleCountries`.
        case horizonEurope
        case list(Set<String>)

        /// The eligible countries, or nil for every country.
        package var codes: Set<String>? {
            switch self {
            case .any: nil
            case .horizonEurope: HorizonEurope.eligibleCountries
            case .list(let set): set
            }
        }
    }

    package var minPartners: Int = 1
    package var maxPartners: Int = 8
    package var minCountries: Int = 0
    package var eligibleCountries: Countries = .any
    /// Members from EU member states (`HorizonEurope.memberStates`) at least.
    package var minFromMemberStates: Int = 0
    /// At least this many members of each kind.
    package var kinds: [ParticipantKind: Int] = [:]
    /// No two members of the same organisation.
    package var excludeSameOrganisation: Bool = false
    /// Participants never proposed.
    package var exclude: Set<String> = []

    package init() {}
}
