import ClusterMatchApp
import JSONSupport
import Logging
import MatchCore

/// The matching engines the service keeps in memory, one per scoring profile, rebuilt
/// only when the data changed.
///
/// A change is noticed two ways: `PRAGMA data_version` moves when another process commits
/// (a CLI import while the service runs), and `noteWrite()` is called after the service's
/// own writes, which do not move it.
final class EngineCache {
    private let app: ClusterMatch
    private let log: Logger
    /// At most this many profiles' engines are kept; the least recently used goes first.
    private let capacity: Int
    private var ownWrites = 0
    private var entries: [(profile: String, includeUnmatchable: Bool, engine: MatchEngine, dataVersion: Int, ownWrites: Int)] = []

    init(app: ClusterMatch, log: Logger, capacity: Int = 4) {
        self.app = app
        self.log = log
        self.capacity = max(1, capacity)
    }

    /// The service changed the data itself: every engine is stale.
    func noteWrite() {
        ownWrites += 1
        entries.removeAll()
    }

    /// The engine for a profile (nil: the default), rebuilt when the data changed. With
    /// `includeUnmatchable`, one that also holds participants left out of matching by
    /// default (expired EEN profiles …): a separate entry.
    func engine(profile: String?, includeUnmatchable: Bool = false) throws -> MatchEngine {
        let key = profile ?? ClusterMatch.defaultProfile
        let version = try app.dataVersion()  // read before loading: a later change is noticed next time
        entries.removeAll { $0.dataVersion != version || $0.ownWrites != ownWrites }
        if let i = entries.firstIndex(where: { $0.profile == key && $0.includeUnmatchable == includeUnmatchable }) {
            let entry = entries.remove(at: i)
            entries.append(entry)
            return entry.engine
        }
        let started = ContinuousClock.now
        // After the service's own writes (a few participants at a time), reloading from the
        // database takes seconds where rebuilding the vector store takes far longer: the
        // store is rebuilt by the next command or service that starts.
        let engine = try app.engine(profile: profile, includeUnmatchable: includeUnmatchable, rebuildingStore: ownWrites == 0)
        engine.matcher.prepareSingleQueries()
        if entries.count >= capacity { entries.removeFirst() }
        entries.append((key, includeUnmatchable, engine, version, ownWrites))
        log.info("loaded the \(engine.profile.name) engine: \(engine.matcher.matrix.count) participants × \(engine.matcher.matrix.dimension) dimensions in \(started.duration(to: .now))")
        return engine
    }

    /// The engines in memory, least recently used first: their profile, the database
    /// generation each was loaded from (null when loaded without a vector store), and whether
    /// that is still the database's generation (`system.info`'s `engines`).
    func currency() throws -> [JSONValue] {
        try entries.map { entry in
            var o = JSONObject()
            o["profile"] = .string(entry.profile)
            o["includeUnmatchable"] = .bool(entry.includeUnmatchable)
            o["generation"] = entry.engine.generation.map { .int($0) } ?? .null
            o["current"] = .bool(try app.isCurrent(entry.engine) && entry.ownWrites == ownWrites)
            return .object(o)
        }
    }

    /// True when an engine handed out earlier may no longer match the database.
    func isStale() throws -> Bool {
        let version = try app.dataVersion()
        return entries.contains { $0.dataVersion != version || $0.ownWrites != ownWrites }
    }
}
