import Consortia
import Foundation
import MatchCore
import MatchStore
import JSONSupport

/// A request for consortium proposals: the call, a lead every proposal must contain, how
/// many proposals, under which scoring profile.
package struct ConsortiumRequest: Sendable {
    package var call: Call
    /// A stored participant's id.
    package var lead: String?
    package var top: Int
    /// A profile name or a path to a profile file; nil for the default.
    package var profile: String?

    package init(call: Call, lead: String? = nil, top: Int = 5, profile: String? = nil) {
        self.call = call
        self.lead = lead
        self.top = top
        self.profile = profile
    }
}

/// One member of a proposed consortium: who, which needs it covers and why.
package struct ConsortiumMember: Sendable {
    package var participant: Participant
    /// Ids of the needs this member covers best in its consortium.
    package var covers: [String]
    /// Why its offers cover those needs, read from the call's side: "they offer …, you need …".
    package var reasons: [Reason]
}

/// One proposal, ranked.
package struct ConsortiumProposal: Sendable {
    package var rank: Int
    package var value: Double
    package var members: [ConsortiumMember]
    /// Distinct, sorted.
    package var countries: [String]
    /// `coverage`, `complementarity`, `history`: the parts of `value`.
    package var components: [(name: String, value: Double)]
}

/// The proposals for a call, best first.
package struct ConsortiumProposals: Sendable {
    package var call: Call
    package var profile: String
    package var proposals: [ConsortiumProposal]
    /// Candidates the search considered out of the eligible participants.
    package var candidates: Int
    package var eligible: Int
    /// True when every set of the candidates was checked.
    package var exact: Bool
    /// The optimiser's instance, for Benchmarks/consortium-highs.py.
    package var problem: ConsortiumProblem
}

extension ClusterMatch {
    /// Reads and checks a call file. Errors name the file and field; exit code 65.
    package static func loadCall(file: String) throws -> Call {
        guard let data = FileManager.default.contents(atPath: file) else { throw AppError(.notFound, "cannot read call file \(file)") }
        let value: JSONValue
        do { value = try JSONParser.parse(Array(data)) } catch { throw AppError(.badInput, "\(file): \(error.description)") }
        return try parseCall(value, source: file)
    }

    /// Checks a call given as JSON (the service's `call` param); `source` prefixes messages.
    package static func parseCall(_ value: JSONValue, source: String) throws -> Call {
        do { return try Call.parse(value) } catch {
            throw AppError(.badInput, "\(source): \(error.issues[0])", details: error.issues.dropFirst().map { "\(source): \($0)" })
        }
    }

    /// Proposes consortia for a call (see docs/consortium.md).
    package func buildConsortia(_ request: ConsortiumRequest) throws -> ConsortiumProposals {
        // The call states needs: complementarity means something, whatever the members state.
        try buildConsortia(request, engine: try engine(profile: request.profile, standIn: false))
    }

