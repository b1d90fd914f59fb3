import ClusterMatchService
import Foundation
import Importers
import JSONSupport
import Testing
@testable import MatchCore
@testable import ClusterMatchApp
@testable import MatchStore

/// Issue 11 §1 and §6: the persisted vector store gives the same engine and the same
/// answers as loading from the database, is byte-identical across builds, and is never
/// used when stale, torn or foreign.
@Suite("the vector store", .serialized)
struct VectorStoreTests {
    /// The demo database, made in-process.
    static func demo(_ dir: TemporaryDirectory, semantic: SemanticSwitch = .auto) throws -> ClusterMatch {
        let db = dir.path("demo.sqlite")
        _ = try ClusterMatch.demo(databasePath: db, outputDirectory: dir.path("out"))
        return try ClusterMatch.open(path: db, semantic: semantic)
    }

    /// The engine as the code before the store loaded it: straight from the database (with
    /// the semantic views when the app matches on meaning and the profile weighs them).
    static func fromDatabase(_ app: ClusterMatch, profile: String?, includeUnmatchable: Bool = false) throws -> MatchEngine {
        var snapshot = try app.store.matchingSnapshot()
        if !includeUnmatchable {
            let excluded = try app.store.unmatchableIDs()
            snapshot.rows.removeAll { excluded.contains($0.id) }
        }
        let scoring = try ClusterMatch.scoringProfile(profile)
        return MatchEngine(snapshot: snapshot, profile: scoring,
                           semantic: scoring.weights.usesSemantic ? try app.semanticViewsForMatching() : nil)
    }

    static func expectSameEngines(_ a: MatchEngine, _ b: MatchEngine) {
        let (ma, mb) = (a.matcher.matrix, b.matcher.matrix)
        #expect(ma.ids == mb.ids)
        #expect(ma.views.names == mb.views.names)
        for view in ma.views.names {
            #expect(ma.views.dimension(of: view) == mb.views.dimension(of: view))
            let same = ma.views.withValues(view) { x in mb.views.withValues(view) { y in x.elementsEqual(y) } }
            #expect(same, "view \(view) differs")
        }
        // The half-precision copies single queries read: the store's equal the conversion.
        for view in ma.views.names {
            #expect(ma.withHalf(view) { Array($0) } == mb.withHalf(view) { Array($0) }, "half view \(view) differs")
        }
        #expect(ma.isEmptyProfile == mb.isEmptyProfile)
        #expect(ma.declaresSides == mb.declaresSides)
        // The weights, with the semantic noise floors (from the store's samples, or measured).
        #expect(a.matcher.weights == b.matcher.weights)
        // Presence flags (stored in the file, or read from the float rows) agree.
        for view in [VectorView.offers, .needs] where ma.views.contains(view) {
            let (x, y) = (ma.side(view), mb.side(view))
            #expect((0..<ma.count).allSatisfy { x.rows[$0] == y.rows[$0] }, "presence of \(view) differs")
            #expect((0..<((ma.count + 15) / 16)).allSatisfy { x.mask[$0] == y.mask[$0] }, "presence mask of \(view) differs")
        }
        // The lexical index: rows and postings (read in place from the store, or built).
        #expect((ma.lexical == nil) == (mb.lexical == nil))
        if let la = ma.lexical, let lb = mb.lexical {
            #expect(la.termCount == lb.termCount)
            for view in VectorView.lexical {
                let (x, y) = (la.view(view)!, lb.view(view)!)
                for (c, d, starts) in [(x.rows, y.rows, ma.count + 1), (x.postings, y.postings, la.termCount + 1)] {
                    let entries = Int(c.start[starts - 1])
                    #expect(Array(c.start.prefix(starts)) == Array(d.start.prefix(starts)), "\(view) starts differ")
                    #expect(Array(c.index.prefix(entries)) == Array(d.index.prefix(entries)), "\(view) indices differ")
                    #expect(Array(c.value.prefix(entries)) == Array(d.value.prefix(entries)), "\(view) values differ")
                }
            }
        }
        // Rows by id (a search by halves over the store's ids, a dictionary otherwise).
        #expect(ma.ids.indices.allSatisfy { ma.row(of: ma.ids[$0]) == $0 && mb.row(of: ma.ids[$0]) == $0 && ma.id(row: $0) == mb.ids[$0] })
        #expect(ma.row(of: "no such id") == nil && ma.row(of: "") == nil && ma.row(of: "\u{10FFFF}") == nil)
        // The IDF's document count (the store's header keeps it) and feature frequencies.
        #expect(a.space.statistics.documentCount == b.space.statistics.documentCount)
        #expect(a.space.statistics.documentFrequency == b.space.statistics.documentFrequency)
        #expect(a.directory.entries == b.directory.entries)
        #expect(a.directory.count == b.directory.count && (0..<a.directory.count).allSatisfy { a.directory[$0] == b.directory[$0] })
    }

