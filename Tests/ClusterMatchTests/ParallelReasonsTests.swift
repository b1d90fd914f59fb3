import CSV
import Foundation
import JSONSupport
import Testing
import _Evaluation
@testable import ClusterMatchApp
@testable import MatchCore

/// Issue 11 §2: match-all makes its lists and reasons on all cores, a chunk of participants
/// at a time; the result must be the one a single thread gives, in the same order, and the
/// reasons the ones `Explainer` gives pair by pair on names (no vocabulary, no cache).
@Suite("match-all on all cores")
struct ParallelReasonsTests {
    @Test func listsAndReasonsOnAllCoresEqualOneThreadAndThePairByPairReasons() throws {
        let dir = try TemporaryDirectory()
        var settings = PlantedLandscape.Settings()
        (settings.pairs, settings.distractors) = (80, 240)
        let landscape = PlantedLandscape(settings)
        let app = try ClusterMatch.open(path: dir.path("x.sqlite"), semantic: .off)
        let terms = Dictionary(grouping: landscape.taxonomy.namespaces.flatMap { landscape.taxonomy.terms(inNamespace: $0) }, by: \.namespace)
        for (namespace, list) in terms { _ = try app.store.replaceTaxonomy(namespace: namespace, terms: list, source: "planted") }
        _ = try app.store.upsert(landscape.participants)
        let engine = try app.engine(profile: "brokerage")

        // One thread, one chunk: the reference order.
        var sequential: [MatchList] = [], parallel: [String] = []
        try app.matchLists(on: engine, top: 10, explain: true, workers: 1, chunk: 1 << 30, made: { $0 }) { sequential.append($0) }
        // Two threads, chunks that end mid-way (37 does not divide the participants), rendered on the workers.
        try app.matchLists(on: engine, top: 10, explain: true, workers: 2, chunk: 37, made: MatchListJSONL.lines) { parallel.append($0) }
        #expect(sequential.count == landscape.participants.count)
        #expect(parallel == sequential.map(MatchListJSONL.lines))
        var lists: [MatchList] = []
        try app.matchLists(on: engine, top: 10, explain: true, workers: 2, chunk: 37, made: { $0 }) { lists.append($0) }
        #expect(lists.map(\.participant.id) == sequential.map(\.participant.id))
        #expect(lists.map(\.rows) == sequential.map(\.rows))

        // The reasons are those of a pair explained on its own, on names.
        var withReasons = 0
        for list in sequential {
            let mine = engine.space.features(of: list.participant)
            for row in list.rows {
                let want = Explainer.reasons(mine, engine.space.features(of: row.partner), space: engine.space)
                #expect(row.reasons == want, "\(list.participant.id) – \(row.partner.id)")
                if !want.isEmpty { withReasons += 1 }
            }
        }
        #expect(withReasons > 1000, "only \(withReasons) rows with reasons: the comparison compares little")

        // Written as match-all writes its files (the reasons' sentences without the reasons,
        // straight into bytes): the lines the rows' reasons give, rendered as before (a JSON
        // object per row, CSVWriter's fields), in both formats.
        var jsonl: [String] = [], csv: [String] = []
        try app.matchLists(on: engine, top: 10, explain: true, reasonValues: false, workers: 2, chunk: 37, made: { list, explanation in
            var j: [UInt8] = [], c: [UInt8] = []
            MatchListJSONL.append(list, explanation: explanation, to: &j)
            MatchListCSV.append(list, explanation: explanation, to: &c)
            return (list.rows.allSatisfy(\.reasons.isEmpty), String(decoding: j, as: UTF8.self), String(decoding: c, as: UTF8.self))
        }) { output in
            #expect(output.0, "the rows carry no reason values")
            jsonl.append(output.1)
            csv.append(output.2)
        }
        #expect(jsonl == sequential.map(Self.referenceJSONL))
        #expect(csv == sequential.map(Self.referenceCSV))
        #expect(jsonl == sequential.map(MatchListJSONL.lines))
    }

    /// A list's JSON Lines as they were rendered before issue 11 §2: a `JSONObject` per row.
    static func referenceJSONL(_ list: MatchList) -> String {
        list.rows.map { row in
            JSONValue.object(JSONObject([
                ("participant", .string(list.participant.id)), ("rank", .int(Int64(row.rank))), ("partner", .string(row.partner.id)),
                ("score", Format.json(row.score)), ("forward", Format.json(row.forward)), ("backward", Format.json(row.backward)),
                ("reasons", .array(row.reasons.map { .string($0.summary) })),
            ])).serialized() + "\n"
        }.joined()
    }

    /// A list's CSV rows as they were rendered before issue 11 §2: `CSVWriter.line` of strings.
    static func referenceCSV(_ list: MatchList) -> String {
        list.rows.map { row in
            CSVWriter.line([list.participant.id, String(row.rank), row.partner.id, Format.score(row.score),
                            Format.score(row.forward), Format.score(row.backward), row.reasons.map(\.summary).joined(separator: "; ")])
        }.joined()
    }
}