    /// As `buildConsortia(_:)`, on an engine already loaded (the service keeps one).
    ///
    /// Candidates are chosen on the engine's query path: each need, read as an ad-hoc
    /// query's needs, against every eligible participant's offers (the `backward` part of a
    /// match score). For the candidates, coverage is then the exact TF-IDF cosine those
    /// dense scores estimate, and pair scores are the profile's exact pair scores
    /// (`Matcher.score(row:partner:)`). An infeasible call throws `.badInput` naming the
    /// first rule that fails by its JSON key.
    package func buildConsortia(_ request: ConsortiumRequest, engine: MatchEngine) throws -> ConsortiumProposals {
        guard (1...50).contains(request.top) else { throw AppError(.usage, "top must be from 1 to 50 (was \(request.top))") }
        let call = request.call, rules = call.rules
        let matrix = engine.matcher.matrix, entries = engine.directory.entries
        var leadRow: Int?
        if let lead = request.lead {
            guard try store.participant(lead) != nil else { throw AppError.notFound(participant: lead) }
            guard let row = matrix.row(of: lead) else {
                throw AppError(.badInput, "lead: \(lead) is left out of matching (an expired EEN profile, or marked not matchable)")
            }
            let country = entries[row].country
            if let eligible = rules.eligibleCountries.codes, !eligible.contains(country) {
                throw AppError(.badInput, "rules.eligibleCountries: the lead \(lead) is in \(country), which the call does not admit")
            }
            if rules.exclude.contains(lead) { throw AppError(.badInput, "rules.exclude: the call excludes the lead \(lead)") }
            leadRow = row
        }
        // Who may be proposed: eligible country, not excluded, not opted out, with a profile.
        let eligibleCountries = rules.eligibleCountries.codes
        let rows = (0..<matrix.count).filter { j in
            if j == leadRow { return true }
            let e = entries[j]
            return !e.optOut && !matrix.isEmptyProfile[j] && !rules.exclude.contains(matrix.id(row: j))
                && (eligibleCountries?.contains(e.country) ?? true)
        }
        let population = rows.map { ConsortiumCandidate(id: matrix.id(row: $0), kind: entries[$0].kind, country: entries[$0].country,
                                                        organisation: entries[$0].organisation) }
        let weights = ConsortiumWeights()
        // Rules the eligible participants cannot meet, whatever they offer: before any work.
        if let failing = CallFeasibility.firstFailingRule(call, population: population, bestCoverage: call.needs.map { _ in (1, nil) },
                                                          weights: weights) {
            throw AppError(.badInput, failing)
        }
        // Coverage of every need by every eligible participant: one ad-hoc query per need.
        let needVectors = try call.needs.enumerated().map { n, need in try needQuery(need, index: n, engine: engine) }
        let offersOnly = Matcher(matrix: matrix, weights: ScoringWeights(similarity: 0, complementarity: 1))
        let n = call.needs.count
        var coverage = [Double](repeating: 0, count: rows.count * n)
        for (j, vectors) in needVectors.enumerated() {
            let scores = offersOnly.allScores(for: vectors)
            for (x, row) in rows.enumerated() { coverage[x * n + j] = max(0, Double(scores[row].backward)) }
        }
        // The candidates worth searching, and the pair scores among them.
        let leadIndex = leadRow.flatMap { rows.firstIndex(of: $0) }
        let pool = CandidatePool.select(population: population, coverage: coverage, needs: call.needs, rules: rules,
                                        lead: leadIndex, perNeed: max(5, min(15, 120 / max(n, 1))))
        let m = pool.count
        // The pool's coverage, exactly: the TF-IDF cosine the hashed dense vectors estimate.
        // Hashing 256 dimensions adds noise of about ±0.06 to each dense score, the size of
        // the required-need threshold: a candidate with no term in common with a need must
        // not cover it (nor lack reasons for covering it).
        let needBags = try call.needs.enumerated().map { j, need in
            engine.space.weighted(engine.space.features(of: try needParticipant(need, index: j, engine: engine)).needs)
        }
        var poolParticipants: [Participant] = []
        for x in pool {
            guard let p = try store.participant(population[x].id) else { throw AppError(.internal, "participant \(population[x].id) vanished during the search") }
            poolParticipants.append(p)
            let offers = engine.space.weighted(engine.space.features(of: p).offers)
            for j in 0..<n { coverage[x * n + j] = Self.cosine(offers, needBags[j]) }
        }
        let bestCoverage: [(value: Double, id: String?)] = (0..<n).map { j in
            var best: (value: Double, id: String?) = (0, nil)
            for x in pool where coverage[x * n + j] > best.value { best = (coverage[x * n + j], population[x].id) }
            return best
        }
        if let failing = CallFeasibility.firstFailingRule(call, population: population, bestCoverage: bestCoverage, weights: weights) {
            throw AppError(.badInput, failing)
        }
        var pairs = [Double](repeating: 0, count: m * m)
        for a in 0..<m {
            for b in (a + 1)..<m {
                let s = Double(engine.matcher.score(row: rows[pool[a]], partner: rows[pool[b]]).score)
                pairs[a * m + b] = s
                pairs[b * m + a] = s
            }
        }
        let problem = ConsortiumProblem(candidates: pool.map { population[$0] }, needs: call.needs,
                                        coverage: pool.flatMap { x in (0..<n).map { coverage[x * n + $0] } }, pairs: pairs,
                                        rules: rules, lead: leadIndex.flatMap { pool.firstIndex(of: $0) }, weights: weights)
        let search = ConsortiumSearch(problem: problem)
        let found = search.proposals(request.top)
        guard !found.isEmpty else {
            let rule = search.closestMiss().flatMap(problem.brokenRule) ?? "rules"
            throw AppError(.badInput, "\(rule): no consortium of the \(m) best candidates meets every rule of the call at once; the closest breaks this one")
        }
        let proposals = try found.enumerated().map { r, c in
            try proposal(rank: r + 1, c, problem: problem, participants: c.members.map { poolParticipants[$0] }, engine: engine)
        }
        return ConsortiumProposals(call: call, profile: engine.profile.name, proposals: proposals, candidates: m,
                                   eligible: population.count, exact: search.isExhaustive, problem: problem)
    }

