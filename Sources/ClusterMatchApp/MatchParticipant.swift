import Dispatch
import MatchCore
import MatchStore

/// One partner on a match list.
package struct MatchRow: Sendable, Hashable {
    package var rank: Int
    package var partner: Participant
    package var score: Float
    package var similarity: Float
    /// s(participant → partner): the participant's offers against the partner's needs.
    package var forward: Float
    /// s(partner → participant).
    package var backward: Float
    /// Term-level reasons; empty unless asked for.
    package var reasons: [Reason]
    /// What the collaboration history says of the pair (`you both worked with Acme (2019)`);
    /// empty unless reasons are asked for and the database has history.
    package var notes: [String] = []
    /// Each component's value and weight when reasons are asked for and history weighs in,
    /// so that a score that content alone does not explain adds up; empty otherwise.
    package var components: [ScorePart] = []

    /// The reasons' sentences, then the history notes: what a row says in text (tables,
    /// CSV cells, match-all files, event candidates).
    package var summaries: [String] { reasons.map(\.summary) + notes }
}

/// A participant's ranked partners.
package struct MatchList: Sendable {
    /// The asking participant (for an ad-hoc query, a stand-in with id `(query)`).
    package var participant: Participant
    package var rows: [MatchRow]
    /// Set when the list is empty for a reason the user should know (no profile, …).
    package var warning: String?
    /// What the asker can do about the warning, in each door's words.
    package var hint: AppError.Hint?
    /// The scoring profile used.
    package var profile: String
    /// Why `profile` ranks with other weights than its own (`MatchEngine.profileNote`); nil when it does not.
    package var profileNote: String? = nil
    /// The profile whose weights rank, when not `profile`'s own (`MatchEngine.weightsOf`).
    package var weightsOf: String? = nil
}

extension MatchList {
    /// A list made on `engine`: its profile, and why and with whose weights it ranks when not its own.
    init(participant: Participant, rows: [MatchRow], warning: String?, hint: AppError.Hint? = nil, engine: MatchEngine) {
        self.init(participant: participant, rows: rows, warning: warning, hint: hint, profile: engine.profile.name,
                  profileNote: engine.profileNote, weightsOf: engine.weightsOf)
    }
}

extension ClusterMatch {
    /// Loads the matching state from the database, under a scoring profile. Participants
    /// that are not matchable (`isMatchable`: expired EEN profiles …) are left out unless
    /// `includeUnmatchable`.
    /// With `rebuildingStore` false, a vector store that is not current is not rebuilt first
    /// (see `MatchEngine.load`). Semantic views join when the profile weighs them and
    /// semantic matching is on; the collaboration history when the database has one.
    /// With `followingStore`, a vector store a few writes behind is not rebuilt: the engine
    /// is loaded from it and follows the change log in place (`loadEngine`), so its answers
    /// may differ from a fresh load's by the documented drift (docs/engine-writes.md).
    package func engine(profile: String? = nil, includeUnmatchable: Bool = false, rebuildingStore: Bool = true,
                        followingStore: Bool = false, standIn: Bool = true) throws -> MatchEngine {
        try loadEngine(profile: profile, includeUnmatchable: includeUnmatchable, rebuildingStore: rebuildingStore,
                       followingStore: followingStore, standIn: standIn).engine
    }

    /// The best `top` partners of a stored participant (default profile, no filters).
    package func match(id: String, top: Int = 10, explain: Bool = false, profile: String? = nil,
                      includeUnmatchable: Bool = false) throws -> MatchList {
        try match(MatchQuery(subject: .participant(id), top: top, profile: profile, explain: explain,
                             includeUnmatchable: includeUnmatchable))
    }

    /// A match list for a stored participant or an ad-hoc profile, with filters and rules.
    package func match(_ query: MatchQuery) throws -> MatchList {
        // One participant's answer: a store a few writes behind is followed, not rebuilt.
        try match(query, engine: try engine(profile: query.profile, includeUnmatchable: query.includeUnmatchable, followingStore: true,
                                            standIn: query.standIn))
    }

