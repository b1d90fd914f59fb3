import ClusterMatchApp
import Foundation
import JSONSupport
import Logging
import MatchCore
import Synchronization

/// The matching engines the service keeps in memory, one per scoring profile.
///
/// Each engine follows the database (`FollowingEngine`): participants changed since it was
/// loaded, by this service (`participant.upsert`, `participant.delete`, `import.file`) or
/// by another process (a CLI `import` or `participants delete` while the service runs,
/// noticed when the database's change log position moves), are read from the log and applied
/// in place, so the next query does not wait for a reload. Such an engine keeps the IDF of
/// its last full build; once `EngineCurrency.needsRefresh` says the drift may matter, a
/// fresh engine is built on a background thread while this one keeps answering, and
/// swapped in when ready (after catching up with what changed meanwhile). The engine is
/// reloaded before an answer only when the log cannot say what changed (pruned, or a
/// taxonomy, vector dimension or history change), when too many participants changed at
/// once, or when writes outran a refresh (`EngineCurrency.isTooFarBehind`). The rules:
/// docs/engine-writes.md.
final class EngineCache {
    private let app: ClusterMatch
    private let log: Logger
    /// At most this many profiles' engines are kept; the least recently used goes first.
    private let capacity: Int
    /// Writes by the service since it started: the vector store on disk no longer matches
    /// the database, and reloading from the database is faster than rebuilding it (the
    /// next command or service that starts rebuilds it).
    private var ownWrites = 0
    /// The database's change log position when every engine last caught up (read before
    /// each query: one small read; the service's own writes catch up at once).
    private var caughtUpAt: DatabasePosition?
    /// Full builds of each engine (by `key`) since the service started, refreshes included.
    private var loads: [String: Int] = [:]

    private struct Entry {
        var key: String
        var following: FollowingEngine
        var refresh: Refresh?
    }

    /// A fresh engine being built on a background thread.
    private final class Refresh: Sendable {
        let result = Mutex<Result<FollowingEngine, any Error>?>(nil)
        let started = ContinuousClock.now

        init(app: ClusterMatch, profile: String?, includeUnmatchable: Bool, standIn: Bool) {
            Thread { [self] in
                // From a current vector store, else from the database (never written here:
                // a query on this thread may be loading another profile and write it).
                let built = Result { try FollowingEngine(app, profile: profile, includeUnmatchable: includeUnmatchable, rebuildingStore: false,
                                                              fresh: true, standIn: standIn) }
                // Consumed: a reference left here would make the first write to the engine copy its arrays whole.
                result.withLock { $0 = consume built }
            }.start()
        }

        var isDone: Bool { result.withLock { $0 != nil } }

        /// The fresh engine once built (or why not), taken out.
        func take() -> Result<FollowingEngine, any Error>? { result.withLock { r in defer { r = nil }; return r } }
    }

    private var entries: [Entry] = []

    init(app: ClusterMatch, log: Logger, capacity: Int = 4) {
        self.app = app
        self.log = log
        self.capacity = max(1, capacity)
    }

    private static func key(_ profile: String?, _ includeUnmatchable: Bool, _ standIn: Bool = true) -> String {
        (profile ?? ClusterMatch.defaultProfile) + (includeUnmatchable ? " (with unmatchable)" : "") + (standIn ? "" : " (own weights)")
    }

    /// Drops the engines of a profile file that was just written (`profile.tune`): asked for
    /// again, it is read anew instead of answering with the old weights.
    func forget(profile: String) {
        entries.removeAll { $0.following.profile == profile }
    }

    /// The service changed the data itself (participants, an import, a taxonomy, history):
    /// every engine catches up now, in place where the change log allows.
    func noteWrite() {
        ownWrites += 1
        do { try catchUp(to: try app.changeLogPosition()) } catch {
            log.info("catching up with a write failed (\(error)): the engines are reloaded when next asked for")
            entries.removeAll()
        }
    }

    /// The engine for a profile (nil: the default), caught up with the database's changes.
    /// With `includeUnmatchable`, one that also holds participants left out of matching by
    /// default (expired EEN profiles …): a separate entry.
    /// With `standIn` false, one that ranks with the profile's own weights even when no
    /// participant states a need (a query or call that states needs of its own): a separate entry.
    func engine(profile: String?, includeUnmatchable: Bool = false, standIn: Bool = true) throws -> MatchEngine {
        let key = Self.key(profile, includeUnmatchable, standIn)
        let now = try app.changeLogPosition()  // read before catching up: a later commit is noticed next time
        adoptRefreshes()
        if now != caughtUpAt { try catchUp(to: now) }
        // Where no one stands in (someone states a need), the profile's engine has its own
        // weights already: it serves both, rather than a second copy taking a slot.
        let ownWeights = standIn ? nil : Self.key(profile, includeUnmatchable, true)
        if let i = entries.firstIndex(where: { $0.key == key || ($0.key == ownWeights && $0.following.engine.standsInFor == nil) }) {
            let entry = entries.remove(at: i)
            entries.append(entry)
            return entry.following.engine
        }
        let started = ContinuousClock.now
        let following = try FollowingEngine(app, profile: profile, includeUnmatchable: includeUnmatchable, rebuildingStore: ownWrites == 0,
                                            standIn: standIn)
        if entries.count >= capacity { entries.removeFirst() }
        entries.append(Entry(key: key, following: following))
        loads[key, default: 0] += 1
        let engine = following.engine
        log.info("loaded the \(engine.profile.name) engine: \(engine.matcher.matrix.count) participants × \(engine.matcher.matrix.dimension) dimensions in \(started.duration(to: .now))")
        return engine
    }

