import EventPlanner
import JSONSupport
import MatchCore
import MatchStore

/// Participants that failed validation: nothing was stored.
package struct ParticipantsRejected: Error, Sendable {
    /// One entry per rejected record, in input order.
    package var records: [(index: Int, id: String?, issues: [ValidationIssue])]
}

extension ClusterMatch {
    /// Inserts or updates participants given as canonical JSON objects, in one transaction,
    /// with the same validation and code resolution as `importParticipants`.
    ///
    /// All or nothing: one invalid record and nothing is stored.
    /// - Parameter location: names record `i` in duplicate-id messages (`participants[i]`).
    /// - Throws: `ParticipantsRejected` listing every record's problems.
    /// - Parameter registerErased: register again participants erased with `participants
    ///   delete`; without it their records are rejected.
    package func upsertParticipants(_ values: [JSONValue], location: (Int) -> String = { "record \($0 + 1)" },
                                    registerErased: Bool = false) throws -> UpsertOutcome {
        var admission = try ParticipantAdmission(store: store)
        let erased = registerErased ? [] : try store.erasedMembers()
        var accepted: [Participant] = []
        var rejected: [(index: Int, id: String?, issues: [ValidationIssue])] = []
        for (i, value) in values.enumerated() {
            switch Participant.decode(value) {
            case .failure(let failure):
                rejected.append((i, failure.id, failure.issues))
            case .success(var participant):
                var issues = admission.admit(&participant, at: location(i))
                if !erased.isEmpty, erased.contains(Erasure.digest(participant.id)) {
                    issues.append(ValidationIssue(field: "id", value: participant.id,
                                                  reason: "was erased (participants delete); to register it again, set registerErased"))
                }
                if issues.isEmpty { accepted.append(participant) } else { rejected.append((i, participant.id, issues)) }
            }
        }
        guard rejected.isEmpty else { throw ParticipantsRejected(records: rejected) }
        return try store.upsert(accepted, unlessErasedSince: registerErased ? nil : erased)
    }
}