    /// As `match(_:)`, on an engine already loaded (the service keeps one in memory).
    package func match(_ query: MatchQuery, engine: MatchEngine) throws -> MatchList {
        guard query.top > 0 else { throw AppError(.usage, "top must be at least 1 (was \(query.top))") }
        let matrix = engine.matcher.matrix
        let asker: Participant, entry: ParticipantDirectory.Entry, vectors: ParticipantVectors, ownRow: Int?
        var stated: QuerySides?
        switch query.subject {
        case .participant(let id):
            guard let p = try store.participant(id) else { throw AppError.notFound(participant: id) }
            if !query.includeUnmatchable, let why = unmatchableReason(p) {
                return MatchList(participant: p, rows: [], warning:
                    "left out of matching: \(why)",
                    hint: .includeUnmatchable, engine: engine)
            }
            guard let row = matrix.row(of: id), !matrix.isEmptyProfile[row] else {
                return MatchList(participant: p, rows: [], warning:
                    "\(id) has no competences, keywords, description, offers or needs: add some to get matches", engine: engine)
            }
            (asker, entry, vectors, ownRow) = (p, engine.directory[row], matrix.vectors(row: row), row)
        case .adHoc(let adHoc):
            guard !adHoc.isEmpty else { throw AppError(.usage, "an ad-hoc query needs text, keywords, codes, offers or needs") }
            let p = try participant(from: adHoc, taxonomy: engine.space.taxonomy)
            var v = engine.space.vectors(of: p)
            if let semantic = semanticVectors(of: p, engine: engine) { v.extra.merge(semantic) { $1 } }
            // A query that states needs and no offers asks who offers them: its keywords and
            // codes are not offers made (as a participant's are), so the query is one-sided
            // and scored on the direction that exists (`ScorePlan.forQuery`), and what it does
            // is not shown as offered.
            stated = QuerySides(offers: !adHoc.offers.isEmpty, needs: !adHoc.needs.isEmpty)
            if adHoc.offers.isEmpty && !adHoc.needs.isEmpty {
                v.offers = [Float](repeating: 0, count: v.offers.count)
                v.lexical?.offers = SparseVector()
                if let offers = v.extra[.semanticOffers] { v.extra[.semanticOffers] = [Float](repeating: 0, count: offers.count) }
            }
            (asker, entry, vectors, ownRow) = (p, ParticipantDirectory.Entry(p), v, nil)
        }
        let rules = engine.profile.rules, filters = query.filters
        // A participant of the matrix is asked by its row, so that pair terms reach it.
        var found = engine.matcher.topMatches(for: vectors, row: ownRow, k: query.top, excluding: ownRow, allow: { j in
            let e = engine.directory[j], id = matrix.id(row: j)
            return filters.allows(e, id: id) && rules.exclusion(asker.id, entry, id, e) == nil
                && !engine.excludesAsNotNew(asker.id, id, newOnly: query.newOnly)
        }, stated: stated)
        // A query whose words no one shares finds no one, rather than everyone at 0 in id order.
        if ownRow == nil { found.removeAll { $0.score <= 0 } }
        var list = MatchList(participant: asker, rows: try rows(for: asker, found, engine: engine, explain: query.explain,
                                                                offersNothing: stated.map { !$0.offers && $0.needs } ?? false),
                             warning: nil, engine: engine)
        if !asker.hasProfile { list.warning = "no profile" }
        return list
    }

    /// Every participant's best `top` partners under a profile's rules, computed in BLAS tiles.
    package func matchAll(top: Int = 10, profile: String? = nil, explain: Bool = true, newOnly: Bool = false,
                         progress: ((Int, Int) -> Void)? = nil) throws -> [MatchList] {
        let decoding = ParticipantDecoding(store)  // beside the engine's loading
        return try matchLists(on: try engine(profile: profile), top: top, explain: explain, newOnly: newOnly, progress: progress,
                              decoding: decoding)
    }

    /// As `matchAll(top:profile:explain:newOnly:progress:)`, handing each participant's list
    /// to `each` as soon as it is made (in row order) instead of keeping them all: a writer
    /// can put the lists out as they come, so memory does not grow with the output.
    package func matchAll(top: Int = 10, profile: String? = nil, explain: Bool = true, newOnly: Bool = false,
                         progress: ((Int, Int) -> Void)? = nil, each: (MatchList) throws -> Void) throws {
        let decoding = ParticipantDecoding(store)
        try matchLists(on: try engine(profile: profile), top: top, explain: explain, newOnly: newOnly, progress: progress,
                       decoding: decoding, made: { $0 }, each: each)
    }

    /// As `matchAll(top:profile:explain:newOnly:progress:each:)`, each list first turned
    /// into `Output` by `made` (its lines in a file) on all cores, a chunk of participants at
    /// a time; `each` gets the outputs on the calling thread, in row order. `made` must be
    /// a function of its arguments alone (it runs on several threads at once).
    ///
    /// The rows carry no `Reason` values: with `explain`, `made` gets the list's
    /// `ListExplanation`, which writes each row's reasons as sentences (the rows' reasons'
    /// summaries, made without the reasons); without, nil.
    package func matchAll<Output>(top: Int = 10, profile: String? = nil, explain: Bool = true, newOnly: Bool = false,
                                  progress: ((Int, Int) -> Void)? = nil, made: (MatchList, ListExplanation?) -> Output,
                                  each: (Output) throws -> Void) throws {
        // Beside the engine's loading; the files name participants and explain from their
        // terms and statements, never from their own vectors (the engine has those).
        let decoding = ParticipantDecoding(store, withoutVectors: true)
        try matchLists(on: try engine(profile: profile), top: top, explain: explain, reasonValues: false, newOnly: newOnly,
                       progress: progress, decoding: decoding, made: made, each: each)
    }

