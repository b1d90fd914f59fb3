import ClusterMatchApp
import Foundation
import Importers
import MatchCore
import MatchStore
import SentenceEmbedding
import Testing
import _Evaluation

/// Semantic views, their cache, and scoring on meaning, with the real model (skipped when it
/// is not installed). References are computed with the encoder directly, not through the
/// code under test.
@Suite(.serialized) struct SemanticMatchingTests {
    static let encoder = EmbeddingModelLocation.load(environment: [:]).encoder

    /// A reciprocal pair worded with no word in common, a decoy that uses the words of the
    /// first one's need and offer as names of something else, and some others.
    static let landscape = """
        {"id":"hear-a","kind":"company","name":"Mikro Akustik","country":"DK","offers":[{"title":"MEMS microphones"}],"needs":[{"title":"testing new craft in open water"}]}
        {"id":"hear-b","kind":"company","name":"Havprøve","country":"NO","offers":[{"title":"sea trials"}],"needs":[{"title":"miniature acoustic sensors for hearing devices"}]}
        {"id":"decoy","kind":"company","name":"Open Water Pub","country":"DE","offers":[{"title":"Open Water Craft Testing, our bakery's brand of sourdough bread"}],"needs":[{"title":"MEMS Microphones, a board game we publish for families: we need buyers"}]}
        {"id":"speaker","kind":"company","name":"Drivers","country":"SE","keywords":["audio"],"offers":[{"title":"loudspeaker drivers"},{"title":"room acoustics simulation"}],"needs":[{"title":"sea trials"}]}
        {"id":"food","kind":"company","name":"Ærtehus","country":"DK","description":"Plant-based protein from peas.","offers":[{"title":"pea protein isolate"}],"needs":[{"title":"extrusion for meat analogues"}]}
        """

    static func app(_ dir: TemporaryDirectory, semantic: SemanticSwitch = .auto) throws -> ClusterMatch {
        let file = dir.path("people.jsonl")
        try Self.landscape.write(toFile: file, atomically: true, encoding: .utf8)
        let app = try ClusterMatch.open(path: dir.path("x.sqlite"), semantic: semantic)
        _ = try app.importParticipants(files: [file])
        return app
    }

