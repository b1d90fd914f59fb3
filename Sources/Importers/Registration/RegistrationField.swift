/// What a column of a registration or member CSV means.
///
/// Each field has aliases: header names it is recognised by, compared case-, accent- and
/// punctuation-insensitively (`E-mail address` = `email address` = `EmailAddress`).
/// A mapping file can name any other header (see `ColumnMapping`).
///
/// In a file without e-mail, first/last name and organisation columns, `name` is read as
/// the organisation's name (a member list).
package enum RegistrationField: String, CaseIterable, Sendable, Hashable {
    case id, email, firstName, lastName, name, job, organisation, country, participationType
    case organisationType, keywords, description, website, city, phone, region, employees
    case offers, needs, clusters, kind

    /// Header names recognised without a mapping file.
    package var aliases: [String] {
        switch self {
        case .id: return ["id", "participant id", "registration id", "registration number", "attendee id", "member id", "record id", "uid", "external id"]
        case .email: return ["email", "e-mail", "email address", "e-mail address", "mail", "contact email", "work email", "business email"]
        case .firstName: return ["first name", "firstname", "given name", "forename", "vorname", "prénom"]
        case .lastName: return ["last name", "lastname", "surname", "family name", "nachname", "nom"]
        case .name: return ["name", "full name", "participant name", "attendee name", "contact person", "contact name"]
        case .job: return ["job description", "job title", "position", "job", "role", "function"]
        case .organisation: return ["organization name", "organisation name", "organization", "organisation", "company", "company name",
                                    "institution", "employer", "affiliation", "member name", "legal name"]
        case .country: return ["country", "country code", "organisation country", "organization country", "company country", "land", "pays"]
        case .participationType: return ["participation type", "participant type", "registration type", "ticket type", "attendee type",
                                         "type of participation", "participant category"]
        case .organisationType: return ["organization type", "organisation type", "type of organization", "type of organisation",
                                        "institution type", "company type", "organisation category", "organization category", "legal status"]
        case .keywords: return ["areas of activities", "areas of activity", "area of activity", "areas of activities separated by",
                                "activities", "keywords", "competences", "competencies", "expertise", "topics", "interests",
                                "fields of activity", "sectors", "sector", "industries", "industry", "technologies"]
        case .description: return ["organization description", "organisation description", "company description", "description",
                                   "about", "profile", "short description", "organisation profile", "organization profile", "company profile"]
        case .website: return ["website", "web site", "url", "homepage", "web", "www"]
        case .city: return ["city", "town", "ort", "ville", "location"]
        case .phone: return ["phone", "telephone", "mobile", "phone number", "tel", "mobile phone", "telefon"]
        case .region: return ["region", "nuts", "nuts region", "nuts code", "state", "province"]
        case .employees: return ["employees", "number of employees", "no of employees", "staff", "headcount", "company size", "size"]
        case .offers: return ["offer", "offers", "what we offer", "we offer", "cooperation offer", "i offer", "what i offer"]
        case .needs: return ["need", "needs", "request", "requests", "what we seek", "we are looking for", "looking for",
                             "cooperation request", "i am looking for", "what i am looking for", "seeking"]
        case .clusters: return ["cluster", "clusters", "cluster membership", "member of cluster", "member of"]
        case .kind: return ["kind", "participant kind"]
        }
    }

    /// Contact details and a person's name: masked in every message.
    package var isPersonal: Bool {
        switch self {
        case .email, .firstName, .lastName, .name, .phone: return true
        default: return false
        }
    }

    /// Normalised header key → field, for every alias.
    static let byAlias: [String: RegistrationField] = {
        var map: [String: RegistrationField] = [:]
        for field in allCases { for alias in field.aliases { map[TextKey.of(alias)] = map[TextKey.of(alias)] ?? field } }
        return map
    }()

    /// The field names a mapping file may use.
    package static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The field's position in `allCases` (an index for per-field arrays).
    var position: Int {
        switch self {
        case .id: 0
        case .email: 1
        case .firstName: 2
        case .lastName: 3
        case .name: 4
        case .job: 5
        case .organisation: 6
        case .country: 7
        case .participationType: 8
        case .organisationType: 9
        case .keywords: 10
        case .description: 11
        case .website: 12
        case .city: 13
        case .phone: 14
        case .region: 15
        case .employees: 16
        case .offers: 17
        case .needs: 18
        case .clusters: 19
        case .kind: 20
        }
    }
}
