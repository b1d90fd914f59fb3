import Foundation
import MatchCore
internal import GRDB

/// What `doctor` reports about a database's vector store.
package struct VectorStoreStatus: Sendable, Hashable {
    package var path: String
    /// Bytes; 0 when there is no file.
    package var size: Int
    /// What the file was built from (nil when it cannot be read).
    package var builtFrom: StoreStamp?
    /// The database's generation now.
    package var database: StoreStamp
    /// Why the file cannot be used as it is (nil: it is current).
    package var problem: VectorStore.Problem?
    /// For a stale store that commands follow through the change log instead of rebuilding
    /// it (`MatchStore.vectorStoreBehind`): how many participants changed since it was built.
    package var followedChanges: Int?

    package var isCurrent: Bool { problem == nil }
}

extension MatchStore {
    /// The vector store file of this database: beside it, named after it (`DB-vectors`, as
    /// SQLite names its `-wal`); nil for a database in memory.
    package var vectorStorePath: String? { path == ":memory:" || path.isEmpty ? nil : path + "-vectors" }

    /// The database's generation (see `Schema.vectorStore`).
    package func storeStamp() throws -> StoreStamp {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT database_id, generation, token FROM store_generation WHERE id = 1") else {
                throw StoredRecordDamaged("the store generation is missing")
            }
            return StoreStamp(databaseID: row[0], generation: row[1], token: row[2])
        }
    }

    /// The vector store as it stands, without building one.
    package func vectorStoreStatus(verifyContents: Bool = false) throws -> VectorStoreStatus? {
        guard let file = vectorStorePath else { return nil }
        let now = try storeStamp()
        let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0
        do {
            let store = try VectorStore(path: file)
            let problem = Self.problem(store, now)
            if problem == nil, verifyContents { try store.verifyContents() }
            return VectorStoreStatus(path: file, size: size, builtFrom: store.stamp, database: now, problem: problem)
        } catch {
            return VectorStoreStatus(path: file, size: size, builtFrom: nil, database: now, problem: error)
        }
    }

    static func problem(_ store: VectorStore, _ now: StoreStamp) -> VectorStore.Problem? {
        if store.stamp.databaseID != now.databaseID { return .foreign }
        if store.stamp != now { return .stale(store.stamp) }
        return nil
    }

    /// The current vector store, built first when there is none or it is stale, torn,
    /// foreign or of another format (the file is replaced atomically), or when `semantic`
    /// asks for semantic views it does not hold.
    ///
    /// Building checks the database first (`checkIntegrity`) and writes nothing when it is
    /// damaged. Returns nil when the database is in memory or the folder takes no file
    /// (then callers load from the database directly).
    /// The store holds the semantic views when every participant has them under one model
    /// (`completeSemanticViews`), so that its bytes depend on the database alone, whichever
    /// process builds it.
    /// - Parameter semantic: the model whose semantic views the store must hold (matching on
    ///   meaning is on); building then makes the views participants lack first. A current
    ///   store with them needs nothing made: a change to participants or their views moves the generation.
    /// - Parameter built: called after a build, with the reason it was needed.
    /// - Complexity: O(1) pages when current; otherwise one pass over every participant's features.
    /// - Parameter rebuilding: false to return nil instead of building (a service that has
    ///   just written a few participants reloads faster from the database than it writes a store).
    package func currentVectorStore(rebuilding: Bool = true, semantic: SemanticStoreSource? = nil,
                                    built: (VectorStore.Problem) -> Void = { _ in }) throws -> VectorStore? {
        guard let file = vectorStorePath else { return nil }
        let now = try storeStamp()
        let reason: VectorStore.Problem
        do throws(VectorStore.Problem) {
            let store = try VectorStore(path: file)
            if let problem = Self.problem(store, now) {
                reason = problem
            } else if let semantic, store.semanticModel != semantic.model {
                reason = .withoutSemanticViews(semantic.model)
            } else {
                return store
            }
        } catch {
            reason = error
        }
        guard rebuilding else { return nil }
        try checkIntegrity()
        // The stamp read before and after the snapshot: equal means no change came between.
        var prepared = false
        for _ in 0..<3 {
            if let semantic, !prepared {
                try semantic.prepare()
                prepared = true
            }
            let (stamp, epoch) = try storeStampAndEpoch()
            let snapshot = try matchingSnapshot()
            // What reasons need, from the participants' texts (not kept while the file is written).
            let explained = Self.explanationRecords(try participants(decodingOn: ProcessInfoCores.count), space: snapshot.space)
            let unmatchable = try unmatchableIDs()
            let views = try completeSemanticViews()
            guard try storeStamp() == stamp else { prepared = false; continue }
            // A participant written between making the views and reading them: make its views too.
            if let semantic, views?.model != semantic.model { prepared = false; continue }
            do {
                try VectorStore.write(snapshot: snapshot, unmatchable: unmatchable, stamp: stamp, semantic: views,
                                      explanations: { ids in
                                          ExplanationRecords(vocabulary: explained.vocabulary,
                                                             records: ids.map { explained.records[$0] ?? ExplainableTerms.emptyRecord })
                                      }, to: file)
            } catch {
                return nil  // a read-only folder, a full disk: matching still works, from the database
            }
            try? recordBuiltStore(stamp, epoch: epoch)  // a read-only database: the store is only never followed
            built(reason)
            return try? VectorStore(path: file)
        }
        return nil  // written to without pause: load from the database this time
    }
}

