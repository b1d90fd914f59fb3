import Foundation
import Testing
@testable import MatchCore
@testable import ClusterMatchApp
@testable import MatchStore

/// Issue 11 §4: a command after a few writes does not rebuild the vector store. It loads the
/// engine from the store as built and applies the participants the change log names since,
/// in place (docs/engine-writes.md, "Commands on a store a few writes behind"), mapping the
/// written pages of the store privately instead of copying its views; a store of another
/// line of changes, or too far behind, is rebuilt as before.
@Suite("commands on a vector store a few writes behind", .serialized)
struct StoreFollowTests {
    static func storeStamp(_ app: ClusterMatch) throws -> StoreStamp {
        try VectorStore(path: try #require(app.store.vectorStorePath)).stamp
    }

    /// Two participants swap everything but their ids (no IDF moves): `match` and `explain`
    /// answer from the store as built, with exactly a fresh load's engine and lists; a batch
    /// command's engine (`engine()`) rebuilds the store.
    @Test func writesThatMoveNoIDFAreFollowedWithAFreshLoadsAnswers() throws {
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .off)
        let ids = try app.engine().matcher.matrix.ids
        let built = try Self.storeStamp(app)
        #expect(built.generation == (try app.databaseGeneration()))
        let (a, b) = (ids[10], ids[300])
        #expect(try app.doctor().vectorStore?.followedChanges == nil)  // current
        _ = try EngineWritesTests.swap(app, a, b)
        // doctor says the store is stale but followed, and how far behind it is.
        let status = try #require(try app.doctor().vectorStore)
        #expect(status.followedChanges == 2 && !status.isCurrent)
        #expect(status.summary.contains("2 participants changed since, which match and explain follow from the change log"))

        let loaded = try app.loadEngine(followingStore: true)
        #expect(try Self.storeStamp(app) == built, "the store was rebuilt")
        #expect(loaded.built.generation == built.generation)
        #expect(loaded.position == (try app.changeLogPosition()))
        #expect(loaded.currency.changedParticipants == [a, b])
        #expect(loaded.currency.drift == 0)
        let fresh = try VectorStoreTests.fromDatabase(app, profile: nil)
        VectorStoreTests.expectSameEngines(loaded.engine, fresh)
        try VectorStoreTests.expectSameLists(app, loaded.engine, fresh, top: 10)

        // The commands: one participant's list and one pair's reasons, as a fresh load gives them.
        let list = try app.match(id: a, top: 10, explain: true)
        #expect(try Self.storeStamp(app) == built, "match rebuilt the store")
        let want = try app.match(MatchQuery(subject: .participant(a), top: 10, explain: true), engine: fresh)
        #expect(VectorStoreTests.rounded(list.rows) == VectorStoreTests.rounded(want.rows))
        #expect(!list.rows.isEmpty)
        let why = try app.explainPair(a, b), wanted = try app.explainPair(a, b, engine: fresh)
        #expect(why.score == wanted.score && why.rank == wanted.rank && why.reasons.count == wanted.reasons.count)
        #expect(zip(why.reasons, wanted.reasons).allSatisfy { abs($0.contribution - $1.contribution) < 1e-12 && $0.term == $1.term })
        #expect(!why.reasons.isEmpty)
        #expect(try Self.storeStamp(app) == built, "explain rebuilt the store")

        // A batch command's engine is a fresh one: the store is built again, current.
        _ = try app.engine()
        #expect(try Self.storeStamp(app).generation == (try app.databaseGeneration()))
    }

    /// A new participant (appended) and an updated one: every score within the drift bound
    /// of a fresh load's, the store file untouched. An erased one: the store file, which
    /// holds their profile, is removed and built again without them.
    @Test func newUpdatedAndDeletedParticipantsStayWithinTheDrift() throws {
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .off)
        let ids = try app.engine().matcher.matrix.ids
        let file = try #require(app.store.vectorStorePath)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        var added = try EngineWritesTests.json(app, ids[20])
        added["id"] = .string("zz-new-0001")
        added["keywords"] = .array([.string("ultrasonic whale tracking"), .string("acoustic sensors")])
        var updated = try EngineWritesTests.json(app, ids[40])
        updated["keywords"] = .array([.string("machine learning"), .string("hearing aids")])
        _ = try app.upsertParticipants([.object(added), .object(updated)])

        let loaded = try app.loadEngine(followingStore: true)
        #expect(loaded.currency.changedParticipants == Set(["zz-new-0001", ids[40]]))
        #expect(loaded.currency.drift > 0)
        #expect(loaded.engine.matcher.matrix.row(of: "zz-new-0001") == ids.count)  // appended
        let fresh = try VectorStoreTests.fromDatabase(app, profile: nil)
        let moved = try EngineWritesTests.expectWithinDrift(app, loaded.engine, fresh, drift: loaded.currency.drift, deleted: nil)
        #expect(moved > 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes, "the store file was written")