    /// Brings every engine up to the database (its change log since each engine's
    /// position), drops those that cannot follow or drifted too far, and starts a
    /// background refresh for those the refresh rule asks for.
    private func catchUp(to now: DatabasePosition) throws {
        let started = ContinuousClock.now
        var i = 0
        // In place (`entries[i]`, no copy of the entry): a second reference to an engine's
        // arrays would make the first write to each of them copy it whole.
        while i < entries.count {
            let key = entries[i].key
            do {
                switch try entries[i].following.catchUp(app) {
                case .followed(let ids):
                    let f = entries[i].following
                    let rows = f.engine.matcher.matrix.count
                    if !ids.isEmpty {
                        log.info("followed \(ids.count) changed participant(s) in the \(key) engine in \(started.duration(to: .now)); \(f.currency.changedParticipants.count) changed since its full build, drift bound \(f.currency.drift)")
                    }
                    if f.currency.isTooFarBehind(participants: rows) {
                        log.info("the \(key) engine drifted past twice the refresh rule: it is reloaded before its next answer")
                    } else {
                        if f.currency.needsRefresh(participants: rows) && entries[i].refresh == nil {
                            log.info("refreshing the \(key) engine in the background")
                            entries[i].refresh = Refresh(app: app, profile: f.profile, includeUnmatchable: f.includeUnmatchable, standIn: f.standIn)
                        }
                        i += 1
                        continue
                    }
                case .reload(let why):
                    log.info("the \(key) engine is reloaded when next asked for: \(why)")
                }
            } catch {
                log.info("catching up failed (\(error)): the \(key) engine is reloaded when next asked for")
            }
            entries.remove(at: i)
        }
        caughtUpAt = now
    }

    /// Swaps in the engines built in the background, each caught up first with what changed
    /// while it was built (a fresh engine that cannot is dropped; the old one stays).
    private func adoptRefreshes() {
        for i in entries.indices {
            guard let refresh = entries[i].refresh, let result = refresh.take() else { continue }
            entries[i].refresh = nil
            let key = entries[i].key
            do {
                var fresh = try (consume result).get()
                loads[key, default: 0] += 1
                if case .reload(let why) = try fresh.catchUp(app) {
                    log.info("the \(key) engine built in the background is already behind (\(why)): dropped")
                    continue
                }
                entries[i].following = fresh
                log.info("swapped in the \(key) engine built in the background in \(refresh.started.duration(to: .now)); \(fresh.currency.changedParticipants.count) changed since")
            } catch {
                log.info("refreshing the \(key) engine in the background failed (\(error))")
            }
        }
    }

    /// Waits until no background refresh is under way, and swaps the finished ones in
    /// (tests; a service swaps them in at its next query).
    func finishRefreshes() {
        while entries.contains(where: { $0.refresh.map { !$0.isDone } ?? false }) {
            Thread.sleep(forTimeInterval: 0.01)
        }
        adoptRefreshes()
    }

    /// The engines in memory, least recently used first (`system.info`'s `engines`), and how
    /// current each is (docs/protocol.md).
    func currency() throws -> [JSONValue] {
        adoptRefreshes()
        let now = try app.changeLogPosition()
        return try entries.map { entry in
            let f = entry.following, rows = f.engine.matcher.matrix.count
            var o = JSONObject()
            o["profile"] = .string(f.profile ?? ClusterMatch.defaultProfile)
            o["includeUnmatchable"] = .bool(f.includeUnmatchable)
            if !f.standIn { o["ownWeights"] = .bool(true) }  // withoutNeeds never applies (a query or call that states needs)
            if let weights = f.engine.weightsOf { o["weightsOf"] = .string(weights) }
            o["generation"] = .int(f.builtGeneration)
            o["followedGeneration"] = .int(f.followedGeneration)
            o["databaseGeneration"] = .int(now.generation)
            o["current"] = .bool(f.isCurrent(now: now))
            o["followsWrites"] = .bool(try f.canCatchUp(app))
            o["changedSinceBuild"] = .int(Int64(f.currency.changedParticipants.count))
            o["drift"] = .double(f.currency.drift)
            o["refreshPending"] = .bool(f.currency.needsRefresh(participants: rows))
            o["refreshing"] = .bool(entry.refresh != nil)
            o["loads"] = .int(Int64(loads[entry.key] ?? 0))
            return .object(o)
        }
    }

    /// True when an engine handed out earlier may no longer match the database.
    func isStale() throws -> Bool {
        try app.changeLogPosition() != caughtUpAt
    }
}
