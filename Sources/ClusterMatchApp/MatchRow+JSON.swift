import JSONSupport
import MatchCore

extension MatchRow {
    /// The JSON object of one partner on a match list, as both the CLI (`--format json`)
    /// and the service (`match.query`) print it.
    ///
    /// Scores are rounded to four decimals, so outputs are byte-identical across runs.
    /// `reasons` is present only when `explain` is true; `notes` (what the collaboration
    /// history says) and `components` (each component's value and weight) only then and
    /// when history weighs in.
    package func json(explain: Bool) -> JSONValue {
        var o = JSONObject()
        o["rank"] = .int(Int64(rank))
        o["id"] = .string(partner.id)
        o["name"] = .string(partner.name)
        o["kind"] = .string(partner.kind.rawValue)
        o["country"] = .string(partner.country)
        o["score"] = .double(Double(Format.score(score))!)
        o["similarity"] = .double(Double(Format.score(similarity))!)
        o["forward"] = .double(Double(Format.score(forward))!)
        o["backward"] = .double(Double(Format.score(backward))!)
        if explain { o["reasons"] = .array(reasons.map(\.json)) }
        // Only with history: lists without it stay as they were.
        if explain && !notes.isEmpty { o["notes"] = .array(notes.map { .string($0) }) }
        if explain && !components.isEmpty { o["components"] = ScorePart.json(components) }
        return .object(o)
    }
}

extension Reason {
    /// `{"direction", "term", "yours", "theirs", "text"}`, and `"similarity"` for a reason by meaning.
    package var json: JSONValue {
        var fields: [(String, JSONValue)] = [("direction", .string(direction.rawValue)), ("term", .string(term)),
                                             ("yours", .array(yours.map { .string($0) })), ("theirs", .array(theirs.map { .string($0) })),
                                             ("text", .string(summary))]
        if let similarity { fields.append(("similarity", .double(similarity))) }
        return .object(JSONObject(fields))
    }
}
