import EventPlanner
internal import GRDB

/// Where a reader stands in the database's change log (`Schema.changeLog`): the store
/// generation and the epoch, read together.
package struct ChangeLogPosition: Sendable, Hashable {
    /// `store_generation.generation`.
    package var generation: Int64
    /// Moves on changes that are not one participant's (taxonomy, vector dimension,
    /// collaboration history, meeting outcomes).
    package var epoch: Int64
}

/// What changed since a position, as far as the change log can say.
package enum ParticipantChanges: Sendable, Hashable {
    /// These participants (sorted, possibly with a few that did not change) were inserted,
    /// updated or deleted since; `now` is the position they bring a reader to.
    case participants([String], now: ChangeLogPosition)
    /// More than the limit asked for changed since.
    case tooMany(now: ChangeLogPosition)
    /// The log no longer reaches back that far (pruned), or something other than
    /// participants changed (a new epoch): only a full reload is current.
    case unknown(now: ChangeLogPosition)
}

extension MatchStore {
    /// Rows of `participant_change` older than this many generations are pruned (by a
    /// trigger, every 8,192 generations). The 100,000-participant benchmark landscape's
    /// import moved the generation 200,013 times (a participant's row and its features;
    /// memberships move it too).
    package static let changeLogRetention: Int64 = 1 << 20

    /// The database's position in its change log now.
    package func changeLogPosition() throws -> ChangeLogPosition {
        try writer.read { db in try Self.changeLogPosition(db) }
    }

    static func changeLogPosition(_ db: Database) throws -> ChangeLogPosition {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT g.generation, c.epoch FROM store_generation g, change_log c WHERE g.id = 1 AND c.id = 1
            """) else { throw StoredRecordDamaged("the change log is missing") }
        return ChangeLogPosition(generation: row[0], epoch: row[1])
    }

    /// The participants changed since `position` (read in one transaction with where that
    /// leaves the reader), at most `limit` of them.
    ///
    /// A change at `position.generation` itself is included: whether a trigger recorded the
    /// generation before or after its own bump is not fixed, so one change may repeat.
    /// - Complexity: O(changes since) index entries.
    package func participantChanges(since position: ChangeLogPosition, limit: Int) throws -> ParticipantChanges {
        try writer.read { db in
            let now = try Self.changeLogPosition(db)
            let completeFrom = try Int64.fetchOne(db, sql: "SELECT complete_from FROM change_log WHERE id = 1") ?? .max
            guard now.epoch == position.epoch, position.generation >= completeFrom else { return .unknown(now: now) }
            if now.generation == position.generation {
                // Nothing moved the generation since: at most the changes at it, already seen.
                return .participants([], now: now)
            }
            let ids = try String.fetchAll(db, sql: "SELECT participant_id FROM participant_change WHERE generation >= ? LIMIT ?",
                                          arguments: [position.generation, limit + 1])
            return ids.count > limit ? .tooMany(now: now) : .participants(ids.sorted(), now: now)
        }
    }

    /// How the change log names a participant that `delete(_:)` erased: by `Erasure.digest`
    /// of its id, behind a control character no id can hold.
    package static func erasedChange(_ id: String) -> String { erasedChangePrefix + Erasure.digest(id) }
    static let erasedChangePrefix = "\u{1}erased "

    /// True when a changed id of `participantChanges` names an erased participant.
    package static func isErasedChange(_ changed: String) -> Bool { changed.hasPrefix(erasedChangePrefix) }

    /// `changed` as a reader that holds `known` ids sees it: each erased participant's entry
    /// becomes its id when the reader holds it, and goes otherwise (sorted, as given).
    /// - Complexity: O(`known`) hashes when an entry names an erased participant, else O(1).
    package static func resolvingErased(_ changed: [String], among known: [String]) -> [String] {
        let markers = Set(changed.filter(isErasedChange))
        guard !markers.isEmpty else { return changed }
        let erased = known.filter { markers.contains(erasedChange($0)) }
        return (changed.filter { !isErasedChange($0) } + erased).sorted()
    }

    /// Forgets the changes before `generation` (the triggers do this for rows more than
    /// `changeLogRetention` behind): readers behind it then reload in full.
    package func pruneChangeLog(before generation: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM participant_change WHERE generation < ?", arguments: [generation])
            try db.execute(sql: "UPDATE change_log SET complete_from = max(complete_from, ?) WHERE id = 1", arguments: [generation])
        }
    }
}
