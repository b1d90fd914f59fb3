import ClusterMatchApp
import MatchCore
import JSONSupport

extension RPCService {
    /// Proposes consortia for a call given inline (`call`) or as a file (`callFile`):
    /// `app.buildConsortia`. The result is the object `consortium build --format json` prints.
    func consortiumBuild(_ p: inout Params) throws -> JSONValue {
        let callFile = p.string("callFile")
        let inline = p.value("call").flatMap { $0.isNull ? nil : $0 }
        if inline != nil && callFile != nil { p.fail("call", inline, "give call or callFile, not both") }
        if inline == nil && callFile == nil { p.fail("call", nil, "give call (the call object) or callFile (a path)") }
        if let inline, inline.objectValue == nil { p.fail("call", inline, "must be an object (see docs/consortium.md)") }
        let lead = p.string("lead")
        let top = p.int("top", default: 5, in: 1...50)
        let profile = p.string("profile")
        try p.check()
        let call = try inline.map { try ClusterMatch.parseCall($0, source: "call") } ?? ClusterMatch.loadCall(file: callFile!)
        let request = ConsortiumRequest(call: call, lead: lead, top: top, profile: profile)
        return try withFreshEngine(profile: profile, standIn: false) { try app.buildConsortia(request, engine: $0) }.json
    }
}
