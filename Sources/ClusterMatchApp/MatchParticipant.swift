import MatchCore
import MatchStore

/// One partner on a match list.
public struct MatchRow: Sendable, Hashable {
    public var rank: Int
    public var partner: Participant
    public var score: Float
    public var similarity: Float
    /// s(participant → partner): the participant's offers against the partner's needs.
    public var forward: Float
    /// s(partner → participant).
    public var backward: Float
    /// Term-level reasons; empty unless asked for.
    public var reasons: [Reason]
}

/// A participant's ranked partners.
public struct MatchList: Sendable {
    public var participant: Participant
    public var rows: [MatchRow]
    /// Set when the list is empty for a reason the user should know (no profile, …).
    public var warning: String?
}

extension ClusterMatch {
    /// Loads the matching state from the database. Participants that are not matchable
    /// (`isMatchable`: expired EEN profiles …) are left out unless `includeUnmatchable`.
    public func engine(weights: ScoringWeights = .brokerage, includeUnmatchable: Bool = false) throws -> MatchEngine {
        var snapshot = try store.matchingSnapshot()
        if !includeUnmatchable {
            let excluded = try store.unmatchableIDs()
            if !excluded.isEmpty { snapshot.rows.removeAll { excluded.contains($0.id) } }
        }
        return MatchEngine(snapshot: snapshot, weights: weights)
    }

    /// The best `top` partners of a stored participant.
    public func match(id: String, top: Int = 10, explain: Bool = false, includeUnmatchable: Bool = false) throws -> MatchList {
        guard top > 0 else { throw AppError(.usage, "--top must be at least 1 (was \(top))") }
        guard let participant = try store.participant(id) else { throw AppError.notFound(participant: id) }
        if !includeUnmatchable && !isMatchable(participant) {
            return MatchList(participant: participant, rows: [], warning:
                "\(id) is left out of matching (an expired EEN profile, or marked not matchable): use --include-expired to match it anyway")
        }
        let engine = try self.engine(includeUnmatchable: includeUnmatchable)
        guard let row = engine.matcher.matrix.row(of: id), !engine.matcher.matrix.isEmptyProfile[row] else {
            return MatchList(participant: participant, rows: [], warning:
                "\(id) has no competences, keywords, description, offers or needs: add some to get matches")
        }
        let found = engine.matcher.topMatches(forRow: row, k: top)
        return MatchList(participant: participant, rows: try rows(for: participant, found, engine: engine, explain: explain))
    }

    /// Every participant's best `top` partners, computed in BLAS tiles.
    public func matchAll(top: Int = 10, explain: Bool = true) throws -> [MatchList] {
        let engine = try self.engine()
        let all = try store.participants()
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        let lists = engine.matcher.allTopMatches(k: top)
        var features: [String: ParticipantFeatures] = [:]
        func featuresOf(_ p: Participant) -> ParticipantFeatures {
            if let f = features[p.id] { return f }
            let f = engine.space.features(of: p)
            features[p.id] = f
            return f
        }
        return engine.matcher.matrix.ids.enumerated().compactMap { i, id in
            guard let p = byID[id] else { return nil }
            let rows = lists[i].enumerated().compactMap { rank, s -> MatchRow? in
                guard let partner = byID[engine.matcher.matrix.ids[s.row]] else { return nil }
                let reasons = explain ? Explainer.reasons(featuresOf(p), featuresOf(partner), space: engine.space) : []
                return MatchRow(rank: rank + 1, partner: partner, score: s.score, similarity: s.similarity,
                                forward: s.forward, backward: s.backward, reasons: reasons)
            }
            return MatchList(participant: p, rows: rows, warning: p.hasProfile ? nil : "no profile")
        }
    }

    func rows(for participant: Participant, _ found: [ScoredPartner], engine: MatchEngine, explain: Bool) throws -> [MatchRow] {
        let mine = explain ? engine.space.features(of: participant) : nil
        return try found.enumerated().map { rank, s in
            let id = engine.matcher.matrix.ids[s.row]
            guard let partner = try store.participant(id) else { throw AppError(.internal, "participant \(id) vanished during matching") }
            let reasons = mine.map { Explainer.reasons($0, engine.space.features(of: partner), space: engine.space) } ?? []
            return MatchRow(rank: rank + 1, partner: partner, score: s.score, similarity: s.similarity,
                            forward: s.forward, backward: s.backward, reasons: reasons)
        }
    }
}
