import MatchCore
import JSONSupport

extension ConsortiumProblem {
    /// The instance as data, for an exact solver to check the search against
    /// (Benchmarks/consortium-highs.py): candidates, needs, the coverage and pair matrices,
    /// the rules as they apply to these candidates, the value's weights, and the values of
    /// the proposals the search found.
    package func json(proposals: [Double]) -> JSONValue {
        let r = rules
        return .object(JSONObject([
            ("candidates", .array(candidates.map { c in
                .object(JSONObject([("id", .string(c.id)), ("kind", .string(c.kind.rawValue)), ("country", .string(c.country)),
                                    ("memberState", .bool(HorizonEurope.memberStates.contains(c.country))),
                                    ("organisation", c.organisation.map { .string($0) } ?? .null)]))
            })),
            ("needs", .array(needs.map { .object(JSONObject([("id", .string($0.id)), ("weight", .double($0.weight)), ("required", .bool($0.required))])) })),
            ("coverage", .array(coverage.map { .double($0) })),
            ("pairs", .array(pairs.map { .double($0) })),
            ("rules", .object(JSONObject([
                ("minPartners", .int(Int64(r.minPartners))), ("maxPartners", .int(Int64(r.maxPartners))),
                ("minCountries", .int(Int64(r.minCountries))), ("minFromMemberStates", .int(Int64(r.minFromMemberStates))),
                ("kinds", .object(JSONObject(r.kinds.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int(Int64($0.value))) }))),
                ("excludeSameOrganisation", .bool(r.excludeSameOrganisation)),
            ]))),
            ("lead", lead.map { .int(Int64($0)) } ?? .null),
            ("weights", .object(JSONObject([("coverage", .double(weights.coverage)), ("complementarity", .double(weights.complementarity)),
                                            ("requiredCoverage", .double(weights.requiredCoverage))]))),
            ("proposals", .array(proposals.map { .double($0) })),
        ]))
    }
}
