import ClusterMatchApp
import MatchCore

extension RPCService {
    /// One pair's score, its parts, the rule that keeps it apart (if any) and its reasons.
    ///
    /// A minimal version on the loaded engine. When the matching core's own pair use case
    /// (`app.explainPair`) is merged, this should call it instead.
    func matchExplain(_ p: inout Params) throws -> JSONValue {
        let a = p.string("a", required: true)
        let b = p.string("b", required: true)
        let profile = p.string("profile")
        if let a, a == b { p.fail("b", .string(a), "must differ from a") }
        try p.check()
        return try withFreshEngine(profile: profile) { engine in
            guard let pa = try app.store.participant(a!) else { throw AppError.notFound(participant: a!) }
            guard let pb = try app.store.participant(b!) else { throw AppError.notFound(participant: b!) }
            let matrix = engine.matcher.matrix
            guard let i = matrix.row(of: a!), let j = matrix.row(of: b!) else {
                throw AppError(.internal, "participant \(matrix.row(of: a!) == nil ? a! : b!) vanished during matching")
            }
            let entries = engine.directory.entries
            let scored = engine.matcher.score(row: i, partner: j)
            let reasons = Explainer.reasons(engine.space.features(of: pa), engine.space.features(of: pb), space: engine.space)
            func score(_ x: Float) -> JSONValue { .double(Double(Format.score(x))!) }
            var o = JSONObject()
            o["a"] = .string(pa.id)
            o["b"] = .string(pb.id)
            o["profile"] = .string(engine.profile.name)
            o["score"] = score(scored.score)
            o["similarity"] = score(scored.similarity)
            o["forward"] = score(scored.forward)
            o["backward"] = score(scored.backward)
            o["reasons"] = .array(reasons.map(\.json))
            let excluded = engine.profile.rules.exclusion(pa.id, entries[i], pb.id, entries[j])
                ?? (matrix.isEmptyProfile[i] || matrix.isEmptyProfile[j] ? "a profile is empty" : nil)
            o["excludedBy"] = excluded.map { .string($0) } ?? .null
            return .object(o)
        }
    }
}
