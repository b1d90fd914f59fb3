import JSONSupport
import MatchCore
import MatchStore

/// Why two participants were, or were not, matched.
package struct PairExplanation: Sendable {
    package var participant: Participant
    package var partner: Participant
    package var profile: String
    /// Why `profile` is not the one asked for (`MatchEngine.profileNote`); nil when it is.
    package var profileNote: String?
    /// The profile whose weights rank, when they are not `profile`'s own (`MatchEngine.weightsOf`).
    package var weightsOf: String?
    package var score: Float
    package var similarity: Float
    package var forward: Float
    package var backward: Float
    package var reasons: [Reason]
    /// The rank the partner has on the participant's list, when the rules allow the pair.
    package var rank: Int?
    /// The rule that keeps them apart, if one does.
    package var excludedBy: String?
    /// Set when the pair answers needs in one direction only.
    package var oneSided: OneSided?

    /// A pair where one side answers the other's needs and not the other way round: the
    /// reciprocal score (a harmonic mean) keeps such pairs low, which users ask about. A
    /// pair with only one direction (one side lists no offers or no needs) is scored on
    /// that direction alone, which users ask about too.
    package enum OneSided: Sendable, Hashable {
        /// They need what you offer; nothing they offer answers your needs.
        case theyNeedWhatYouOffer
        /// They offer what you need; nothing you offer answers their needs.
        case theyOfferWhatYouNeed
        /// Only "you offer, they need" exists (an EEN profile: you seek no offers, or they offer nothing).
        case onlyYouOffer
        /// Only "they offer, you need" exists.
        case onlyTheyOffer

        /// A direction counts as answered above this score, and as not answered at or below `unanswered`.
        static let answered: Float = 0.15
        static let unanswered: Float = 0.05

        /// The diagnosis of a pair's two directions, or nil when it is not one-sided.
        /// - Parameters: forwardExists, backwardExists: whether each direction has offers
        ///   on one side and needs on the other.
        init?(forward: Float, backward: Float, forwardExists: Bool = true, backwardExists: Bool = true) {
            if forwardExists != backwardExists {
                self = forwardExists ? .onlyYouOffer : .onlyTheyOffer
                return
            }
            if forward > Self.answered && backward <= Self.unanswered { self = .theyNeedWhatYouOffer }
            else if backward > Self.answered && forward <= Self.unanswered { self = .theyOfferWhatYouNeed }
            else { return nil }
        }

        package var message: String {
            switch self {
            case .theyNeedWhatYouOffer:
                "One-sided: they need what you offer, but nothing they offer answers your needs; brokerage scores such pairs low."
            case .theyOfferWhatYouNeed:
                "One-sided: they offer what you need, but nothing you offer answers their needs; brokerage scores such pairs low."
            case .onlyYouOffer:
                "One direction: one of you offers or seeks nothing in return (an EEN offer or request), so the pair is scored on what you offer against what they need."
            case .onlyTheyOffer:
                "One direction: one of you offers or seeks nothing in return (an EEN offer or request), so the pair is scored on what they offer against what you need."
            }
        }
    }
    /// Facts that bear on the pair but are not terms (an EEN profile's targeted countries).
    package var notes: [String] = []
    /// Each component's value and weight, when the engine matches on meaning or history
    /// weighs in (lexical answers without history stay as they were).
    package var components: [ScorePart] = []
}

extension ClusterMatch {
    /// Explains a pair: its score and parts, the terms behind it, the rank the partner
    /// has (or would have) on the participant's list, or the rule that excludes the pair.
    /// - Parameter newOnly: as `match --new-only`: pairs that already worked together or met
    ///   are left out (as the profile's `newOnly` rule does).
    package func explainPair(_ aID: String, _ bID: String, profile: String? = nil, newOnly: Bool = false) throws -> PairExplanation {
        try explainPair(aID, bID, engine: try engine(profile: profile, followingStore: true), newOnly: newOnly)
    }

