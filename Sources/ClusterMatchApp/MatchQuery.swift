import MatchCore

/// A profile described in the query itself, for "who should I talk to about X?" without a
/// stored participant.
public struct AdHocProfile: Sendable, Hashable {
    public var text: String?
    public var keywords: [String]
    public var codes: [String]
    /// What the asker offers and needs, as free text or keywords.
    public var offers: [String]
    public var needs: [String]
    public var kind: ParticipantKind
    public var country: String?

    public init(text: String? = nil, keywords: [String] = [], codes: [String] = [], offers: [String] = [],
                needs: [String] = [], kind: ParticipantKind = .other, country: String? = nil) {
        self.text = text
        self.keywords = keywords
        self.codes = codes
        self.offers = offers
        self.needs = needs
        self.kind = kind
        self.country = country
    }

    public var isEmpty: Bool { (text ?? "").isEmpty && keywords.isEmpty && codes.isEmpty && offers.isEmpty && needs.isEmpty }
}

/// A request for a match list: whose (a stored participant or an ad-hoc profile), how many,
/// under which scoring profile, with which filters.
public struct MatchQuery: Sendable, Hashable {
    public enum Subject: Sendable, Hashable {
        case participant(String)
        case adHoc(AdHocProfile)
    }

    public var subject: Subject
    public var top: Int
    /// A profile name or a path to a profile file; nil for the default.
    public var profile: String?
    public var filters: MatchFilters
    public var explain: Bool
    /// Also match participants left out by default (expired EEN profiles …).
    public var includeUnmatchable: Bool

    public init(subject: Subject, top: Int = 10, profile: String? = nil, filters: MatchFilters = MatchFilters(), explain: Bool = false,
                includeUnmatchable: Bool = false) {
        self.subject = subject
        self.top = top
        self.profile = profile
        self.filters = filters
        self.explain = explain
        self.includeUnmatchable = includeUnmatchable
    }
}