    /// Every participant's best `top` partners on an engine (the whole database, or an
    /// engine `restricted` to an event's people), under its profile's rules.
    func matchLists(on engine: MatchEngine, top: Int, explain: Bool, newOnly: Bool = false,
                    progress: ((Int, Int) -> Void)? = nil, decoding: ParticipantDecoding? = nil) throws -> [MatchList] {
        var lists: [MatchList] = []
        try matchLists(on: engine, top: top, explain: explain, newOnly: newOnly, progress: progress, decoding: decoding,
                       made: { $0 }) { lists.append($0) }
        return lists
    }

    /// Participants whose lists are made together on all cores, then handed on in order:
    /// enough to keep the cores busy, few enough that the lists waiting stay small.
    static let matchListChunk = 512

    /// The lists of `matchLists(on:top:explain:newOnly:progress:)`, each turned into
    /// `Output` by `made` on all cores and handed to `each` in row order as it is made.
    /// The lists and their reasons do not depend on how many cores share the work.
    /// - Parameter decoding: the stored participants, already being decoded (else started here).
    func matchLists<Output>(on engine: MatchEngine, top: Int, explain: Bool, newOnly: Bool = false,
                            progress: ((Int, Int) -> Void)? = nil, workers: Int = ProcessInfoCores.count,
                            chunk: Int = matchListChunk, decoding: ParticipantDecoding? = nil,
                            made: (MatchList) -> Output, each: (Output) throws -> Void) throws {
        try matchLists(on: engine, top: top, explain: explain, reasonValues: true, newOnly: newOnly, progress: progress,
                       workers: workers, chunk: chunk, decoding: decoding, made: { list, _ in made(list) }, each: each)
    }

    /// The lists of `matchLists(on:top:explain:newOnly:progress:workers:chunk:decoding:made:each:)`;
    /// with `explain`, the rows' reasons are `Reason` values (`reasonValues`) or, for
    /// writing files, left to the `ListExplanation` that `made` gets beside the list.
    func matchLists<Output>(on engine: MatchEngine, top: Int, explain: Bool, reasonValues: Bool, newOnly: Bool = false,
                            progress: ((Int, Int) -> Void)? = nil, workers: Int = ProcessInfoCores.count,
                            chunk: Int = matchListChunk, decoding: ParticipantDecoding? = nil,
                            made: (MatchList, ListExplanation?) -> Output, each: (Output) throws -> Void) throws {
        let matrix = engine.matcher.matrix
        let rowIDs = matrix.ids, ids = Set(rowIDs)
        let decoding = decoding ?? ParticipantDecoding(store, workers: workers)
        let rules = engine.profile.rules.pairFilter(ids: rowIDs, entries: engine.directory.entries)
        let notNew = (newOnly || engine.profile.rules.newOnly) && engine.network != nil
        let notNewFilter: @Sendable (Int, Int) -> Bool = { i, j in
            (rules?(i, j) ?? true) && !engine.excludesAsNotNew(rowIDs[i], rowIDs[j], newOnly: newOnly)
        }
        let lists = engine.matcher.allTopMatches(k: top, allow: notNew ? notNewFilter : rules, progress: { progress?($0, matrix.count) })
        let byID = Dictionary(uniqueKeysWithValues: try decoding.participants().filter { ids.contains($0.id) }.map { ($0.id, $0) })
        let participants = rowIDs.map { byID[$0] }
        let reasons = explain ? MatchListReasons(app: self, engine: engine, participants: participants, workers: workers) : nil
        func list(_ i: Int) -> (list: MatchList, explanation: ListExplanation?)? {
            guard let p = participants[i] else { return nil }
            var partners: [Int] = []
            let rows = lists[i].enumerated().compactMap { rank, s -> MatchRow? in
                guard let partner = participants[s.row] else { return nil }
                partners.append(s.row)
                return MatchRow(rank: rank + 1, partner: partner, score: s.score, similarity: s.similarity,
                                forward: s.forward, backward: s.backward,
                                reasons: reasonValues ? reasons?.reasons(i, s.row) ?? [] : [],
                                notes: reasonValues ? reasons?.notes(i, s.row) ?? [] : [],
                                components: reasonValues ? reasons?.components(i, s.row) ?? [] : [])
            }
            return (MatchList(participant: p, rows: rows, warning: matrix.isEmptyProfile[i] ? "no profile" : nil, engine: engine),
                    reasonValues ? nil : reasons.map { ListExplanation(reasons: $0, row: i, partners: partners) })
        }
        for start in stride(from: 0, to: participants.count, by: chunk) {
            let rows = start..<min(start + chunk, participants.count)
            let outputs = concurrentBlocks(rows.count, minimumBlock: 8, maxWorkers: workers) { _, block in
                block.compactMap { k in list(rows.lowerBound + k).map { made($0.list, $0.explanation) } }
            }
            for block in outputs { for output in block { try each(output) } }
        }
    }

