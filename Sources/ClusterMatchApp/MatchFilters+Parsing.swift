import MatchCore

/// A filter value that names nothing: which filter, its position among the values given,
/// the value and why. Each door frames it (the CLI with its flag, the service with its field).
package struct FilterIssue: Sendable, Hashable {
    package enum Filter: Sendable {
        case kinds, countries, sizeBands
    }

    package var filter: Filter
    package var index: Int
    package var value: String
    package var reason: String
}

/// The one reading of the values a user gives to filter or describe a match query
/// (participant kinds, countries, size bands), with the one wording of what is wrong.
package enum MatchValues {
    /// A participant kind by its spelling (`company`, `researcher`, …).
    package static func kind(_ text: String) -> Result<ParticipantKind, Refusal> {
        ParticipantKind(rawValue: text).map { .success($0) } ?? .failure(Refusal("must be one of: \(ParticipantKind.spellings)"))
    }

    /// A country as an ISO 3166-1 alpha-2 code (normalised: `dk` → `DK`).
    package static func country(_ text: String) -> Result<String, Refusal> {
        CountryCode.normalise(text).map { .success($0) } ?? .failure(Refusal("must be an ISO 3166-1 alpha-2 code such as DK"))
    }

    /// A company size band (`micro`, `small`, `medium`, `large`).
    package static func sizeBand(_ text: String) -> Result<SizeBand, Refusal> {
        SizeBand(rawValue: text).map { .success($0) }
            ?? .failure(Refusal("must be one of: \(SizeBand.allCases.map(\.rawValue).joined(separator: ", "))"))
    }

    /// Why a value was refused, in words both doors show after their own field or flag.
    package struct Refusal: Error, Sendable, Hashable {
        package var text: String
        init(_ text: String) { self.text = text }
    }
}

extension MatchFilters {
    /// Filters from the values a user wrote, with every value that names nothing.
    package static func parse(kinds: [String] = [], countries: [String] = [], sizeBands: [String] = [],
                             clusters: [String] = [], excludeIDs: [String] = []) -> (filters: MatchFilters, issues: [FilterIssue]) {
        var f = MatchFilters()
        var issues: [FilterIssue] = []
        func read<T>(_ values: [String], _ filter: FilterIssue.Filter, _ parse: (String) -> Result<T, MatchValues.Refusal>, _ add: (T) -> Void) {
            for (i, value) in values.enumerated() {
                switch parse(value) {
                case .success(let v): add(v)
                case .failure(let reason): issues.append(FilterIssue(filter: filter, index: i, value: value, reason: reason.text))
                }
            }
        }
        read(kinds, .kinds, MatchValues.kind) { f.kinds.insert($0) }
        read(countries, .countries, MatchValues.country) { f.countries.insert($0) }
        read(sizeBands, .sizeBands, MatchValues.sizeBand) { f.sizeBands.insert($0) }
        f.clusters = Set(clusters)
        f.excludeIDs = Set(excludeIDs)
        return (f, issues)
    }
}