    static func unit(_ v: [Float]) -> [Float] {
        let n = v.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / n }
    }

    static func cosine(_ a: String, _ b: String, _ encoder: SentenceEncoder) -> Float {
        let e = encoder.embed([a, b]), d = encoder.dimension
        return (0..<d).reduce(Float(0)) { $0 + e[$1] * e[d + $1] }
    }

    @Test(.enabled(if: encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func importMakesEachViewTheNormalisedMeanOfItsStatements() throws {
        let encoder = try #require(Self.encoder)
        let dir = try TemporaryDirectory()
        let app = try Self.app(dir)
        let model = ClusterMatch.embeddingModelKey(encoder)
        let views = try app.store.semanticViews(model: model)
        #expect(views.count == 5)
        let d = encoder.dimension
        // speaker: offers are its two offers; its profile its keywords and offers.
        let e = encoder.embed(["audio", "loudspeaker drivers", "room acoustics simulation", "sea trials"])
        let offers = Self.unit((0..<d).map { e[d + $0] + e[2 * d + $0] })
        let profile = Self.unit((0..<d).map { e[$0] + e[d + $0] + e[2 * d + $0] })
        let speaker = try #require(views["speaker"])
        #expect(zip(speaker.offers, offers).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(zip(speaker.profile, profile).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(zip(speaker.needs, e[3 * d..<4 * d]).allSatisfy { abs($0 - $1) < 1e-5 })
        // A participant that needs nothing has an all-zero needs view (empty text is not embedded).
        #expect(try app.store.cachedEmbeddingCount(model: model) == 12)
    }

    @Test(.enabled(if: encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func unchangedTextIsNeverEmbeddedAgainAndChangedTextIs() throws {
        let encoder = try #require(Self.encoder)
        let dir = try TemporaryDirectory()
        let app = try Self.app(dir)
        let model = ClusterMatch.embeddingModelKey(encoder)
        let cached = try app.store.cachedEmbeddingCount(model: model)
        _ = try app.importParticipants(files: [dir.path("people.jsonl")])
        #expect(try app.updateSemanticViews() == SemanticViewUpdate(participants: 0, embeddedTexts: 0))
        #expect(try app.store.cachedEmbeddingCount(model: model) == cached)
        // One offer reworded: that participant's views are made again, from one new text.
        let changed = Self.landscape.replacingOccurrences(of: "pea protein isolate", with: "faba bean protein concentrate")
        try changed.write(toFile: dir.path("people.jsonl"), atomically: true, encoding: .utf8)
        _ = try app.importParticipants(files: [dir.path("people.jsonl")])
        #expect(try app.store.cachedEmbeddingCount(model: model) == cached + 1)
        let food = try #require(try app.store.semanticViews(model: model)["food"])
        let reference = encoder.embed(["faba bean protein concentrate"])
        #expect(zip(food.offers, reference).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test(.enabled(if: encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func vectorsEmbedFillsADatabaseImportedWithoutTheModel() throws {
        let encoder = try #require(Self.encoder)
        let dir = try TemporaryDirectory()
        _ = try Self.app(dir, semantic: .off)
        let app = try ClusterMatch.open(path: dir.path("x.sqlite"))
        let model = ClusterMatch.embeddingModelKey(encoder)
        #expect(try app.store.semanticViewCount(model: model).withViews == 0)
        let made = try app.embedAll()
        #expect(made == SemanticViewUpdate(participants: 5, embeddedTexts: 12))
        #expect(try app.store.semanticViewCount(model: model).withViews == 5)
        // Off: an error that says so, nothing made.
        #expect(throws: AppError.self) { try ClusterMatch.open(path: dir.path("x.sqlite"), semantic: .off).embedAll() }
    }

    @Test(.enabled(if: encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func erasingAParticipantPurgesTheEmbeddingsOfTextsOnlyItUsed() throws {
        let encoder = try #require(Self.encoder)
        let dir = try TemporaryDirectory()
        let app = try Self.app(dir)
        let model = ClusterMatch.embeddingModelKey(encoder)
        func hash(_ t: String) -> Data { Data(SHA256.hash(Array(t.utf8))) }
        try app.erase(participant: "hear-b")
        let left = try app.store.cachedEmbeddings(model: model, hashes: [hash("miniature acoustic sensors for hearing devices"), hash("sea trials")])
        // Its need was its own; "sea trials" is also what speaker needs.
        #expect(left.keys.sorted { $0.lexicographicallyPrecedes($1) } == [hash("sea trials")])
        #expect(try app.store.semanticViews(model: model)["hear-b"] == nil)
        #expect(try app.store.cachedEmbeddingCount(model: model) == 11)
    }

    @Test(.enabled(if: encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func meaningFindsTheParaphrasedPartnerWhereWordsFindTheDecoy() throws {
        let encoder = try #require(Self.encoder)
        let dir = try TemporaryDirectory()
        let on = try Self.app(dir)
        let off = try ClusterMatch.open(path: dir.path("x.sqlite"), semantic: .off)
        // Words: the decoy first, the partner (no word in common) scores nothing.
        let lexical = try off.match(id: "hear-a", top: 4).rows
        #expect(lexical.first?.partner.id == "decoy")
        #expect(lexical.first { $0.partner.id == "hear-b" }.map(\.score) ?? 0 == 0)
        // Meaning: the partner ranks above everyone but the decoy (which shares the very words, and some meaning).
        let list = try on.match(id: "hear-a", top: 4, explain: true)
        let ids = list.rows.map(\.partner.id)
        #expect(Set(ids.prefix(2)) == ["hear-b", "decoy"], "\(ids)")
        let row = try #require(list.rows.first { $0.partner.id == "hear-b" })
        #expect(row.score > 0)  // meaning alone: no word in common
        let value = String(format: "%.2f", Self.cosine("MEMS microphones", "miniature acoustic sensors for hearing devices", encoder))
        let reasons = row.reasons.map(\.summary)
        #expect(reasons.first == "you offer \"MEMS microphones\" ≈ they need \"miniature acoustic sensors for hearing devices\" (\(value))", "\(reasons)")
        // explain shows each component; the semantic similarity is the cosine of the profile
        // views read above the noise floor (five participants: the fixed least floor).
        let e = try on.explainPair("hear-a", "hear-b", profile: "research")  // weighs both semantic components
        let names = e.components.map(\.name)
        #expect(names.contains(.semanticComplementarity) && names.contains(.semanticSimilarity) && names.contains(.complementarity))
        let views = try on.store.semanticViews(model: ClusterMatch.embeddingModelKey(encoder))
        let a = try #require(views["hear-a"]), b = try #require(views["hear-b"])
        let similarity = zip(a.profile, b.profile).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let t = ScoreComponent.semanticNoiseFloor
        #expect(try on.engine(profile: "research").matcher.weights.components.first { $0.name == .semanticSimilarity }?.threshold == t)
        #expect(abs((e.components.first { $0.name == .semanticSimilarity }?.value ?? -9) - max(0, similarity - t) / (1 - t)) < 1e-4)
        let parts = e.components.reduce(Float(0)) { $0 + $1.contribution }
        #expect(abs(parts - e.score) < 1e-4)
        // The swapped sentence (schedules store reasons as text) reads from the partner's side.
        let r = try #require(row.reasons.first { $0.similarity != nil })
        #expect(Reason.swappedSummary(r.summary) == r.swapped.summary)
    }

    @Test func switchedOffTheScoresAreExactlyTheLexicalOnes() throws {
        let dir = try TemporaryDirectory()
        let app = try Self.app(dir, semantic: .off)
        for name in ["brokerage", "peers", "research", "cluster-to-cluster"] {
            let engine = try app.engine(profile: name)
            let profile = try ClusterMatch.scoringProfile(name)
            // The reference: the profile's lexical weights alone, as profiles were before semantic components.
            let lexical = profile.weights.given.filter { !ScoreComponent.Name.semantic.contains($0.key) }
            var today = profile
            today.weights = ScoringWeights(weights: lexical)
            let reference = MatchEngine(snapshot: try app.store.matchingSnapshot(), profile: today)
            #expect(!engine.isSemantic)
            for row in 0..<engine.matcher.matrix.count {
                #expect(engine.matcher.allScores(forRow: row).map(\.score) == reference.matcher.allScores(forRow: row).map(\.score))
            }
        }
    }
}

/// The planted landscape of the lexical benchmark (pseudo-words, taxonomy codes): matching on
/// meaning as well must lose nothing there (issue 10: within 0.02 of the lexical engine).
@Suite struct SemanticPlantedLandscapeTests {

    /// PlantedLandscape (700 participants; 2,100 with `CLUSTERMATCH_QUALITY_FULL=1`) in a new database of `dir`.
    static func plantedLandscape(_ dir: TemporaryDirectory) throws -> (PlantedLandscape, ClusterMatch) {
        var settings = PlantedLandscape.Settings()
        if ProcessInfo.processInfo.environment["CLUSTERMATCH_QUALITY_FULL"] != "1" { (settings.pairs, settings.distractors) = (100, 400) }
        let landscape = PlantedLandscape(settings)
        let app = try ClusterMatch.open(path: dir.path("x.sqlite"))
        let terms = Dictionary(grouping: landscape.taxonomy.namespaces.flatMap { landscape.taxonomy.terms(inNamespace: $0) }, by: \.namespace)
        for (namespace, list) in terms { _ = try app.store.replaceTaxonomy(namespace: namespace, terms: list, source: "planted") }
        _ = try app.store.upsert(landscape.participants)
        return (landscape, app)
    }

    /// Recall@10 of the planted partners in a matcher's all-pairs lists.
    static func recall(_ landscape: PlantedLandscape, _ matcher: Matcher) -> Double {
        let lists = matcher.allTopMatches(k: 10), matrix = matcher.matrix
        return landscape.recall(at: 10) { i in
            matrix.row(of: landscape.participants[i].id).map { lists[$0].map { matrix.ids[$0.row] } } ?? []
        }
    }
    @Test(.enabled(if: SemanticMatchingTests.encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func theDefaultCombinationLosesNothingOnThePlantedLandscape() throws {
        let dir = try TemporaryDirectory()
        let (landscape, app) = try Self.plantedLandscape(dir)
        func recall(_ app: ClusterMatch) throws -> Double { Self.recall(landscape, try app.engine(profile: "brokerage").matcher) }
        let lexical = try recall(try ClusterMatch.open(path: dir.path("x.sqlite"), semantic: .off))
        let combined = try recall(app)
        FileHandle.standardError.write(Data("planted landscape (\(landscape.participants.count) participants): lexical \(lexical), default combination \(combined)\n".utf8))
        #expect(combined >= lexical - 0.02, "lexical \(lexical), default combination \(combined)")
    }

    /// The other side: on a small paraphrase landscape (Tests/Fixtures/semantic: needs worded
    /// with no content word of the offers that answer them, decoys that use those words for
    /// something else) the default brokerage combination finds the planted partners that the
    /// lexical engine misses.
    @Test(.enabled(if: SemanticMatchingTests.encoder != nil, "the model is not installed (run scripts/setup.sh)"))
    func theDefaultCombinationFindsParaphrasedPartners() throws {
        let dir = try TemporaryDirectory()
        let fixtures = CLI.repositoryRoot.appendingPathComponent("Tests/Fixtures/semantic")
        let app = try ClusterMatch.open(path: dir.path("x.sqlite"))
        _ = try app.importParticipants(files: [fixtures.appendingPathComponent("paraphrase-small.jsonl").path])
        let planted = try String(contentsOf: fixtures.appendingPathComponent("paraphrase-small.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        func recall(_ app: ClusterMatch) throws -> Double {
            let engine = try app.engine(profile: "brokerage")
            let lists = engine.matcher.allTopMatches(k: 10), m = engine.matcher.matrix
            var hits = 0
            for pair in planted {
                for (a, b) in [(pair[0], pair[1]), (pair[1], pair[0])] {
                    if let row = m.row(of: a), lists[row].contains(where: { m.ids[$0.row] == b }) { hits += 1 }
                }
            }
            return Double(hits) / Double(2 * planted.count)
        }
        let lexical = try recall(try ClusterMatch.open(path: dir.path("x.sqlite"), semantic: .off))
        let combined = try recall(app)
        FileHandle.standardError.write(Data("paraphrase landscape (450 participants, 30 pairs): lexical \(lexical), default combination \(combined)\n".utf8))
        #expect(lexical < 0.2, "the decoys should mislead the lexical engine (\(lexical))")
        #expect(combined >= 0.8, "lexical \(lexical), default combination \(combined)")
    }
}

/// Measurements for Benchmarks/semantic/README.md, run only when asked:
/// `CLUSTERMATCH_SEMANTIC_GRID=grid.txt swift test --filter SemanticPlantedLandscapeGrid`, one grid point
/// a line: `profile semanticComplementarity semanticSimilarity thresholdComplementarity thresholdSimilarity`
/// (a threshold "-": none given, the floor measured on the population).
/// Prints the cosines of unrelated participants' semantic views (the noise floor) and recall@10 per line.
@Suite struct SemanticPlantedLandscapeGrid {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CLUSTERMATCH_SEMANTIC_GRID"] != nil && SemanticMatchingTests.encoder != nil))
    func grid() throws {
        let lines = try String(contentsOfFile: ProcessInfo.processInfo.environment["CLUSTERMATCH_SEMANTIC_GRID"]!, encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter { $0.count == 5 }
        let dir = try TemporaryDirectory()
        let (landscape, app) = try SemanticPlantedLandscapeTests.plantedLandscape(dir)
        func recall(_ app: ClusterMatch, _ profile: String) throws -> Double {
            SemanticPlantedLandscapeTests.recall(landscape, try app.engine(profile: profile).matcher)
        }
        func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
        // The noise floor: semantic offers · needs and profile · profile of pairs that are not planted.
        let engine = try app.engine(profile: "brokerage")
        let m = engine.matcher.matrix, d = m.views.dimension(of: .semanticOffers)
        var rng = SplitMix64(seed: 7)
        var unrelated: [Float] = [], profiles: [Float] = [], planted: [Float] = []
        let offers = m.views.withValues(.semanticOffers) { Array($0) }, needs = m.views.withValues(.semanticNeeds) { Array($0) }
        let whole = m.views.withValues(.semanticProfile) { Array($0) }
        func dot(_ a: [Float], _ i: Int, _ b: [Float], _ j: Int) -> Float { (0..<d).reduce(0) { $0 + a[i * d + $1] * b[j * d + $1] } }
        for _ in 0..<20000 {
            let i = Int(rng.next() % UInt64(m.count)), j = Int(rng.next() % UInt64(m.count))
            guard i != j, landscape.planted[m.ids[i]] != m.ids[j] else { continue }
            unrelated.append(dot(offers, i, needs, j))
            profiles.append(dot(whole, i, whole, j))
        }
        for (a, b) in landscape.planted { if let i = m.row(of: a), let j = m.row(of: b) { planted.append(dot(offers, i, needs, j)) } }
        func percentiles(_ v: [Float]) -> String {
            let s = v.sorted()
            return [50, 90, 95, 99, 99.9].map { p in String(format: "p%g %.3f", p, s[min(s.count - 1, Int(Double(s.count) * p / 100))]) }.joined(separator: ", ")
        }
        log("noise floor, planted landscape: offers·needs \(percentiles(unrelated)); profile·profile \(percentiles(profiles)); planted offers·needs \(percentiles(planted))")
        log("lexical: \(try recall(try ClusterMatch.open(path: dir.path("x.sqlite"), semantic: .off), "brokerage"))")
        for line in lines {
            // The profile's engine (its matrix and pair terms), with the grid point's weights:
            // a threshold is a number, "-" (the default) or "zN" (measured, N deviations).
            var matcher = try app.engine(profile: line[0]).matcher
            var given = try ClusterMatch.scoringProfile(line[0]).weights.given
            given[.semanticComplementarity] = Float(line[1])!
            given[.semanticSimilarity] = Float(line[2])!
            var fixed: [ScoreComponent.Name: Float] = [:]
            for (name, value) in [(ScoreComponent.Name.semanticComplementarity, line[3]), (.semanticSimilarity, line[4])] {
                if let t = Float(value) { fixed[name] = t } else if value.hasPrefix("z") { fixed[name] = ScoreComponent.semanticNoiseFloor }
            }
            var weights = ScoringWeights(weights: given, thresholds: fixed)
            for (name, value) in [(ScoreComponent.Name.semanticComplementarity, line[3]), (.semanticSimilarity, line[4])] where value.hasPrefix("z") {
                weights = weights.measuringFloor(of: name, deviations: Float(value.dropFirst())!)
            }
            matcher.weights = weights
            let resolved = matcher.weights.components.filter { ScoreComponent.Name.semantic.contains($0.name) }.map { "\($0.name) t=\($0.threshold)" }
            let r = SemanticPlantedLandscapeTests.recall(landscape, matcher)
            log("grid \(line.joined(separator: " ")): \(r) (\(resolved.joined(separator: ", ")))")
        }
    }
}
