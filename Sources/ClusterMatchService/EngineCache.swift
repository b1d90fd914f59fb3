import ClusterMatchApp
import JSONSupport
import Logging
import MatchCore

/// The matching engines the service keeps in memory, one per scoring profile.
///
/// The service's own writes of participants (`noteWrite(participants:)`) are followed in
/// place: the changed rows are analysed again and replaced in every loaded engine
/// (`ClusterMatch.follow(writesTo:engine:currency:)`), so the next query does not wait for
/// a reload. Such an engine keeps the IDF of its last full build; it is rebuilt before its
/// next answer once `EngineCurrency.needsRefresh` says the drift may matter
/// (docs/engine-writes.md). Any other change reloads: `PRAGMA data_version` moves when
/// another process commits (a CLI import while the service runs), and `noteWrite()` is
/// called after the service's other writes (taxonomies, imports, history).
final class EngineCache {
    private let app: ClusterMatch
    private let log: Logger
    /// At most this many profiles' engines are kept; the least recently used goes first.
    private let capacity: Int
    /// Writes by the service since it started: the vector store on disk no longer matches
    /// the database, and reloading from the database is faster than rebuilding it (the
    /// next command or service that starts rebuilds it).
    private var ownWrites = 0

    private struct Entry {
        var profile: String
        var includeUnmatchable: Bool
        var engine: MatchEngine
        var dataVersion: Int
        var currency: EngineCurrency
    }

    private var entries: [Entry] = []

    init(app: ClusterMatch, log: Logger, capacity: Int = 4) {
        self.app = app
        self.log = log
        self.capacity = max(1, capacity)
    }

    /// The service changed the data itself in a way engines cannot follow: every engine is stale.
    func noteWrite() {
        ownWrites += 1
        entries.removeAll()
    }

    /// The service upserted or deleted these participants: every loaded engine follows in
    /// place, or is dropped (and reloaded when next asked for) when it cannot.
    func noteWrite(participants ids: [String]) {
        ownWrites += 1
        guard !ids.isEmpty else { return }
        let started = ContinuousClock.now
        // The data version our own commit left (it moves only for other connections' commits).
        let version = try? app.dataVersion()
        entries.removeAll { $0.dataVersion != version }
        // In place (`entries[i]`, no copy of the entry): a second reference to an engine's
        // arrays would make the first write to each of them copy it whole.
        var i = 0
        while i < entries.count {
            let (profile, includeUnmatchable) = (entries[i].profile, entries[i].includeUnmatchable)
            var currency = entries[i].currency
            do {
                if try app.follow(writesTo: ids, engine: &entries[i].engine, currency: &currency, includeUnmatchable: includeUnmatchable) {
                    entries[i].currency = currency
                    log.info("followed \(ids.count) written participant(s) in the \(profile) engine in \(started.duration(to: .now)); \(entries[i].currency.changedParticipants.count) changed since its full build, drift bound \(entries[i].currency.drift)")
                    i += 1
                    continue
                }
                log.info("the \(profile) engine cannot follow writes in place: it is reloaded when next asked for")
            } catch {
                log.info("following a write failed (\(error)): the \(profile) engine is reloaded when next asked for")
            }
            entries.remove(at: i)
        }
    }

    /// The engine for a profile (nil: the default), rebuilt when the data changed in a way
    /// it did not follow, or when it followed enough writes to need a refresh. With
    /// `includeUnmatchable`, one that also holds participants left out of matching by
    /// default (expired EEN profiles …): a separate entry.
    func engine(profile: String?, includeUnmatchable: Bool = false) throws -> MatchEngine {
        let key = profile ?? ClusterMatch.defaultProfile
        let version = try app.dataVersion()  // read before loading: a later change is noticed next time
        entries.removeAll { $0.dataVersion != version || $0.currency.needsRefresh(participants: $0.engine.matcher.matrix.count) }
        if let i = entries.firstIndex(where: { $0.profile == key && $0.includeUnmatchable == includeUnmatchable }) {
            let entry = entries.remove(at: i)
            entries.append(entry)
            return entry.engine
        }
        let started = ContinuousClock.now
        let engine = try app.engine(profile: profile, includeUnmatchable: includeUnmatchable, rebuildingStore: ownWrites == 0)
        engine.matcher.prepareSingleQueries()
        if entries.count >= capacity { entries.removeFirst() }
        entries.append(Entry(profile: key, includeUnmatchable: includeUnmatchable, engine: engine, dataVersion: version, currency: EngineCurrency()))
        log.info("loaded the \(engine.profile.name) engine: \(engine.matcher.matrix.count) participants × \(engine.matcher.matrix.dimension) dimensions in \(started.duration(to: .now))")
        return engine
    }

    /// The engines in memory, least recently used first (`system.info`'s `engines`): their
    /// profile, the database generation each was fully built from (null when loaded without
    /// a vector store) and the database's now, whether that is still the database's
    /// generation with nothing followed in place (`current`), and what following writes in
    /// place left: participants changed since the full build, the bound on how much a score
    /// may differ from a fresh load's (`drift`, relative), and whether a refresh is due
    /// before the next answer.
    func currency() throws -> [JSONValue] {
        let now = try app.databaseGeneration()
        let version = try app.dataVersion()
        return try entries.map { entry in
            var o = JSONObject()
            o["profile"] = .string(entry.profile)
            o["includeUnmatchable"] = .bool(entry.includeUnmatchable)
            o["generation"] = entry.engine.generation.map { .int($0) } ?? .null
            o["databaseGeneration"] = .int(now)
            let followed = entry.currency.changedParticipants.count
            o["current"] = .bool(try app.isCurrent(entry.engine) && followed == 0)
            o["followsWrites"] = .bool(entry.dataVersion == version)
            o["changedSinceBuild"] = .int(Int64(followed))
            o["drift"] = .double(entry.currency.drift)
            o["refreshPending"] = .bool(entry.currency.needsRefresh(participants: entry.engine.matcher.matrix.count))
            return .object(o)
        }
    }

    /// True when an engine handed out earlier may no longer match the database.
    func isStale() throws -> Bool {
        let version = try app.dataVersion()
        return entries.contains { $0.dataVersion != version }
    }
}