    package func explainPair(_ aID: String, _ bID: String, engine: MatchEngine, newOnly: Bool = false) throws -> PairExplanation {
        guard let a = try store.participant(aID) else { throw AppError.notFound(participant: aID) }
        guard let b = try store.participant(bID) else { throw AppError.notFound(participant: bID) }
        guard aID != bID else { throw AppError(.usage, "give two different participants") }
        let matrix = engine.matcher.matrix
        let reasons = semanticReasons(semanticSide(of: a, engine: engine), semanticSide(of: b, engine: engine), engine: engine)
            + { vocabulary in
                Explainer.reasons(explainableTerms(of: a, engine: engine, vocabulary: vocabulary),
                                  explainableTerms(of: b, engine: engine, vocabulary: vocabulary), space: engine.space, limit: 5)
            }(engine.explanationVocabulary)
        var notes = EENPartnership.targetingNotes(EENPartnering(a), country: a.country, EENPartnering(b), country: b.country)
        if engine.network != nil {
            let names = try historyNames(forPairs: [(aID, bID)], engine: engine)
            notes += engine.historyNotes(aID, bID, name: { names[$0] })
        }
        guard let i = matrix.row(of: aID), let j = matrix.row(of: bID) else {
            // Left out of this engine (expired, limited, closed for EoI, marked): say which rule, score the pair alone.
            guard let why = unmatchableReason(matrix.row(of: aID) == nil ? a : b) ?? unmatchableReason(b) else {
                throw AppError(.internal, "vectors are missing; run an import again")
            }
            let pair = Self.scorePair(a, b, engine: engine)
            return PairExplanation(participant: a, partner: b, profile: engine.profile.name, profileNote: engine.profileNote, weightsOf: engine.weightsOf, score: pair.score, similarity: pair.similarity,
                                   forward: pair.forward, backward: pair.backward, reasons: reasons, rank: nil, excludedBy: why, notes: notes)
        }
        let entries = engine.directory.entries
        var excludedBy = engine.profile.rules.exclusion(aID, entries[i], bID, entries[j])?.message
        if excludedBy == nil && engine.excludesAsNotNew(aID, bID, newOnly: newOnly) {
            // A pair whose records are meetings only met; it did not work together.
            let done = engine.network?.ties(aID, bID)?.relation == .met ? "already met" : "already worked together"
            excludedBy = done + " (" + (engine.profile.rules.newOnly ? "the profile's newOnly rule)" : "asked for new partners only)")
        }
        if matrix.isEmptyProfile[i] { excludedBy = "\(aID) has no profile to match on" }
        else if matrix.isEmptyProfile[j] { excludedBy = "\(bID) has no profile to match on" }
        let all = engine.matcher.allScores(forRow: i)
        let pair = all[j]
        if excludedBy == nil && pair.score < engine.matcher.minimumScore {
            excludedBy = "score \(Format.score(pair.score)) is below the profile's minimum \(Format.score(engine.matcher.minimumScore))"
        }
        /// Whether a row has a side for complementarity (rows that do not declare their sides have both).
        func has(_ row: Int, _ side: KeyPath<ParticipantVectors, [Float]>) -> Bool {
            !matrix.declaresSides[row] || matrix.vectors(row: row)[keyPath: side].contains { $0 != 0 }
        }
        var rank: Int? = nil
        if excludedBy == nil {
            // Partners ranked before B: allowed by the rules and better (ties by id).
            var better = 0
            for k in 0..<matrix.count where k != i && k != j && !matrix.isEmptyProfile[k] && all[k].ranksBefore(pair) {
                if engine.profile.rules.exclusion(aID, entries[i], matrix.id(row: k), entries[k]) == nil
                    && !engine.excludesAsNotNew(aID, matrix.id(row: k), newOnly: newOnly) { better += 1 }
            }
            rank = better + 1
        }
        return PairExplanation(participant: a, partner: b, profile: engine.profile.name, profileNote: engine.profileNote, weightsOf: engine.weightsOf, score: pair.score, similarity: pair.similarity,
                               forward: pair.forward, backward: pair.backward, reasons: reasons, rank: rank, excludedBy: excludedBy,
                               oneSided: PairExplanation.OneSided(forward: pair.forward, backward: pair.backward,
                                                                  forwardExists: has(i, \.offers) && has(j, \.needs),
                                                                  backwardExists: has(i, \.needs) && has(j, \.offers)),
                               notes: notes, components: engine.isSemantic || engine.network != nil ? engine.matcher.scoreParts(row: i, partner: j) : [])
    }

    /// The score of a pair outside the engine's matrix: the two participants' vectors (from
    /// the matrix when there, else built by the vector space) scored by the engine's matcher
    /// on a matrix of just the two.
    static func scorePair(_ a: Participant, _ b: Participant, engine: MatchEngine) -> ScoredPartner {
        let matrix = engine.matcher.matrix
        func vectors(_ p: Participant) -> ParticipantVectors {
            matrix.row(of: p.id).map { matrix.vectors(row: $0) } ?? engine.space.vectors(of: p)
        }
        let pair = CompetenceMatrix(dimension: matrix.dimension, rows: [(a.id, vectors(a)), (b.id, vectors(b))])
        let scorer = Matcher(matrix: pair, weights: engine.matcher.weights, minimumScore: engine.matcher.minimumScore)
        return scorer.allScores(for: vectors(a))[pair.row(of: b.id)!]
    }
}

extension PairExplanation {
    /// The JSON form shared by the CLI (`explain --format json`) and the service
    /// (`match.explain`): scores with four decimals, `rank` or `excludedBy` (the other is
    /// null), `oneSided` (only when the pair is), and the reasons as on a match list with `--explain`.
    package var json: JSONValue {
        var o = JSONObject()
        o["participant"] = .string(participant.id)
        o["partner"] = .string(partner.id)
        o["profile"] = .string(profile)
        if let profileNote { o["profileNote"] = .string(profileNote) }
        o["score"] = Format.json(score)
        o["similarity"] = Format.json(similarity)
        o["forward"] = Format.json(forward)
        o["backward"] = Format.json(backward)
        o["rank"] = rank.map { .int(Int64($0)) } ?? .null
        o["excludedBy"] = excludedBy.map { .string($0) } ?? .null
        if let oneSided { o["oneSided"] = .string(oneSided.message) }
        o["reasons"] = .array(reasons.map(\.json))
        if !notes.isEmpty { o["notes"] = .array(notes.map { .string($0) }) }  // only when there are some: older answers stay as they were
        if !components.isEmpty { o["components"] = componentsJSON }
        return .object(o)
    }
}