        try app.erase(participant: ids[60])
        #expect(!FileManager.default.fileExists(atPath: file))
        let rebuilt = try app.loadEngine(followingStore: true)
        #expect(rebuilt.currency.changedParticipants.isEmpty && rebuilt.engine.matcher.matrix.row(of: ids[60]) == nil)
        #expect(try Self.storeStamp(app).generation == (try app.databaseGeneration()))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)).range(of: Data(ids[60].utf8)) == nil)
    }

    /// More participants changed than the refresh rule follows (64 on the demo), or a change
    /// the log cannot name (its epoch moved): the store is rebuilt.
    @Test func tooManyChangesOrAnotherEpochRebuildTheStore() throws {
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .off)
        let ids = try app.engine().matcher.matrix.ids
        for i in stride(from: 0, to: 140, by: 2) { _ = try EngineWritesTests.swap(app, ids[i], ids[i + 1]) }  // 140 participants
        #expect(try app.store.vectorStoreBehind(limit: { Int(EngineCurrency.changeLimit(participants: $0)) }) == nil)
        let many = try app.loadEngine(followingStore: true)
        #expect(many.currency.changedParticipants.isEmpty)
        #expect(try Self.storeStamp(app).generation == (try app.databaseGeneration()))

        _ = try EngineWritesTests.swap(app, ids[200], ids[201])
        #expect(try app.store.vectorStoreBehind(limit: { _ in 64 })?.changed == [ids[200], ids[201]])
        try app.store.writer.write { db in try db.execute(sql: "UPDATE change_log SET epoch = epoch + 1 WHERE id = 1") }
        #expect(try app.store.vectorStoreBehind(limit: { _ in 64 }) == nil)
        _ = try app.loadEngine(followingStore: true)
        #expect(try Self.storeStamp(app).generation == (try app.databaseGeneration()))
    }

    /// A database restored from a backup, with a store built later from the original beside
    /// it: the backup never held that store's stamp, so the store is not followed (its rows
    /// hold changes the backup never had) but rebuilt.
    @Test func aStoreFromAnotherLineOfChangesIsRebuilt() throws {
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .off)
        let ids = try app.engine().matcher.matrix.ids
        let copy = dir.path("restored.sqlite")
        try app.store.backup(to: copy)
        _ = try EngineWritesTests.swap(app, ids[1], ids[2])
        _ = try app.engine()  // the original's store, built after the backup
        try FileManager.default.copyItem(atPath: try #require(app.store.vectorStorePath), toPath: copy + "-vectors")
        let restored = try ClusterMatch.open(path: copy, semantic: .off)
        for i in 3..<6 { _ = try EngineWritesTests.swap(restored, ids[2 * i], ids[2 * i + 1]) }  // past the store's generation
        #expect(try restored.databaseGeneration() >= (try Self.storeStamp(restored)).generation)
        #expect(try restored.store.vectorStoreBehind(limit: { _ in 64 }) == nil)
        let loaded = try restored.loadEngine(followingStore: true)
        #expect(loaded.currency.changedParticipants.isEmpty)
        #expect(try Self.storeStamp(restored).generation == (try restored.databaseGeneration()))
        VectorStoreTests.expectSameEngines(loaded.engine, try VectorStoreTests.fromDatabase(restored, profile: nil))
    }

    /// Writes in place map the views' pages privately: no view is copied, the file is not
    /// written, an engine copied before the write keeps what it read, and the values, halves
    /// and presence flags equal those of the same changes applied to arrays. Appending past
    /// the room a private mapping was given (`spareRows`) copies the views, with the same values.
    @Test func writesMapTheStorePrivatelyAndEqualTheSameChangesToArrays() throws {
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .off)
        var mapped = try app.engine().matcher.matrix
        var arrays = try VectorStoreTests.fromDatabase(app, profile: nil).matcher.matrix
        #expect(mapped.views.storage.isEmpty && !mapped.views.mapped.isEmpty)
        let file = try #require(app.store.vectorStorePath)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let before = mapped
        let original = before.views.row(10, of: .offers)
        func vectors(_ r: Int) -> ParticipantVectors { arrays.vectors(row: r) }
        var changes: [RowChange] = [.replace(row: 10, vectors: vectors(300), declaresSides: true), .remove(row: 20)]
        for i in 0..<2 { changes.append(.append(id: "zz-\(i)", vectors: vectors(30 + i), declaresSides: false)) }
        #expect(mapped.apply(changes) && arrays.apply(changes))
        #expect(mapped.views.storage.isEmpty, "a view was copied")
        #expect(mapped.views.mapped.values.allSatisfy { $0.owner is PrivateMemory })
        #expect(mapped.views.mappedHalves.values.allSatisfy { $0.owner is PrivateMemory })
        Self.expectSameRows(mapped, arrays)
        #expect(before.views.row(10, of: .offers) == original && original != mapped.views.row(10, of: .offers))
        #expect(before.count + 2 == mapped.count)

        let room = mapped.count + CompetenceMatrix.spareRows(mapped.count) - mapped.count
        let many = (0..<(room + 10)).map { RowChange.append(id: "zz-many-\($0)", vectors: vectors($0 % 100), declaresSides: $0 % 2 == 0) }
        #expect(mapped.apply(many) && arrays.apply(many))
        #expect(!mapped.views.storage.isEmpty, "appends past the room did not copy")
        Self.expectSameRows(mapped, arrays)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes, "the store file was written")

        // A copy made after a first write shares the private pages: the next write copies
        // them rather than changing the copy's values underneath it.
        var second = try app.engine().matcher.matrix
        let first = second.apply([.replace(row: 10, vectors: vectors(300), declaresSides: true)])
        #expect(first && second.views.storage.isEmpty)
        let copy = second
        let (offers, half) = (copy.views.row(11, of: .offers), copy.withHalf(.offers) { Array($0) })
        let next = second.apply([.replace(row: 11, vectors: vectors(301), declaresSides: false)])
        let written = vectors(301).offers
        #expect(next && second.views.row(11, of: .offers) == written && offers != written)
        #expect(copy.views.row(11, of: .offers) == offers, "a copy's values changed under it")
        #expect(copy.withHalf(.offers) { Array($0) } == half, "a copy's halves changed under it")
        #expect(!second.views.storage.isEmpty)  // copied, since the pages were shared
    }

    /// A write of semantic views alone by another connection (another process embedding
    /// texts) names its participant in the change log (migration v12): v11 only moved the
    /// generation, so a following engine could not tell whose views changed.
    @Test func aWriteOfSemanticViewsAloneIsInTheChangeLog() throws {
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .off)
        let other = try ClusterMatch.open(path: app.store.path, semantic: .off)
        let lacking = try app.store.participantsLackingSemanticViews(model: "test-model")
        let (p, document) = try #require(lacking.first)
        let position = try app.store.changeLogPosition()
        let views = StoredSemanticViews(offers: [1, 0], needs: [0, 1], profile: [0.6, 0.8])
        try other.store.storeSemanticViews(model: "test-model", [(id: p.id, document: document, views: views, textHashes: [])])
        let now = try app.store.changeLogPosition()
        #expect(now.generation > position.generation)
        #expect(try app.store.participantChanges(since: position, limit: 10) == .participants([p.id], now: now))
    }

    /// With the model: another connection replaces one participant's semantic views; the
    /// engine that catches up holds the new views in that participant's row.
    @Test(.enabled(if: SemanticMatchingTests.encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func anEngineFollowsAnotherProcesssSemanticViews() throws {
        let encoder = try #require(SemanticMatchingTests.encoder)
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .auto)
        var following = try FollowingEngine(app, profile: nil)
        #expect(following.engine.isSemantic)
        let ids = following.engine.matcher.matrix.ids
        let (x, y) = (ids[12], ids[250])
        let model = ClusterMatch.embeddingModelKey(encoder)
        let theirs = try #require(try app.store.semanticViews(model: model, ids: [y])[y])
        let other = try ClusterMatch.open(path: app.store.path, semantic: .off)
        let document = try #require(try other.store.participantsLackingSemanticViews(model: "another-model", among: [x]).first?.document)
        try other.store.storeSemanticViews(model: model, [(id: x, document: document, views: theirs, textHashes: [])])
        #expect(try following.catchUp(app) == .followed([x]))
        let row = try #require(following.engine.matcher.matrix.row(of: x))
        #expect(following.engine.matcher.matrix.views.row(row, of: .semanticOffers) == theirs.offers)
        #expect(following.engine.matcher.matrix.views.row(row, of: .semanticProfile) == theirs.profile)
    }

    static func expectSameRows(_ a: CompetenceMatrix, _ b: CompetenceMatrix) {
        #expect(a.count == b.count && a.ids == b.ids)
        #expect(a.views.names == b.views.names)
        for view in a.views.names {
            #expect(a.views.withValues(view) { x in b.views.withValues(view) { y in x.elementsEqual(y) } }, "view \(view) differs")
            #expect(a.withHalf(view) { Array($0) } == b.withHalf(view) { Array($0) }, "half view \(view) differs")
        }
        for view in [VectorView.offers, .needs] {
            let (x, y) = (a.side(view), b.side(view))
            #expect((0..<a.count).allSatisfy { x.rows[$0] == y.rows[$0] }, "presence of \(view) differs")
        }
        #expect(a.isEmptyProfile == b.isEmptyProfile && a.declaresSides == b.declaresSides)
    }
}
