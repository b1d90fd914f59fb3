import ClusterMatchApp
import Importers
import JSONSupport
import MatchCore

extension RPCService {
    /// `profile.tune`: the use case of `clustermatch profiles tune`, with the same params;
    /// the answer is the object `profiles tune --format json` prints.
    func profileTune(_ p: inout Params) throws -> JSONValue {
        let from = p.string("from", required: true)
        let split = p.string("split", required: true)
        let fitSplit = p.string("fitSplit")
        let until = p.string("until")
        let out = p.string("out", required: true)
        let maxConsortium = p.int("maxConsortium", default: ClusterMatch.defaultMaxConsortium, in: 2...1_000_000)
        for (key, value) in [("split", split), ("fitSplit", fitSplit), ("until", until)] {
            if let value, let problem = HistoryDate.problem(value) { p.fail(key, .string(value), problem) }
        }
        try p.check()
        let report = try app.tuneProfile(TuneRequest(from: from!, split: split!, fitSplit: fitSplit, until: until, out: out!, maxConsortium: maxConsortium))
        engines.forget(profile: out!)
        return report.json
    }
}