    /// Reasons' contributions are summed in Double in the order of a dictionary of the
    /// vector space, so two loads of the same database (even both from the database, before
    /// this issue) can differ in the last bits: compared to 1e-12, all else exactly.
    static func rounded(_ rows: [MatchRow]) -> [MatchRow] {
        rows.map { row in
            var r = row
            r.reasons = r.reasons.map { var x = $0; x.contribution = ($0.contribution * 1e12).rounded() / 1e12; return x }
            return r
        }
    }

    static func firstDifference(_ x: [MatchRow], _ y: [MatchRow]) -> String {
        guard x.count == y.count else { return "\(x.count) rows vs \(y.count)" }
        for (a, b) in zip(rounded(x), rounded(y)) where a != b {
            if a.partner != b.partner { return "partner \(a.partner.id) vs \(b.partner.id)" }
            if a.score != b.score || a.forward != b.forward || a.backward != b.backward || a.similarity != b.similarity {
                return "scores \(a.score) \(a.forward) \(a.backward) \(a.similarity) vs \(b.score) \(b.forward) \(b.backward) \(b.similarity)"
            }
            if a.reasons != b.reasons { return "reasons \(a.reasons) vs \(b.reasons)" }
            return "rank \(a.rank) vs \(b.rank)"
        }
        return "same"
    }

    /// - Parameter reasons: whether some list must have reasons (so that they are compared too).
    static func expectSameLists(_ app: ClusterMatch, _ a: MatchEngine, _ b: MatchEngine, top: Int, reasons: Bool = true) throws {
        let la = try app.matchLists(on: a, top: top, explain: true), lb = try app.matchLists(on: b, top: top, explain: true)
        #expect(la.map(\.participant.id) == lb.map(\.participant.id))
        #expect(la.count == lb.count)
        for (x, y) in zip(la, lb) where rounded(x.rows) != rounded(y.rows) {
            Issue.record("the lists of \(x.participant.id) differ: \(firstDifference(x.rows, y.rows))")
            break
        }
        #expect(!reasons || la.contains { !$0.rows.isEmpty && !$0.rows[0].reasons.isEmpty }, "no list with reasons: the comparison compares nothing")
    }

    /// The engine reads the store in place, its semantic views too when semantic matching
    /// is on (format 4), with the noise floors the store keeps.
    @Test(arguments: [SemanticSwitch.off, .auto])
    func theStoreGivesTheSameEngineAndAnswersAsTheDatabase(semantic: SemanticSwitch) throws {
        let dir = try TemporaryDirectory()
        let app = try Self.demo(dir, semantic: semantic)
        for profile in [nil, "peers"] as [String?] {
            let stored = try app.engine(profile: profile)
            #expect(stored.stamp == (try app.store.storeStamp()), "the engine was not loaded from a current store")
            if semantic == .auto, SemanticMatchingTests.encoder != nil, try ClusterMatch.scoringProfile(profile).weights.usesSemantic {
                #expect(stored.isSemantic)
                #expect(stored.matcher.matrix.views.mapped[.semanticProfile] != nil, "the semantic views were not read in place")
            }
            let direct = try Self.fromDatabase(app, profile: profile)
            Self.expectSameEngines(stored, direct)
            try Self.expectSameLists(app, stored, direct, top: 10)
            // Single queries, with their half-precision prefilter, and ad-hoc ones.
            for id in stored.matcher.matrix.ids.prefix(40) {
                let q = MatchQuery(subject: .participant(id), top: 10, profile: profile, explain: true)
                let (x, y) = (try app.match(q, engine: stored).rows, try app.match(q, engine: direct).rows)
                #expect(Self.rounded(x) == Self.rounded(y), "\(id): \(Self.firstDifference(x, y))")
            }
        }
        #expect(FileManager.default.fileExists(atPath: dir.path("demo.sqlite-vectors")))
    }