    /// - Parameter offersNothing: the asker is a query of needs alone: reasons on what it
    ///   offers (its keywords, as a participant's) are left out, as its score leaves them out.
    func rows(for participant: Participant, _ found: [ScoredPartner], engine: MatchEngine, explain: Bool,
              offersNothing: Bool = false) throws -> [MatchRow] {
        let vocabulary = explain ? engine.explanationVocabulary : nil
        let mine = explain ? explainableTerms(of: participant, engine: engine, vocabulary: vocabulary) : nil
        let mySide = explain ? semanticSide(of: participant, engine: engine) : nil
        let names = explain && engine.network != nil
            ? try historyNames(forPairs: found.map { (participant.id, engine.matcher.matrix.id(row: $0.row)) }, engine: engine) : nil
        let row = engine.matcher.matrix.row(of: participant.id)
        return try found.enumerated().map { rank, s in
            let id = engine.matcher.matrix.id(row: s.row)
            guard let partner = try store.participant(id) else { throw AppError(.internal, "participant \(id) vanished during matching") }
            var reasons = mine.map { semanticReasons(mySide, semanticSide(of: partner, engine: engine), engine: engine)
                + Explainer.reasons($0, explainableTerms(of: partner, engine: engine, vocabulary: vocabulary), space: engine.space) } ?? []
            if offersNothing { reasons.removeAll { $0.direction == .youOffer } }
            return MatchRow(rank: rank + 1, partner: partner, score: s.score, similarity: s.similarity,
                            forward: s.forward, backward: s.backward, reasons: reasons,
                            notes: names.map { names in engine.historyNotes(participant.id, id, name: { names[$0] }) } ?? [],
                            components: names != nil ? row.map { engine.matcher.scoreParts(row: $0, partner: s.row) } ?? [] : [])
        }
    }

    /// What explaining needs of a participant: the vector store's record when the engine
    /// keeps a current one for it (no text analysed), else made from its texts, numbered by
    /// `vocabulary` (`MatchEngine.explanationVocabulary`) or, without one, on names. The same
    /// reasons every way (match-all reads them so too, `MatchListReasons`).
    func explainableTerms(of p: Participant, engine: MatchEngine, vocabulary: ExplanationVocabulary?) -> ExplainableTerms {
        if let vocabulary, let row = engine.matcher.matrix.row(of: p.id),
           let stored = engine.explanations?.terms(row: row, id: p.id, vocabulary: vocabulary) {
            return stored
        }
        return ExplainableTerms(engine.space.features(of: p), space: engine.space, vocabulary: vocabulary)
    }

    /// The stand-in participant of an ad-hoc query.
    func participant(from q: AdHocProfile, taxonomy: Taxonomy) throws -> Participant {
        var p = Participant(id: "(query)", kind: q.kind, name: "your query", country: q.country.flatMap(CountryCode.normalise) ?? "",
                            competences: q.codes.map { Competence(code: $0) }, keywords: q.keywords, description: q.text,
                            offers: q.offers.map { Statement(text: $0, keywords: [$0]) },
                            needs: q.needs.map { Statement(text: $0, keywords: [$0]) })
        let issues = p.resolveCodes(in: taxonomy)
        if !issues.isEmpty { throw AppError(.badInput, issues.map(\.description).joined(separator: "; ")) }
        return p
    }
}

/// Every stored participant, decoded on other threads from the moment this is made: a cold
/// `match-all` reads every participant's document for its output rows, and with their own
/// vectors (hundreds of numbers each) decoding them took as long as loading the engine, so
/// it now runs beside the engine's loading and the all-pairs kernel instead of before.
final class ParticipantDecoding: @unchecked Sendable {
    // Written once on the decoding thread before `done` leaves; read after waiting for it.
    private var result: Result<[Participant], any Error> = .success([])
    private let done = DispatchGroup()

    /// - Parameter withoutVectors: the participants without their own vectors
    ///   (`MatchStore.participants(decodingOn:withoutVectors:)`).
    init(_ store: MatchStore, workers: Int = ProcessInfoCores.count, withoutVectors: Bool = false) {
        DispatchQueue.global().async(group: done) {
            self.result = Result { try store.participants(decodingOn: workers, withoutVectors: withoutVectors) }
        }
    }

    /// The participants in id order (as `MatchStore.participants()`), waiting for the decoding.
    func participants() throws -> [Participant] {
        done.wait()
        return try result.get()
    }
}
