import MatchCore
import MatchStore

/// Why two participants were, or were not, matched.
public struct PairExplanation: Sendable {
    public var participant: Participant
    public var partner: Participant
    public var profile: String
    public var score: Float
    public var similarity: Float
    public var forward: Float
    public var backward: Float
    public var reasons: [Reason]
    /// The rank the partner has on the participant's list, when the rules allow the pair.
    public var rank: Int?
    /// The rule that keeps them apart, if one does.
    public var excludedBy: String?
    /// Facts that bear on the pair but are not terms (an EEN profile's targeted countries).
    public var notes: [String] = []
}

extension ClusterMatch {
    /// Explains a pair: its score and parts, the terms behind it, the rank the partner
    /// has (or would have) on the participant's list, or the rule that excludes the pair.
    public func explainPair(_ aID: String, _ bID: String, profile: String? = nil) throws -> PairExplanation {
        try explainPair(aID, bID, engine: try engine(profile: profile))
    }

    public func explainPair(_ aID: String, _ bID: String, engine: MatchEngine) throws -> PairExplanation {
        guard let a = try store.participant(aID) else { throw AppError.notFound(participant: aID) }
        guard let b = try store.participant(bID) else { throw AppError.notFound(participant: bID) }
        guard aID != bID else { throw AppError(.usage, "give two different participants") }
        let matrix = engine.matcher.matrix
        let reasons = Explainer.reasons(engine.space.features(of: a), engine.space.features(of: b), space: engine.space, limit: 5)
        let notes = EENPartnership.targetingNotes(EENPartnering(a), country: a.country, EENPartnering(b), country: b.country)
        guard let i = matrix.row(of: aID), let j = matrix.row(of: bID) else {
            // Left out of this engine (expired, limited, closed for EoI, marked): say which rule, score the pair alone.
            guard let why = unmatchableReason(matrix.row(of: aID) == nil ? a : b) ?? unmatchableReason(b) else {
                throw AppError(.internal, "vectors are missing; run an import again")
            }
            let pair = Self.scorePair(a, b, engine: engine)
            return PairExplanation(participant: a, partner: b, profile: engine.profile.name, score: pair.score, similarity: pair.similarity,
                                   forward: pair.forward, backward: pair.backward, reasons: reasons, rank: nil, excludedBy: why, notes: notes)
        }
        let entries = engine.directory.entries
        var excludedBy = engine.profile.rules.exclusion(aID, entries[i], bID, entries[j])
        if matrix.isEmptyProfile[i] { excludedBy = "\(aID) has no profile to match on" }
        else if matrix.isEmptyProfile[j] { excludedBy = "\(bID) has no profile to match on" }
        let all = engine.matcher.allScores(for: matrix.vectors(row: i))
        let pair = all[j]
        if excludedBy == nil && pair.score < engine.matcher.minimumScore {
            excludedBy = "score \(Format.score(pair.score)) is below the profile's minimum \(Format.score(engine.matcher.minimumScore))"
        }
        var rank: Int? = nil
        if excludedBy == nil {
            // Partners ranked before B: allowed by the rules and better (ties by id).
            var better = 0
            for k in 0..<matrix.count where k != i && k != j && !matrix.isEmptyProfile[k] && all[k].ranksBefore(pair) {
                if engine.profile.rules.exclusion(aID, entries[i], matrix.ids[k], entries[k]) == nil { better += 1 }
            }
            rank = better + 1
        }
        return PairExplanation(participant: a, partner: b, profile: engine.profile.name, score: pair.score, similarity: pair.similarity,
                               forward: pair.forward, backward: pair.backward, reasons: reasons, rank: rank, excludedBy: excludedBy, notes: notes)
    }

    /// The score of a pair outside the engine's matrix: the two participants' vectors (from
    /// the matrix when there, else built by the vector space) scored by the engine's matcher
    /// on a matrix of just the two.
    static func scorePair(_ a: Participant, _ b: Participant, engine: MatchEngine) -> ScoredPartner {
        let matrix = engine.matcher.matrix
        func vectors(_ p: Participant) -> ParticipantVectors {
            matrix.row(of: p.id).map { matrix.vectors(row: $0) } ?? engine.padded(engine.space.vectors(of: p))
        }
        let pair = CompetenceMatrix(dimension: matrix.dimension, rows: [(a.id, vectors(a)), (b.id, vectors(b))])
        let scorer = Matcher(matrix: pair, weights: engine.matcher.weights, minimumScore: engine.matcher.minimumScore)
        return scorer.allScores(for: vectors(a))[pair.row(of: b.id)!]
    }
}

extension PairExplanation {
    /// The JSON form shared by the CLI (`explain --format json`) and the service
    /// (`match.explain`): scores with four decimals, `rank` or `excludedBy` (the other is
    /// null), and the reasons as on a match list with `--explain`.
    public var json: JSONValue {
        var o = JSONObject()
        o["participant"] = .string(participant.id)
        o["partner"] = .string(partner.id)
        o["profile"] = .string(profile)
        o["score"] = Format.json(score)
        o["similarity"] = Format.json(similarity)
        o["forward"] = Format.json(forward)
        o["backward"] = Format.json(backward)
        o["rank"] = rank.map { .int(Int64($0)) } ?? .null
        o["excludedBy"] = excludedBy.map { .string($0) } ?? .null
        o["reasons"] = .array(reasons.map(\.json))
        if !notes.isEmpty { o["notes"] = .array(notes.map { .string($0) }) }  // only when there are some: older answers stay as they were
        return .object(o)
    }
}