/// A vector store a few writes behind the database, and what changed since it was built.
package struct VectorStoreBehind {
    /// The store, as built.
    package var store: VectorStore
    /// Where the database stood in its change log when the store's snapshot was read.
    package var position: ChangeLogPosition
    /// The participants changed since (sorted; possibly one that did not), to apply in place.
    package var changed: [String]
    /// Where the change log stood when `changed` was read.
    package var now: ChangeLogPosition
}

extension MatchStore {
    /// The database's stamp and change log epoch, read together.
    func storeStampAndEpoch() throws -> (StoreStamp, Int64) {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT g.database_id, g.generation, g.token, c.epoch FROM store_generation g, change_log c WHERE g.id = 1 AND c.id = 1
                """) else { throw StoredRecordDamaged("the store generation is missing") }
            return (StoreStamp(databaseID: row[0], generation: row[1], token: row[2]), row[3])
        }
    }

    /// Notes that the store file now beside the database was built from `stamp` in `epoch`
    /// (`Schema.storeLineage`).
    func recordBuiltStore(_ stamp: StoreStamp, epoch: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO vector_store_built(id, generation, token, epoch) VALUES (1, ?, ?, ?)",
                           arguments: [stamp.generation, stamp.token, epoch])
        }
    }

    /// The vector store when it is behind the database only by participants the change log
    /// names, at most `limit(rows of the store)` of them: built from this database's own line of changes (its
    /// stamp is the one `vector_store_built` records), in the change log's present epoch (no
    /// taxonomy, vector dimension, history or outcome change since), with the log reaching
    /// back to its generation, and holding the semantic views of `semantic`'s model when
    /// asked. Nil otherwise (no store, current, torn, foreign, of another format, or too far
    /// behind): then `currentVectorStore` builds it again.
    /// - Complexity: O(1) pages of the file, plus O(changes since) index entries.
    package func vectorStoreBehind(limit: (Int) -> Int, semantic: SemanticStoreSource? = nil) throws -> VectorStoreBehind? {
        guard let file = vectorStorePath, let store = try? VectorStore(path: file) else { return nil }
        guard case .stale = Self.problem(store, try storeStamp()) else { return nil }
        if let semantic, store.semanticModel != semantic.model { return nil }
        let built = try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT generation, token, epoch FROM vector_store_built WHERE id = 1")
        }
        guard let built, built[0] as Int64 == store.stamp.generation, built[1] as Int64 == store.stamp.token else { return nil }
        let position = ChangeLogPosition(generation: store.stamp.generation, epoch: built[2])
        guard case .participants(let ids, let now) = try participantChanges(since: position, limit: limit(store.rows)) else { return nil }
        // Someone was erased since: the file still holds their profile, so it is built again.
        guard !ids.contains(where: Self.isErasedChange) else { return nil }
        return VectorStoreBehind(store: store, position: position, changed: ids, now: now)
    }
}

extension MatchStore {
    /// What explaining needs of each participant (`ExplainableTerms.record`), by id,
    /// analysed from their texts in `space` on all cores, and the fingerprint of the
    /// vocabulary that numbers them.
    static func explanationRecords(_ participants: [Participant], space: VectorSpace)
        -> (vocabulary: (count: Int, checksum: UInt64), records: [String: [UInt8]]) {
        let vocabulary = ExplanationVocabulary(space)
        let records = concurrentBlocks(participants.count, minimumBlock: 256) { _, block in
            block.map { ExplainableTerms.record(space.features(of: participants[$0]), space: space, vocabulary: vocabulary) }
        }.flatMap { $0 }
        var byID: [String: [UInt8]] = [:]
        byID.reserveCapacity(participants.count)
        for (p, r) in zip(participants, records) { byID[p.id] = r }
        return (vocabulary.fingerprint, byID)
    }
}

/// What a vector store needs to hold semantic views: their model, and how to make the views
/// participants lack before it is built (embedding their texts).
package struct SemanticStoreSource {
    package var model: String
    package var prepare: () throws -> Void

    package init(model: String, prepare: @escaping () throws -> Void) {
        self.model = model
        self.prepare = prepare
    }
}
