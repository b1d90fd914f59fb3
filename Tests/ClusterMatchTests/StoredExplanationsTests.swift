import Foundation
import Testing
@testable import ClusterMatchApp
@testable import MatchCore
@testable import MatchStore

/// Issue 11 §2: match-all reads what reasons need from the vector store (format 6,
/// `explain.*`) instead of analysing every participant's texts; the sentences must be the
/// ones made pair by pair from the texts (on names, no vocabulary, no store), also after a
/// write followed in place.
@Suite("reasons from the vector store's records", .serialized)
struct StoredExplanationsTests {
    /// match-all's sentences of every row of `engine` (as its files write them), each
    /// compared with `Explainer.reasons` of the two participants' features analysed from
    /// their texts now. Returns the rows that have reasons.
    static func expectReasonsFromTexts(_ app: ClusterMatch, _ engine: MatchEngine) throws -> Int {
        var withReasons = 0, rows = 0
        try app.matchLists(on: engine, top: 10, explain: true, reasonValues: false, workers: 2, chunk: 37, made: { list, explanation in
            var summaries = ReasonSummaries(), sentences: [[String]] = []
            for k in list.rows.indices {
                summaries.removeAll()
                explanation!.summaries(ofRow: k, into: &summaries)
                sentences.append((0..<summaries.count).map { String(decoding: summaries.bytes[summaries.range($0)], as: UTF8.self) })
            }
            return (list, sentences)
        }) { list, sentences in
            let mine = engine.space.features(of: list.participant)
            for (row, got) in zip(list.rows, sentences) {
                let want = Explainer.reasons(mine, engine.space.features(of: row.partner), space: engine.space).map(\.summary)
                #expect(got == want, "\(list.participant.id) – \(row.partner.id)")
                if !want.isEmpty { withReasons += 1 }
                rows += 1
            }
        }
        #expect(rows > 0)
        return withReasons
    }

    @Test func reasonsFromTheStoreEqualThoseFromTheTextsAlsoAfterAnUpsertInPlace() throws {
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .off)
        var engine = try app.engine()
        let stored = try #require(engine.explanations, "the engine was loaded from a store of format 6")
        let vocabulary = ExplanationVocabulary(engine.space)
        let ids = engine.matcher.matrix.ids
        // Every participant's terms are read from its record (none falls back to its texts),
        // and equal those analysed from the texts.
        var participants: [String: Participant] = [:]
        for p in try app.store.participants() { participants[p.id] = p }
        for (r, id) in ids.enumerated() {
            let terms = try #require(stored.terms(row: r, id: id, vocabulary: vocabulary), "no record for \(id)")
            let fromTexts = ExplainableTerms(engine.space.features(of: participants[id]!), space: engine.space, vocabulary: vocabulary)
            for (x, y) in [(terms.profile, fromTexts.profile), (terms.offers, fromTexts.offers), (terms.needs, fromTexts.needs)] {
                #expect(x.ids == y.ids && x.weights == y.weights && x.norm == y.norm && x.named == y.named, "\(id)")
                #expect(x.phraseStart == y.phraseStart && x.phrases == y.phrases, "\(id)")
            }
            #expect(terms.phrases == fromTexts.phrases, "\(id)")
            // Found by halves too when the engine's row is not the store's.
            #expect(stored.terms(row: (r + 1) % ids.count, id: id, vocabulary: vocabulary)?.phrases == terms.phrases)
        }
        #expect(try Self.expectReasonsFromTexts(app, engine) > 500)

