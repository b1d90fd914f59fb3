import ClusterMatchApp
import JSONSupport
import Logging
import MatchCore

extension RPCService {
    /// A match list for a stored participant (`id`) or an ad-hoc profile (`query`).
    func matchQuery(_ p: inout Params) throws -> JSONValue {
        let id = p.string("id")
        var subject: MatchQuery.Subject? = id.map { .participant($0) }
        if var q = p.nested("query") {
            var kind: ParticipantKind?
            if let name = q.string("kind") {
                switch MatchValues.kind(name) {
                case .success(let k): kind = k
                case .failure(let reason): q.fail("kind", .string(name), reason.text)
                }
            }
            let country = q.string("country")
            if let country, case .failure(let reason) = MatchValues.country(country) { q.fail("country", .string(country), reason.text) }
            let adHoc = AdHocProfile(text: q.string("text", nonEmpty: false), keywords: q.strings("keywords"), codes: q.strings("codes"),
                                     offers: q.strings("offers"), needs: q.strings("needs"), kind: kind ?? .other, country: country)
            p.merge(q)
            if q.issues.isEmpty && adHoc.isEmpty { p.fail("query", p.object["query"], "says nothing: give text, keywords, codes, offers or needs") }
            if id != nil { p.fail("query", p.object["query"], "give id or query, not both") }
            subject = .adHoc(adHoc)
        } else if id == nil {
            p.fail("id", nil, "give id (a stored participant) or query (an ad-hoc profile)")
        }
        let top = p.int("top", default: 10, in: 1...1_000)
        let profile = p.string("profile")
        let explain = p.bool("explain")
        let includeUnmatchable = p.bool("includeUnmatchable")
        let newOnly = p.bool("newOnly")
        if newOnly, case .adHoc = subject { p.fail("newOnly", .bool(true), "applies to a participant's list (id): an ad-hoc query has no history") }
        let filters = matchFilters(&p)
        try p.check()
        var query = MatchQuery(subject: subject!, top: top, profile: profile, filters: filters, explain: explain,
                               includeUnmatchable: includeUnmatchable)
        query.newOnly = newOnly
        let list = try withFreshEngine(profile: profile, includeUnmatchable: includeUnmatchable, standIn: query.standIn) { try app.match(query, engine: $0) }
        var o = JSONObject()
        o["participant"] = .string(list.participant.id)
        o["profile"] = .string(list.profile)
        if let note = list.profileNote { o["profileNote"] = .string(note) }
        if let warning = list.warning { o["warning"] = .string(warning + (list.hint?.service ?? "")) }
        o["matches"] = .array(list.rows.map { $0.json(explain: explain) })
        return .object(o)
    }

    func matchFilters(_ p: inout Params) -> MatchFilters {
        guard var f = p.nested("filters") else { return MatchFilters() }
        // Each filter read and checked in turn, so that issues are listed in param order.
        func checked(_ parsed: (filters: MatchFilters, issues: [FilterIssue])) -> MatchFilters {
            for issue in parsed.issues {
                let field = switch issue.filter { case .kinds: "kinds"; case .countries: "countries"; case .sizeBands: "sizeBands" }
                f.fail("\(field)[\(issue.index)]", .string(issue.value), issue.reason)
            }
            return parsed.filters
        }
        var filters = checked(MatchFilters.parse(kinds: f.strings("kinds")))
        filters.countries = checked(MatchFilters.parse(countries: f.strings("countries"))).countries
        filters.sizeBands = checked(MatchFilters.parse(sizeBands: f.strings("sizeBands"))).sizeBands
        filters.clusters = Set(f.strings("clusters"))
        filters.excludeIDs = Set(f.strings("excludeIds"))
        p.merge(f)
        return filters
    }

    /// Runs `body` on the profile's engine; if it fails while another process changed the
    /// data under it (a participant deleted mid-query), runs it once more on a fresh engine.
    func withFreshEngine<R>(profile: String?, includeUnmatchable: Bool = false, standIn: Bool = true, _ body: (MatchEngine) throws -> R) throws -> R {
        do {
            return try body(try engines.engine(profile: profile, includeUnmatchable: includeUnmatchable, standIn: standIn))
        } catch let error as AppError where error.kind == .internal {
            guard try engines.isStale() else { throw error }
            log.info("the data changed during a query; retrying on fresh data")
            return try body(try engines.engine(profile: profile, includeUnmatchable: includeUnmatchable, standIn: standIn))
        }
    }
}
