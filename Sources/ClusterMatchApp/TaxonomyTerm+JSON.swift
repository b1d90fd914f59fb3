import JSONSupport
import MatchCore
import MatchStore

extension TaxonomyTerm {
    /// `{"namespace", "code", "label", "level", "parent"}`, as the CLI and the service print it.
    package var json: JSONValue {
        var o = JSONObject()
        o["namespace"] = .string(namespace)
        o["code"] = .string(code)
        o["label"] = .string(label)
        o["level"] = .int(Int64(level))
        o["parent"] = parent.map { .string($0) } ?? .null
        return .object(o)
    }
}

extension TaxonomySummary {
    /// `{"namespace", "terms", "source"}`.
    package var json: JSONValue {
        .object(JSONObject([("namespace", .string(namespace)), ("terms", .int(Int64(terms))), ("source", .string(source))]))
    }
}
