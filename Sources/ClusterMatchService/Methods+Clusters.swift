import ClusterMatchApp
import JSONSupport
import MatchCore

extension RPCService {
    /// Every cluster with its member counts: `app.clusters()`, as `clusters list --format json`.
    func clusterList(_ p: inout Params) throws -> JSONValue {
        try p.check()
        return .object(JSONObject([("clusters", .array(try app.clusters().map(\.json)))]))
    }

    /// Partner clusters for a cluster: `app.clusterMatch` on the cached engines, each row as
    /// `clusters match --format json`.
    func clusterMatch(_ p: inout Params) throws -> JSONValue {
        let id = p.string("id", required: true)
        let top = p.int("top", default: 10, in: 1...1_000)
        let pairs = p.int("pairs", default: 3, in: 0...100)
        let profile = p.string("profile") ?? "cluster-to-cluster"
        let sameCountry = p.bool("sameCountry")
        try p.check()
        let rows = try withFreshEngine(profile: profile) { engine in
            try app.clusterMatch(id!, top: top, engine: engine, brokerage: try engines.engine(profile: ClusterMatch.defaultProfile, standIn: false),
                                 sameCountry: sameCountry, pairs: pairs)
        }
        return .object(JSONObject([("cluster", .string(id!)), ("profile", .string(profile)), ("matches", .array(rows.map(\.json)))]))
    }
}
