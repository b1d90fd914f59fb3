import MatchCore

/// What match-all's reasons need of every participant, prepared once per job on all cores:
/// its terms numbered by the vocabulary (`ExplainableTerms`, decoded from the vector store's
/// records when it keeps them, `MatchEngine.explanations`), so that a row's reasons are a
/// merge of integer lists, and for reasons by meaning its embedded statements (read from the
/// store, so on the calling thread). A class: every list's `ListExplanation` holds it, and
/// copying a struct of the engine and the app retained each of their references per row.
final class MatchListReasons: Sendable {
    let app: ClusterMatch
    let engine: MatchEngine
    let vocabulary: ExplanationVocabulary
    /// By matrix row; nil for a row without its participant.
    let terms: [ExplainableTerms?]
    /// By matrix row; empty unless the engine matches by meaning.
    let sides: [SemanticExplainer.Side?]
    /// By matrix row: `ExplainableTerms.canExplain`. A pair where either cannot has no
    /// reason by terms: its row is not merged at all (participants with only their own
    /// vectors, `peers`, would otherwise cost two references and a call per row).
    let canExplain: [Bool]
    /// Display names for history notes; nil without history (`ClusterMatch.historyNames`).
    let names: [String: String]?
    /// The matrix's ids by row, read once (a mapped store's ids take a lock per read).
    let ids: [String]

    init(app: ClusterMatch, engine: MatchEngine, participants: [Participant?], workers: Int) {
        let space = engine.space, vocabulary = ExplanationVocabulary(space)
        self.app = app
        self.engine = engine
        self.vocabulary = vocabulary
        // From the vector store's records where it keeps them current, else from the texts.
        let stored = engine.explanations, ids = engine.matcher.matrix.ids
        self.ids = ids
        terms = concurrentBlocks(participants.count, minimumBlock: 256, maxWorkers: workers) { _, block in
            block.map { r in
                participants[r].map {
                    stored?.terms(row: r, id: ids[r], vocabulary: vocabulary)
                        ?? ExplainableTerms(space.features(of: $0), space: space, vocabulary: vocabulary)
                }
            }
        }.flatMap { $0 }
        sides = app.semanticSides(of: participants, engine: engine)
        canExplain = terms.map { $0?.canExplain ?? false }
        names = engine.network == nil ? nil : (try? app.historyNames(engine: engine)) ?? [:]  // unreadable names: ids
    }

    /// What the history says of the pair of rows i and j; empty without history.
    func notes(_ i: Int, _ j: Int) -> [String] {
        guard let names else { return [] }
        return engine.historyNotes(ids[i], ids[j], name: { names[$0] })
    }

    /// The pair's components when history weighs in (see `MatchRow.components`).
    func components(_ i: Int, _ j: Int) -> [ScorePart] {
        names == nil ? [] : engine.matcher.scoreParts(row: i, partner: j)
    }

    /// The reasons of the pair of rows i and j: by meaning first, then by terms.
    func reasons(_ i: Int, _ j: Int) -> [Reason] {
        (sides.isEmpty ? [] : app.semanticReasons(sides[i], sides[j], engine: engine))
            + (canExplain[i] && canExplain[j] ? Explainer.reasons(terms[i]!, terms[j]!, space: engine.space) : [])
    }

    /// The summaries of `reasons(i, j)`, appended to `out` (the reasons by terms written
    /// without being made: `Explainer.summaries`).
    func summaries(_ i: Int, _ j: Int, into out: inout ReasonSummaries) {
        if !sides.isEmpty { for r in app.semanticReasons(sides[i], sides[j], engine: engine) { out.append(r.summary) } }
        if canExplain[i] && canExplain[j] { Explainer.summaries(terms[i]!, terms[j]!, vocabulary: vocabulary, space: engine.space, into: &out) }
        for note in notes(i, j) { out.append(note) }
    }
}

/// The reasons of one match list's rows, written as sentences when the list is written
/// (match-all's files): the same sentences as the rows' reasons' summaries, made without
/// the `Reason` values.
package struct ListExplanation {
    let reasons: MatchListReasons
    /// The asking participant's matrix row.
    let row: Int
    /// Each list row's partner, by matrix row.
    let partners: [Int]

    /// Appends the summaries of row k's reasons to `out`.
    package func summaries(ofRow k: Int, into out: inout ReasonSummaries) {
        reasons.summaries(row, partners[k], into: &out)
    }
}