        // Two participants swap everything but their ids, and the engine follows in place:
        // the vocabulary stays (same features), but their records describe their old texts.
        let (a, b) = (ids[10], ids[300])
        _ = try EngineWritesTests.swap(app, a, b)
        var currency = EngineCurrency()
        do { let applied = try app.follow(writesTo: [a, b], engine: &engine, currency: &currency); #expect(applied) }
        #expect(engine.explanations?.forgotten == [a, b])
        #expect(engine.explanations?.terms(row: 10, id: a, vocabulary: vocabulary) == nil)
        #expect(engine.explanations?.terms(row: 11, id: ids[11], vocabulary: vocabulary) != nil)
        #expect(try Self.expectReasonsFromTexts(app, engine) > 500)
        // The records left behind would have said otherwise: a's stored phrases are its old ones.
        let old = try #require(stored.terms(row: 10, id: a, vocabulary: vocabulary))
        let now = ExplainableTerms(engine.space.features(of: try #require(try app.store.participant(a))), space: engine.space,
                                   vocabulary: vocabulary)
        #expect(old.phrases != now.phrases)

        // A feature new to the engine is numbered after the vocabulary's names (ids keep
        // their meaning): the records stay readable. A vocabulary numbered otherwise (one
        // more name in name order) reads none.
        let appended = engine.space.adding(features: [("zzzz-never-seen", 1)])
        #expect(stored.terms(row: 11, id: ids[11], vocabulary: ExplanationVocabulary(appended))?.phrases
                == stored.terms(row: 11, id: ids[11], vocabulary: vocabulary)?.phrases)
        var statistics = engine.space.statistics
        statistics.documentFrequency["aaaa-never-seen"] = 1
        let renumbered = VectorSpace(configuration: engine.space.configuration, taxonomy: engine.space.taxonomy, statistics: statistics)
        #expect(stored.terms(row: 11, id: ids[11], vocabulary: ExplanationVocabulary(renumbered)) == nil)

        // A new store (the database moved on) holds the new texts' records.
        let fresh = try app.engine()
        #expect(fresh.explanations?.forgotten.isEmpty == true)
        let rowA = try #require(fresh.matcher.matrix.row(of: a))
        #expect(fresh.explanations?.terms(row: rowA, id: a, vocabulary: ExplanationVocabulary(fresh.space))?.phrases == now.phrases)
        #expect(try Self.expectReasonsFromTexts(app, fresh) > 500)
    }

    /// Participants who bring only their own vector (`peers`) give no pair a reason by
    /// terms: match-all does not merge their rows (`ExplainableTerms.canExplain`), and every
    /// row's sentences are still those made pair by pair, beside participants with texts.
    @Test func participantsWithOnlyTheirOwnVectorsGiveNoReasonsByTerms() throws {
        let dir = try TemporaryDirectory()
        let app = try VectorStoreTests.demo(dir, semantic: .off)
        let demo = try app.store.participants()
        let added = (0..<40).map { k in
            let vector = (0..<8).map { d in sin(Double(k * 8 + d + 1)) }
            let from = demo[k * 7]
            return k % 2 == 0
                ? Participant(id: "v-\(k)", kind: .company, name: "Vector \(k)", country: "DK", vector: vector)
                : Participant(id: "v-\(k)", kind: from.kind, name: "Texts \(k)", country: from.country, competences: from.competences,
                              keywords: from.keywords, description: from.description, offers: from.offers, needs: from.needs,
                              vector: vector)
        }
        _ = try app.store.upsert(added)
        let engine = try app.engine(profile: "peers")
        let vocabulary = ExplanationVocabulary(engine.space)
        func terms(_ p: Participant) -> ExplainableTerms { ExplainableTerms(engine.space.features(of: p), space: engine.space, vocabulary: vocabulary) }
        #expect(!terms(added[0]).canExplain && terms(added[1]).canExplain)
        // Rows of and with the vector-only participants exist, and reasons elsewhere.
        let lists = try app.matchLists(on: engine, top: 10, explain: false)
        let silent = Set(added.enumerated().filter { $0.offset % 2 == 0 }.map(\.element.id))
        let rowsWithSilent = lists.reduce(0) { n, list in
            n + list.rows.filter { silent.contains(list.participant.id) || silent.contains($0.partner.id) }.count
        }
        #expect(rowsWithSilent > 100)
        #expect(try Self.expectReasonsFromTexts(app, engine) > 100)
    }
}
