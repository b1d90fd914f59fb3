import JSONSupport
import MatchCore
import MatchStore

/// The checks a decoded participant must pass before it is stored, beyond its own fields:
/// its texts hold no control characters but tabs and line breaks, its taxonomy codes resolve
/// (and are rewritten to `namespace:code`), its own vector has the dimension of the vectors
/// already stored, and its id is not used twice in one write.
///
/// Shared by `import` and the service's `participant.upsert`, so both accept exactly the
/// same records.
package struct ParticipantAdmission: Sendable {
    let taxonomy: Taxonomy
    var embeddingDimension: Int?
    /// Where each admitted id was first seen, for duplicate-id messages.
    var seen: [String: Location] = [:]

    /// Where a record is: said in words, or a file and line (put in words only when a
    /// message needs it: most records are never named).
    enum Location {
        case text(String)
        case line(file: String, line: Int)

        var description: String {
            switch self {
            case .text(let text): text
            case .line(let file, let line): "\(file) line \(line)"
            }
        }
    }

    /// Reads the taxonomy and the stored vector dimension from the database.
    package init(store: MatchStore) throws {
        taxonomy = try store.taxonomy()
        embeddingDimension = try store.embeddingDimension()
    }

    /// Checks one participant and resolves its codes in place.
    /// - Parameter location: where the record is, for messages (`people.jsonl line 3`).
    /// - Returns: every problem found; empty when the participant is admitted.
    package mutating func admit(_ participant: inout Participant, at location: String) -> [ValidationIssue] {
        admit(&participant, at: .text(location))
    }

    /// Checks a participant read from `file` at `line` (named `FILE line N` in messages).
    /// - Parameter checkText: false when the record's texts were checked before it was laid
    ///   over a stored one (an EEN page merged with the stored profile: what was stored is
    ///   not the file's to answer for).
    package mutating func admit(_ participant: inout Participant, file: String, line: Int, checkText: Bool = true) -> [ValidationIssue] {
        admit(&participant, at: .line(file: file, line: line), checkText: checkText)
    }

    /// Makes room for `count` more admitted ids.
    package mutating func reserveCapacity(_ count: Int) {
        seen.reserveCapacity(seen.count + count)
    }

    mutating func admit(_ participant: inout Participant, at location: Location, checkText: Bool = true) -> [ValidationIssue] {
        var issues = (checkText ? participant.controlCharacterIssues() : []) + participant.resolveCodes(in: taxonomy)
        if let vector = participant.vector {
            if let expected = embeddingDimension, vector.count != expected {
                issues.append(ValidationIssue(field: "vector", value: "(\(vector.count) numbers)",
                                              reason: "has \(vector.count) dimensions; the other vectors have \(expected)"))
            } else {
                embeddingDimension = vector.count
            }
        }
        if let first = seen[participant.id] {
            issues.append(ValidationIssue(field: "id", value: JSONValue.string(participant.id).serialized(),
                                          reason: "duplicate id: already in \(first.description)"))
        }
        if issues.isEmpty { seen[participant.id] = location }
        return issues
    }
}
