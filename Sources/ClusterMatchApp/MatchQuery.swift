import MatchCore

/// A profile described in the query itself, for "who should I talk to about X?" without a
/// stored participant.
package struct AdHocProfile: Sendable, Hashable {
    package var text: String?
    package var keywords: [String]
    package var codes: [String]
    /// What the asker offers and needs, as free text or keywords.
    package var offers: [String]
    package var needs: [String]
    package var kind: ParticipantKind
    package var country: String?

    package init(text: String? = nil, keywords: [String] = [], codes: [String] = [], offers: [String] = [],
                needs: [String] = [], kind: ParticipantKind = .other, country: String? = nil) {
        self.text = text
        self.keywords = keywords
        self.codes = codes
        self.offers = offers
        self.needs = needs
        self.kind = kind
        self.country = country
    }

    package var isEmpty: Bool { (text ?? "").isEmpty && keywords.isEmpty && codes.isEmpty && offers.isEmpty && needs.isEmpty }
}

/// A request for a match list: whose (a stored participant or an ad-hoc profile), how many,
/// under which scoring profile, with which filters.
package struct MatchQuery: Sendable, Hashable {
    package enum Subject: Sendable, Hashable {
        case participant(String)
        case adHoc(AdHocProfile)
    }

    package var subject: Subject

    /// Whether the profile's `withoutNeeds` stand-in may rank the answer: not for an ad-hoc
    /// query that states needs (its own needs meet the others' offers).
    package var standIn: Bool {
        if case .adHoc(let adHoc) = subject { return adHoc.needs.isEmpty }
        return true
    }
    package var top: Int
    /// A profile name or a path to a profile file; nil for the default.
    package var profile: String?
    package var filters: MatchFilters
    package var explain: Bool
    /// Also match participants left out by default (expired EEN profiles …).
    package var includeUnmatchable: Bool
    /// Leave out partners the participant already collaborated or met with (`--new-only`;
    /// a profile's `newOnly` rule does the same).
    package var newOnly = false

    package init(subject: Subject, top: Int = 10, profile: String? = nil, filters: MatchFilters = MatchFilters(), explain: Bool = false,
                includeUnmatchable: Bool = false) {
        self.subject = subject
        self.top = top
        self.profile = profile
        self.filters = filters
        self.explain = explain
        self.includeUnmatchable = includeUnmatchable
    }
}
