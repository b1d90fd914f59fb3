import MatchCore
import MatchStore

/// Where the database stands in its change log (generation and epoch), for callers that
/// do not see the store: equal positions mean no change an engine follows came between.
package typealias DatabasePosition = ChangeLogPosition

/// A loaded engine that keeps up with the database: it knows where in the database's
/// change log it stands, and `catchUp(_:)` applies what any process committed since, in
/// place, as long as the change log can say what that was (docs/engine-writes.md).
///
/// The service keeps one per scoring profile (`EngineCache`).
package struct FollowingEngine: Sendable {
    /// The engine, with every change followed so far applied.
    package var engine: MatchEngine
    /// What following changes in place left behind (changed participants, drift).
    package private(set) var currency = EngineCurrency()
    /// The change log position read before the last full build (a commit that came
    /// between that read and the build is applied again by the first catch-up: harmless).
    package let built: ChangeLogPosition
    /// The position the engine has caught up with.
    package private(set) var position: ChangeLogPosition
    package let profile: String?
    package let includeUnmatchable: Bool
    /// Whether the profile's `withoutNeeds` stand-in may rank (`ClusterMatch.loadEngine`).
    package let standIn: Bool

    /// Loads the engine of a profile (`ClusterMatch.loadEngine`), ready for single queries.
    /// - Parameter fresh: true for a full build from the database as it is now (a refresh);
    ///   false also takes a vector store a few writes behind and follows those writes in place.
    package init(_ app: ClusterMatch, profile: String?, includeUnmatchable: Bool = false, rebuildingStore: Bool = true,
                 fresh: Bool = false, standIn: Bool = true) throws {
        let loaded = try app.loadEngine(profile: profile, includeUnmatchable: includeUnmatchable, rebuildingStore: rebuildingStore,
                                        followingStore: !fresh, standIn: standIn)
        built = loaded.built
        position = loaded.position
        currency = loaded.currency
        engine = loaded.engine
        engine.matcher.prepareSingleQueries()
        self.profile = profile
        self.includeUnmatchable = includeUnmatchable
        self.standIn = standIn
    }

    /// Applies in place the participants changed in the database since `position`
    /// (`ClusterMatch.catchUp(engine:…)`); on `.reload` the engine is unchanged and must be
    /// loaded again to be current.
    package mutating func catchUp(_ app: ClusterMatch) throws -> ClusterMatch.CatchUp {
        try app.catchUp(engine: &engine, currency: &currency, position: &position, includeUnmatchable: includeUnmatchable)
    }

    /// The database generation of the last full build.
    package var builtGeneration: Int64 { built.generation }
    /// The database generation the engine has caught up with.
    package var followedGeneration: Int64 { position.generation }
    /// Whether the engine is a fresh load of the database as it is now at `now` (nothing
    /// followed in place since its build, and no change since).
    package func isCurrent(now: ChangeLogPosition) -> Bool { currency.changedParticipants.isEmpty && built == now }

    /// Whether a catch-up at the database's present state would apply its changes in place
    /// (true when there are none) rather than ask for a full reload.
    package func canCatchUp(_ app: ClusterMatch) throws -> Bool {
        let limit = Int(EngineCurrency.changeLimit(participants: engine.matcher.matrix.count))
        if case .participants = try app.store.participantChanges(since: position, limit: limit) { return true }
        return false
    }
}
