import JSONSupport

/// One weighted taxonomy code in a participant's competence profile.
public struct Competence: Sendable, Hashable {
    /// The code as stored: `namespace:code` once a taxonomy resolved it, else as given.
    public var code: String
    /// Relative importance, greater than 0; 1 when not given.
    public var weight: Double

    public init(code: String, weight: Double = 1) {
        self.code = code
        self.weight = weight
    }
}

/// An offer or a need: what a participant brings to, or seeks from, a partner.
public struct Statement: Sendable, Hashable {
    public var title: String?
    public var text: String?
    public var codes: [String]
    public var keywords: [String]

    public init(title: String? = nil, text: String? = nil, codes: [String] = [], keywords: [String] = []) {
        self.title = title
        self.text = text
        self.codes = codes
        self.keywords = keywords
    }
}

/// Contact details. Personal data: never written to logs or error messages.
public struct Contact: Sendable, Hashable {
    public var person: String?
    public var email: String?
    public var phone: String?

    public init(person: String? = nil, email: String? = nil, phone: String? = nil) {
        self.person = person
        self.email = email
        self.phone = phone
    }

    public var isEmpty: Bool { person == nil && email == nil && phone == nil }
}

/// Where a record came from.
public struct RecordSource: Sendable, Hashable {
    public var format: String?
    public var file: String?
    public var reference: String?

    public init(format: String? = nil, file: String? = nil, reference: String? = nil) {
        self.format = format
        self.file = file
        self.reference = reference
    }

    public var isEmpty: Bool { format == nil && file == nil && reference == nil }
}

/// Anything that can be matched: a company, researcher, knowledge institution, cluster,
/// public body or other organisation, with its competence profile, offers and needs.
///
/// The canonical JSON form is documented in the README and is a contract; see
/// `Participant+JSON.swift` for reading and writing it.
public struct Participant: Sendable, Hashable, Identifiable {
    public var id: String
    public var kind: ParticipantKind
    public var name: String
    /// ISO 3166-1 alpha-2, upper case (`EL` and `UK` are stored as `GR` and `GB`).
    public var country: String
    public var organisation: String?
    public var region: String?
    public var employees: Int?
    /// Ids of the clusters (participants of kind `cluster`) this participant belongs to.
    public var clusters: [String]
    public var competences: [Competence]
    public var keywords: [String]
    public var description: String?
    public var offers: [Statement]
    public var needs: [Statement]
    /// A precomputed embedding brought by the user.
    public var vector: [Double]?
    public var contact: Contact?
    public var source: RecordSource?
    /// Importer-specific data, kept as given.
    public var attributes: JSONObject?
    /// True when the participant does not want to be suggested to others: it stays in the
    /// data and gets its own match lists, but never appears in anyone else's.
    public var optOut: Bool

    public init(
        id: String, kind: ParticipantKind, name: String, country: String,
        organisation: String? = nil, region: String? = nil, employees: Int? = nil,
        clusters: [String] = [], competences: [Competence] = [], keywords: [String] = [],
        description: String? = nil, offers: [Statement] = [], needs: [Statement] = [],
        vector: [Double]? = nil, contact: Contact? = nil, source: RecordSource? = nil,
        attributes: JSONObject? = nil, optOut: Bool = false
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.country = country
        self.organisation = organisation
        self.region = region
        self.employees = employees
        self.clusters = clusters
        self.competences = competences
        self.keywords = keywords
        self.description = description
        self.offers = offers
        self.needs = needs
        self.vector = vector
        self.contact = contact
        self.source = source
        self.attributes = attributes
        self.optOut = optOut
    }

    /// True when the participant says nothing that a competence vector could be built from.
    public var hasProfile: Bool {
        !competences.isEmpty || !keywords.isEmpty || !(description ?? "").isEmpty
            || !offers.isEmpty || !needs.isEmpty || vector != nil
    }

    /// Every taxonomy code the participant mentions, in competences, offers and needs.
    public var allCodes: [String] {
        competences.map(\.code) + offers.flatMap(\.codes) + needs.flatMap(\.codes)
    }
}