    /// A vocabulary that fits in the hashed dimension (the demo's at 4096): the engine
    /// computes lexical products on the dense exact views, which the store holds (format 6)
    /// and the engine maps instead of making them from the term lists on every load. The
    /// same engine and answers as from the database, and the same rows after an in-place change.
    @Test(arguments: [SemanticSwitch.off, .auto])
    func theStoreMapsTheDenseExactViewsOfASmallVocabulary(semantic: SemanticSwitch) throws {
        let dir = try TemporaryDirectory()
        let app = try Self.demo(dir, semantic: semantic)
        try app.setVectorDimension(4096)
        let stored = try app.engine(profile: nil)
        #expect(stored.stamp == (try app.store.storeStamp()), "the engine was not loaded from a current store")
        let direct = try Self.fromDatabase(app, profile: nil)
        let (ms, md) = (stored.matcher.matrix, direct.matcher.matrix)
        #expect(ms.lexicalIsDense && md.lexicalIsDense && ms.exactDimension == md.exactDimension)
        #expect(VectorView.lexical.allSatisfy { ms.views.mapped[$0.exactTerms] != nil && ms.views.mappedHalves[$0.exactTerms] != nil },
                "the dense exact views were not read in place")
        #expect(VectorView.lexical.allSatisfy { md.views.storage[$0.exactTerms] != nil })
        Self.expectSameEngines(stored, direct)
        try Self.expectSameLists(app, stored, direct, top: 10)
        for id in ms.ids.prefix(30) {
            let q = MatchQuery(subject: .participant(id), top: 10, profile: nil, explain: true)
            let (x, y) = (try app.match(q, engine: stored).rows, try app.match(q, engine: direct).rows)
            #expect(Self.rounded(x) == Self.rounded(y), "\(id): \(Self.firstDifference(x, y))")
        }
        // Row 0 takes row 1's vectors in place: the mapped views are copied, never written.
        var (a, b) = (ms, md)
        let change = RowChange.replace(row: 0, vectors: md.vectors(row: 1), declaresSides: md.declaresSides[1])
        #expect(a.apply([change]) && b.apply([change]))
        for view in b.views.names {
            #expect(a.views.withValues(view) { x in b.views.withValues(view) { y in x.elementsEqual(y) } }, "view \(view) differs after the change")
            #expect(a.withHalf(view) { Array($0) } == b.withHalf(view) { Array($0) }, "half view \(view) differs after the change")
        }
        #expect(ms.views.row(0, of: VectorView.profile.exactTerms) == md.views.row(0, of: VectorView.profile.exactTerms), "the mapped store was written")
    }

    /// Match-all's reasons by meaning read every participant's statement embeddings in one
    /// pass, without memory-mapping the database: the same sides as one participant at a
    /// time (`semanticSide`), the same embeddings as the mapped cache read, and an ad-hoc
    /// participant's uncached statements embedded.
    @Test(.enabled(if: SemanticMatchingTests.encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func match_allReadsTheSameStatementEmbeddingsInOnePass() throws {
        let dir = try TemporaryDirectory()
        let app = try Self.demo(dir, semantic: .auto)
        let engine = try app.engine(profile: nil)
        #expect(engine.isSemantic)
        var participants: [Participant?] = try app.store.participants()
        participants.insert(nil, at: 3)
        let adHoc = try Participant.decode(try JSONParser.parse(#"{"id": "zz-new", "kind": "company", "name": "New", "country": "DK", "keywords": ["pea protein for bakeries"], "offers": [{"title": "gluten-free sourdough at scale"}]}"#)).get()
        participants.append(adHoc)
        let sides = app.semanticSides(of: participants, engine: engine)
        #expect(sides.count == participants.count && sides[3] == nil)
        var compared = 0
        for (p, side) in zip(participants, sides) {
            guard let p else { continue }
            let one = try #require(app.semanticSide(of: p, engine: engine)), all = try #require(side)
            for (x, y) in [(one.offers, all.offers), (one.needs, all.needs), (one.profile, all.profile)] {
                #expect(x.texts == y.texts && x.dimension == y.dimension, "\(p.id)")
                let tolerance: Float = p.id == adHoc.id ? 1e-5 : 0  // embedded now, in another batch
                #expect(x.vectors.count == y.vectors.count && zip(x.vectors, y.vectors).allSatisfy { abs($0 - $1) <= tolerance }, "\(p.id)")
                compared += x.texts.count
            }
        }
        #expect(compared > 100)
        // The unmapped read gives what the mapped one gives, and the mapped one works after it.
        let model = try #require(app.semanticStoreSource()).model
        let hashes = participants.compactMap { $0 }.flatMap { SemanticStatements($0, taxonomy: engine.space.taxonomy).distinctTexts }
            .map { Data(SHA256.hash(Array($0.utf8))) }
        let unmapped = try app.store.cachedEmbeddingsUnmapped(model: model, hashes: hashes)
        #expect(unmapped.count > 50 && unmapped.count < Set(hashes).count)  // the ad-hoc texts are not cached
        #expect(try app.store.cachedEmbeddings(model: model, hashes: hashes) == unmapped)
    }

    /// The Float64 cosine of two sparse unit vectors, term by term.
    static func cosine(_ a: SparseVector, _ b: SparseVector) -> Double {
        let wb = Dictionary(uniqueKeysWithValues: zip(b.terms, b.weights.map(Double.init)))
        return zip(a.terms, a.weights).reduce(0.0) { $0 + Double($1.1) * (wb[$1.0] ?? 0) }
    }

    /// Hash collisions everywhere (16 dimensions for the demo's vocabulary of hundreds of
    /// features): an engine read from the store still scores exactly as one loaded from the
    /// database, because it reads the same term lists; the hashed views alone would score
    /// otherwise, so the comparison can fail.
    @Test func theStoreScoresOnExactTermsWhereHashingCollides() throws {
        let dir = try TemporaryDirectory()
        let app = try Self.demo(dir, semantic: .off)
        try app.setVectorDimension(16)
        let stored = try app.engine(profile: nil)
        #expect(stored.stamp == (try app.store.storeStamp()), "the engine was not loaded from a current store")
        let direct = try Self.fromDatabase(app, profile: nil)
        Self.expectSameEngines(stored, direct)
        let (ms, md) = (stored.matcher.matrix, direct.matcher.matrix)
        let (ls, ld) = (try #require(ms.lexical), try #require(md.lexical))
        #expect(ms.dimension == 16 && !ms.lexicalIsDense && ls.termCount > 16 * 4)
        #expect((0..<ms.count).allSatisfy { ls.terms(row: $0) == ld.terms(row: $0) }, "the term lists differ")
        try Self.expectSameLists(app, stored, direct, top: 10)
        for id in ms.ids.prefix(30) {
            let q = MatchQuery(subject: .participant(id), top: 10, profile: nil, explain: true)
            let (x, y) = (try app.match(q, engine: stored).rows, try app.match(q, engine: direct).rows)
            #expect(Self.rounded(x) == Self.rounded(y), "\(id): \(Self.firstDifference(x, y))")
        }
        // Against a brute force over the term lists in Float64, and the hashed cosines.
        var compared = 0, hashedOff = 0
        for list in try app.matchLists(on: stored, top: 10, explain: false) {
            let a = try #require(ms.row(of: list.participant.id))
            for row in list.rows {
                let b = try #require(ms.row(of: row.partner.id))
                let exact = Self.cosine(ls.terms(row: a).profile, ls.terms(row: b).profile)
                #expect(abs(Double(row.similarity) - exact) < 1e-5, "\(list.participant.id)–\(row.partner.id): \(row.similarity) vs \(exact)")
                let hashed = zip(ms.views.row(a, of: .profile), ms.views.row(b, of: .profile)).reduce(0.0) { $0 + Double($1.0 * $1.1) }
                if abs(hashed - exact) > 1e-3 { hashedOff += 1 }
                compared += 1
            }
        }
        #expect(compared > 100 && hashedOff > compared / 10, "\(hashedOff) of \(compared) hashed cosines off: no collisions to guard against")
    }

    @Test func ownVectorsAndUnmatchableParticipantsGiveTheSameAnswersToo() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("x.sqlite")
        let lines = (0..<60).map { i -> String in
            let words = ["acoustic sensors", "machine learning", "robot picking", "hearing aids", "food safety", "cold chain"]
            let vector = i % 3 == 0 ? #", "vector": [\#(Float(i % 5) - 2), \#(Float(i % 7) - 3), 1]"# : ""
            let attributes = i % 11 == 4 ? #", "attributes": {"matchable": false}"# : ""
            return #"{"id": "p-\#(String(format: "%03d", 59 - i))", "kind": "company", "name": "P\#(i)", "country": "DK", "keywords": ["\#(words[i % 6])", "\#(words[(i * 5 + 1) % 6])"], "offers": [{"text": "\#(words[(i + 2) % 6])"}], "needs": [{"text": "\#(words[(i + 3) % 6])"}]\#(vector)\#(attributes)}"#
        }
        #expect(try CLI.run(["import", try dir.write("p.jsonl", lines.joined(separator: "\n") + "\n"), "--db", db]).status == 0)
        let app = try ClusterMatch.open(path: db)
        // Matchable rows only: the own vectors are blended over the store's mapped views
        // (`peers` blends the profile away: embeddingWeight 1); with every row, from arrays.
        for includeUnmatchable in [false, true] {
            for profile in [nil, "peers", "research"] as [String?] {
                let stored = try app.engine(profile: profile, includeUnmatchable: includeUnmatchable)
                #expect(stored.stamp != nil)
                let direct = try Self.fromDatabase(app, profile: profile, includeUnmatchable: includeUnmatchable)
                #expect(stored.matcher.matrix.count == (includeUnmatchable ? 60 : 54))
                #expect(stored.matcher.matrix.views.contains(.embedding))
                Self.expectSameEngines(stored, direct)
                // `peers` and `research` lists lead with own vectors here, without term reasons
                // (`peers` blends the lexical profile away); the default profile's give some.
                try Self.expectSameLists(app, stored, direct, top: 5, reasons: profile == nil)
                for id in stored.matcher.matrix.ids.prefix(20) {
                    let q = MatchQuery(subject: .participant(id), top: 5, profile: profile, explain: true, includeUnmatchable: includeUnmatchable)
                    let (x, y) = (try app.match(q, engine: stored).rows, try app.match(q, engine: direct).rows)
                    #expect(Self.rounded(x) == Self.rounded(y), "\(id): \(Self.firstDifference(x, y))")
                }
            }
        }
    }

    /// Issue 11 §3: match-all writes each list as it is made; the file equals the lists
    /// rendered at once (CSV and JSON Lines), and nothing is left beside it.
    @Test func matchAllWrittenAsItGoesEqualsTheListsRenderedAtOnce() throws {
        let dir = try TemporaryDirectory()
        let app = try Self.demo(dir, semantic: .off)
        let db = dir.path("demo.sqlite")
        for reasons in [true, false] {
            let lists = try app.matchAll(top: 3, explain: reasons)
            #expect(lists.count > 100 && lists.contains { !$0.rows.isEmpty })
            let csv = dir.path("lists-\(reasons).csv"), jsonl = dir.path("lists-\(reasons).jsonl")
            let flag = reasons ? "--reasons" : "--no-reasons"
            #expect(try CLI.run(["match-all", "--top", "3", flag, "--out", csv, "--db", db]).status == 0)
            #expect(try CLI.run(["match-all", "--top", "3", flag, "--out", jsonl, "--db", db]).status == 0)
            #expect(try String(contentsOfFile: csv, encoding: .utf8) == MatchListCSV.render(lists))
            #expect(try String(contentsOfFile: jsonl, encoding: .utf8) == MatchListJSONL.render(lists))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    /// With semantic matching on (when the model is installed), the semantic views and floors included.
    @Test func aStoreBuiltFromScratchIsByteIdenticalForTheSameDatabase() throws {
        let dir = try TemporaryDirectory()
        let app = try Self.demo(dir)
        let file = try #require(app.store.vectorStorePath)
        _ = try #require(try app.store.currentVectorStore(semantic: app.semanticStoreSource()))
        let first = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(try VectorStore(path: file).semanticModel != nil || SemanticMatchingTests.encoder == nil)
        try FileManager.default.removeItem(atPath: file)
        _ = try #require(try app.store.currentVectorStore(semantic: app.semanticStoreSource()))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == first)
        // And by another process, the CLI.
        try FileManager.default.removeItem(atPath: file)
        #expect(try CLI.run(["match", "dk-sound-0001", "--db", dir.path("demo.sqlite")]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == first)
    }

    @Test func everyChangeMovesTheGenerationAndAStaleStoreIsRebuiltNotUsed() throws {
        let dir = try TemporaryDirectory()
        let app = try Self.demo(dir)
        let first = try #require(try app.store.currentVectorStore())
        let before = try app.store.storeStamp()
        #expect(first.stamp == before)
        // A participant changes: the store is stale, and the next load rebuilds it.
        var p = try #require(try app.store.participant("dk-sound-0001"))
        p.keywords.append("underwater acoustics")
        _ = try app.store.upsert([p])
        let after = try app.store.storeStamp()
        #expect(after.generation > before.generation)
        #expect(after.databaseID == before.databaseID)
        let status = try #require(try app.store.vectorStoreStatus())
        #expect(status.problem == .stale(before))
        var rebuilt: VectorStore.Problem?
        let second = try #require(try app.store.currentVectorStore { rebuilt = $0 })
        #expect(rebuilt == .stale(before))
        #expect(second.stamp == after)
        Self.expectSameEngines(try app.engine(), try Self.fromDatabase(app, profile: nil))
        // The vector dimension and a taxonomy change move it too.
        try app.store.setVectorDimension(128)
        #expect(try app.store.storeStamp().generation > after.generation)
        let dim = try app.engine()
        #expect(dim.matcher.matrix.dimension == 128)
        Self.expectSameEngines(dim, try Self.fromDatabase(app, profile: nil))
        // A change that does not touch what the store holds (an event) leaves it current.
        let stamp = try app.store.storeStamp()
        _ = try app.store.counts()
        #expect(try app.store.storeStamp() == stamp)
    }

    /// Format 4: when every participant has semantic views under one model, the store holds
    /// them (the database's, row by row) and the samples of their noise floors, whichever
    /// process builds it (the same bytes); a store without the views of a process's model is
    /// built again by it after making the views participants lack; a semantic view made or
    /// replaced makes the store stale.
    @Test(.enabled(if: SemanticMatchingTests.encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func theStoreHoldsTheSemanticViewsAndTheirFloorSamples() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("demo.sqlite")
        _ = try ClusterMatch.demo(databasePath: db, outputDirectory: dir.path("out"))
        let lexical = try ClusterMatch.open(path: db, semantic: .off)
        let app = try ClusterMatch.open(path: db, semantic: .auto)
        let source = try #require(app.semanticStoreSource())
        #expect(lexical.semanticStoreSource() == nil)
        let file = db + "-vectors"
        try? FileManager.default.removeItem(atPath: file)
        let store = try #require(try lexical.store.currentVectorStore())
        #expect(store.semanticModel == source.model)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        try FileManager.default.removeItem(atPath: file)
        _ = try #require(try app.store.currentVectorStore(semantic: source))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == bytes, "built with and without matching on meaning, the bytes differ")
        // The views are the database's, row by row.
        let views = try app.store.semanticViews(model: source.model)
        let ids = store.ids(rows: store.rows)
        #expect(ids.allSatisfy { views[$0] != nil })
        let d = try #require(views.values.first).profile.count
        for (view, key) in [(VectorView.semanticOffers, \StoredSemanticViews.offers), (.semanticNeeds, \.needs), (.semanticProfile, \.profile)] {
            let values = try #require(store.values(of: view, rows: store.rows))
            #expect(ids.indices.allSatisfy { Array(values[($0 * d)..<($0 * d + d)]) == views[ids[$0]]![keyPath: key] }, "\(view) differs")
        }
        // The floors' samples: over the matchable rows, every draw taken (the demo is large enough).
        for (a, b) in [(VectorView.semanticOffers, VectorView.semanticNeeds), (.semanticProfile, .semanticProfile)] {
            let sample = try #require(store.floorSample(a, b))
            #expect(sample.rows == store.matchableRows && sample.count == NoiseFloor.samples)
            #expect(abs(sample.sum / Double(sample.count)) < 1 && sample.squares > 0)
        }
        // A view made under another model: the store is stale, and the views are no longer
        // complete: a store built now holds none, and a process matching on meaning makes
        // that participant's views again and builds it with them.
        let before = try app.store.storeStamp()
        let id = ids[3]
        let document = try #require(try app.store.participantsLackingSemanticViews(model: "another model", among: [id]).first).document
        var changed = views[id]!
        changed.profile = changed.needs
        try app.store.storeSemanticViews(model: "another model", [(id: id, document: document, views: changed, textHashes: [])])
        #expect(try app.store.storeStamp().generation > before.generation)
        #expect(try app.store.vectorStoreStatus()?.problem == .stale(before))
        #expect(try lexical.store.currentVectorStore()?.semanticModel == nil)
        var reason: VectorStore.Problem?
        #expect(try app.store.currentVectorStore(semantic: source) { reason = $0 }?.semanticModel == source.model)
        #expect(reason == .withoutSemanticViews(source.model))
        // A view replaced under the same model: the engine reads the new one.
        let document2 = try #require(try app.store.participantsLackingSemanticViews(model: "another model", among: [id]).first).document
        try app.store.storeSemanticViews(model: source.model, [(id: id, document: document2, views: changed, textHashes: [])])
        let engine = try app.engine()
        let row = try #require(engine.matcher.matrix.row(of: id))
        #expect(engine.matcher.matrix.views.withValues(.semanticProfile) { Array($0[(row * d)..<(row * d + d)]) } == changed.needs)
        Self.expectSameEngines(engine, try Self.fromDatabase(app, profile: nil))
    }

    @Test func tornForeignAndOtherVersionFilesAreDetectedAndRebuilt() throws {
        let dir = try TemporaryDirectory()
        let app = try Self.demo(dir)
        let file = try #require(app.store.vectorStorePath)
        _ = try #require(try app.store.currentVectorStore())
        let good = try Data(contentsOf: URL(fileURLWithPath: file))

        func expectRebuilt(_ damage: (inout Data) -> Void, _ expected: (VectorStore.Problem) -> Bool) throws {
            var bad = good
            damage(&bad)
            try bad.write(to: URL(fileURLWithPath: file))
            let status = try #require(try app.store.vectorStoreStatus())
            let problem = try #require(status.problem)
            #expect(expected(problem), "problem: \(problem)")
            var reason: VectorStore.Problem?
            _ = try #require(try app.store.currentVectorStore { reason = $0 })
            #expect(reason == problem)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == good)
        }
        // Cut short (a write that never finished), an end never written, a header overwritten.
        try expectRebuilt({ $0 = $0.prefix($0.count / 2) }) { if case .torn = $0 { true } else { false } }
        try expectRebuilt({ $0.replaceSubrange(($0.count - 16)..<$0.count, with: Data(count: 16)) }) { if case .torn = $0 { true } else { false } }
        try expectRebuilt({ $0[70] ^= 1 }) { if case .torn = $0 { true } else { false } }
        try expectRebuilt({ $0[8] = 9 }) { $0 == .otherVersion(9) }
        // Files of formats 1 (no term lists) and 2 (no postings, presence or lookups in place) are of other versions too.
        try expectRebuilt({ $0[8] = 1 }) { $0 == .otherVersion(1) }
        try expectRebuilt({ $0[8] = 2 }) { $0 == .otherVersion(2) }
        // Format 3 had no semantic views.
        try expectRebuilt({ $0[8] = 3 }) { $0 == .otherVersion(3) }
        // Format 4 had neither dense exact views nor records of what reasons need (`explain.*`).
        try expectRebuilt({ $0[8] = 4 }) { $0 == .otherVersion(4) }
        // Format 5 was two development branches' format, each with one of them.
        try expectRebuilt({ $0[8] = 5 }) { $0 == .otherVersion(5) }
        // Term lists whose offsets do not cover their ids (the header is intact).
        let offsets = try #require(try VectorStore(path: file).sections["terms.needs.offsets"])
        try expectRebuilt({ $0[offsets.offset + offsets.length - 4] ^= 1 }) { $0 == .torn("the term lists of needs are incomplete") }
        // Postings whose starts do not cover their rows.
        let postings = try #require(try VectorStore(path: file).sections["postings.offers.offsets"])
        try expectRebuilt({ $0[postings.offset + postings.length - 4] ^= 1 }) { $0 == .torn("the postings of offers are incomplete") }
        // Another database's store under this name.
        let other = try TemporaryDirectory()
        let otherApp = try Self.demo(other)
        let foreign = try Data(contentsOf: URL(fileURLWithPath: try #require(try otherApp.store.currentVectorStore()).path))
        try expectRebuilt({ $0 = foreign }) { $0 == .foreign }
        // Missing.
        try FileManager.default.removeItem(atPath: file)
        #expect(try app.store.vectorStoreStatus()?.problem == .missing)
    }

    @Test func doctorReportsTheStoreAndNamesDamagedContentsWithExit74() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("demo.sqlite")
        #expect(try CLI.run(["demo", "--out", dir.path("out"), "--db", db]).status == 0)
        #expect(try CLI.run(["match", "dk-sound-0001", "--db", db]).status == 0)
        let doctor = try CLI.run(["doctor", "--db", db, "--format", "json"])
        #expect(doctor.status == 0, "stderr: \(doctor.stderr)")
        let store = try #require(try JSONParser.parse(doctor.stdout)["vectorStore"])
        let size = try #require(try FileManager.default.attributesOfItem(atPath: db + "-vectors")[.size] as? Int)
        #expect(store["path"]?.stringValue == db + "-vectors")
        #expect(store["size"]?.intValue == Int64(size))
        #expect(store["current"] == true)
        #expect(store["builtFromGeneration"] == store["databaseGeneration"])
        let table = try CLI.run(["doctor", "--db", db])
        #expect(table.stdout.contains("Vector store  \(db)-vectors (\(size) bytes, built from generation"), "\(table.stdout)")
        // One bit flipped in a view: the structure still reads, only the checksum finds it.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: db + "-vectors"))
        try handle.seek(toOffset: UInt64(size / 2))
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: UInt64(size / 2))
        try handle.write(contentsOf: Data([byte[0] ^ 0x10]))
        try handle.close()
        let damaged = try CLI.run(["doctor", "--db", db])
        #expect(damaged.status == 74, "stderr: \(damaged.stderr)")
        #expect(damaged.stderr == "error: the vector store \(db)-vectors is damaged (its contents fail their checksum); nothing was written. Remove that file: the next match builds it again from the database\n")
        // After a change, doctor says the store is not current.
        try FileManager.default.removeItem(atPath: db + "-vectors")
        #expect(try CLI.run(["match", "dk-sound-0001", "--db", db]).status == 0)
        let one = try dir.write("one.jsonl", #"{"id": "new-0001", "kind": "company", "name": "New", "country": "DK", "keywords": ["acoustic sensors"]}"# + "\n")
        #expect(try CLI.run(["import", one, "--db", db]).status == 0)
        let stale = try JSONParser.parse(try CLI.run(["doctor", "--db", db, "--format", "json"]).stdout)["vectorStore"]
        #expect(stale?["current"] == false)
        #expect(stale?["problem"]?.stringValue?.hasPrefix("stale (built from generation") == true)
    }

    /// system.info says which engines the service holds and whether each is current: an
    /// import by another process makes the loaded engine stale until the next query follows
    /// it in place (docs/engine-writes.md).
    @Test func systemInfoSaysHowCurrentTheEnginesAre() throws {
        let dir = try TemporaryDirectory()
        let db = dir.path("demo.sqlite")
        #expect(try CLI.run(["demo", "--out", dir.path("out"), "--db", db]).status == 0)
        let serve = try ServeProcess(["--db", db])
        func engines() throws -> [JSONValue] {
            try JSONParser.parse(try serve.call(#"{"jsonrpc": "2.0", "id": 0, "method": "system.info"}"#))["result"]?["engines"]?.arrayValue ?? []
        }
        #expect(try engines().isEmpty)
        _ = try serve.call(#"{"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"id": "dk-sound-0001"}}"#)
        let loaded = try engines()
        #expect(loaded.count == 1)
        #expect(loaded.first?["profile"] == "brokerage")
        #expect(loaded.first?["current"] == true)
        let generation = try #require(loaded.first?["generation"]?.intValue)
        let one = try dir.write("one.jsonl", #"{"id": "new-0001", "kind": "company", "name": "New", "country": "DK", "keywords": ["acoustic sensors"]}"# + "\n")
        #expect(try CLI.run(["import", one, "--db", db]).status == 0)
        #expect(try engines().first?["current"] == false)
        _ = try serve.call(#"{"jsonrpc": "2.0", "id": 2, "method": "match.query", "params": {"id": "dk-sound-0001"}}"#)
        let followed = try engines()
        #expect(followed.first?["current"] == false)
        #expect(followed.first?["loads"] == 1)
        #expect(followed.first?["changedSinceBuild"] == 1)
        #expect(followed.first?["generation"]?.intValue == generation)
        #expect((followed.first?["followedGeneration"]?.intValue ?? 0) > generation)
        #expect(followed.first?["followedGeneration"] == followed.first?["databaseGeneration"])
        _ = try serve.finish()
    }
}