    /// A need as the stand-in participant of an ad-hoc query that needs it.
    private func needParticipant(_ need: CallNeed, index: Int, engine: MatchEngine) throws -> Participant {
        var p = Participant(id: "(need \(need.id))", kind: .other, name: need.title ?? need.id, country: "", needs: [need.statement])
        let issues = p.resolveCodes(in: engine.space.taxonomy)
        if let issue = issues.first {
            var named = issue
            named.field = "needs[\(index)]" + issue.field.dropFirst("needs[0]".count)
            throw AppError(.badInput, named.description)
        }
        return p
    }

    private func needQuery(_ need: CallNeed, index: Int, engine: MatchEngine) throws -> ParticipantVectors {
        engine.space.vectors(of: try needParticipant(need, index: index, engine: engine))
    }

    /// Cosine of two sparse weighted feature vectors, summed in feature order (a
    /// dictionary's own order changes from run to run, and with it the last bits).
    static func cosine(_ a: [String: Double], _ b: [String: Double]) -> Double {
        var dot = 0.0
        for feature in a.keys.sorted() { if let w = b[feature] { dot += a[feature]! * w } }
        guard dot > 0 else { return 0 }
        func norm(_ x: [String: Double]) -> Double { x.keys.sorted().reduce(0) { $0 + x[$1]! * x[$1]! }.squareRoot() }
        return dot / (norm(a) * norm(b))
    }

    private func proposal(rank: Int, _ c: Consortium, problem: ConsortiumProblem, participants: [Participant],
                          engine: MatchEngine) throws -> ConsortiumProposal {
        let covers = problem.covers(c.members)
        let members = try zip(participants, covers).map { p, needs -> ConsortiumMember in
            let theirs = engine.space.features(of: p)
            var reasons: [Reason] = [], seen: Set<String> = []
            for j in needs {
                let asker = engine.space.features(of: try needParticipant(problem.needs[j], index: j, engine: engine))
                for r in Explainer.reasons(asker, theirs, space: engine.space) where r.direction == .theyOffer {
                    if seen.insert(r.summary).inserted { reasons.append(r) }
                }
            }
            return ConsortiumMember(participant: p, covers: needs.map { problem.needs[$0].id }, reasons: reasons)
        }
        return ConsortiumProposal(rank: rank, value: c.value, members: members,
                                  countries: Set(members.map(\.participant.country)).sorted(),
                                  components: [("coverage", c.coverage), ("complementarity", c.complementarity), ("history", c.history)])
    }
}
