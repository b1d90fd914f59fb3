import ClusterMatchApp
import JSONSupport
import MatchCore

extension RPCService {
    /// One pair: score and parts, the rank the partner has on the participant's list or the
    /// rule that keeps them apart, and the reasons. `app.explainPair` on the cached engine,
    /// rendered as `clustermatch explain --format json` prints it.
    func matchExplain(_ p: inout Params) throws -> JSONValue {
        let a = p.string("a", required: true)
        let b = p.string("b", required: true)
        let profile = p.string("profile")
        let newOnly = p.bool("newOnly")
        if let a, a == b { p.fail("b", .string(a), "must differ from a") }
        try p.check()
        return try withFreshEngine(profile: profile) { try app.explainPair(a!, b!, engine: $0, newOnly: newOnly) }.json
    }
}
