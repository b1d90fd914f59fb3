import JSONSupport
import MatchCore
import MatchStore

/// A cluster with its member counts.
package struct ClusterSummary: Sendable, Hashable {
    package var id: String
    /// Nil when members name a cluster that is not itself a stored participant.
    package var cluster: Participant?
    package var membersByKind: [ParticipantKind: Int]
    package var members: Int { membersByKind.values.reduce(0, +) }
}

/// A partner cluster and the member pairs that make the link.
package struct ClusterMatchRow: Sendable {
    package var rank: Int
    package var partner: ClusterSummary
    package var score: Float
    package var similarity: Float
    package var forward: Float
    package var backward: Float
    /// The strongest member-to-member pairs across the two clusters.
    package var memberPairs: [(member: Participant, partnerMember: Participant, score: Float, reasons: [Reason])]
}

extension ClusterMatch {
    /// Every cluster named by a membership or stored as a participant of kind `cluster`.
    package func clusters() throws -> [ClusterSummary] {
        let all = try store.participants()
        var counts: [String: [ParticipantKind: Int]] = [:]
        var byID: [String: Participant] = [:]
        for p in all {
            byID[p.id] = p
            if p.kind == .cluster && counts[p.id] == nil { counts[p.id] = [:] }
            for c in Set(p.clusters) { counts[c, default: [:]][p.kind, default: 0] += 1 }
        }
        return counts.keys.sorted().map { ClusterSummary(id: $0, cluster: byID[$0], membersByKind: counts[$0]!) }
    }

    /// Ranks partner clusters for one cluster, from the competences of members and the
    /// clusters' own focus, and names the member pairs behind each link.
    /// - Parameters:
    ///   - sameCountry: also consider clusters of the same country (international
    ///     matchmaking, the default, looks abroad only).
    package func clusterMatch(_ id: String, top: Int = 10, profile: String? = "cluster-to-cluster",
                             sameCountry: Bool = false, pairs: Int = 3) throws -> [ClusterMatchRow] {
        try clusterMatch(id, top: top, engine: try self.engine(profile: profile), brokerage: try self.engine(profile: Self.defaultProfile, standIn: false),
                         sameCountry: sameCountry, pairs: pairs)
    }

    /// As `clusterMatch(_:top:profile:sameCountry:pairs:)`, on engines already loaded (the
    /// service keeps them in memory): `engine` under the clusters' profile, `brokerage` for
    /// the member pairs.
    package func clusterMatch(_ id: String, top: Int = 10, engine: MatchEngine, brokerage: MatchEngine,
                             sameCountry: Bool = false, pairs: Int = 3) throws -> [ClusterMatchRow] {
        guard top > 0 else { throw AppError(.usage, "top must be at least 1") }
        let summaries = try clusters()
        guard let mine = summaries.first(where: { $0.id == id }) else {
            throw AppError(.notFound, "no cluster '\(id)'", hint: .listClusters)
        }
        let matrix = engine.matcher.matrix
        let entries = engine.directory.entries
        let all = try store.participants()
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

        func memberRows(_ c: String) -> [Int] {
            (0..<matrix.count).filter { entries[$0].clusters.contains(c) && !matrix.isEmptyProfile[$0] }
        }
        func vectors(_ c: String) -> ParticipantVectors {
            let own = matrix.row(of: c).map { matrix.vectors(row: $0) }
            return ClusterProfile.aggregate(members: memberRows(c).map(matrix.vectors(row:)), own: own)
        }
        func country(_ s: ClusterSummary) -> String? { s.cluster?.country }

        let candidates = summaries.filter { s in
            s.id != id && (sameCountry || country(mine) == nil || country(s) != country(mine))
        }
        let query = vectors(id)
        guard query.profile.contains(where: { $0 != 0 }) else {
            throw AppError(.badInput, "cluster \(id) has no members with a profile and no focus of its own to match on")
        }
        let rows = candidates.map { (summary: $0, vectors: vectors($0.id)) }.filter { $0.vectors.profile.contains { $0 != 0 } }
        let clusterMatrix = CompetenceMatrix(dimension: matrix.dimension, rows: rows.map { ($0.summary.id, $0.vectors) })
        let ranked = Matcher(matrix: clusterMatrix, weights: engine.matcher.weights).topMatches(for: query, k: top)
        let summaryByID = Dictionary(uniqueKeysWithValues: rows.map { ($0.summary.id, $0.summary) })
        let myMembers = memberRows(id)
        return ranked.enumerated().map { rank, s in
            let partnerID = clusterMatrix.ids[s.row]
            // Member pairs: each of my members against the partner's members, brokerage scoring.
            let theirs = memberRows(partnerID)
            let sub = CompetenceMatrix(dimension: matrix.dimension, rows: theirs.map { (matrix.id(row: $0), matrix.vectors(row: $0)) })
            let subMatcher = Matcher(matrix: sub, weights: brokerage.matcher.weights)
            var best: [(Int, Int, Float)] = []
            for m in myMembers where !theirs.contains(m) {
                for hit in subMatcher.topMatches(for: matrix.vectors(row: m), k: 1) { best.append((m, theirs[hit.row], hit.score)) }
            }
            best.sort { $0.2 != $1.2 ? $0.2 > $1.2 : (matrix.id(row: $0.0), matrix.id(row: $0.1)) < (matrix.id(row: $1.0), matrix.id(row: $1.1)) }
            var used: Set<Int> = []
            var memberPairs: [(member: Participant, partnerMember: Participant, score: Float, reasons: [Reason])] = []
            for (a, b, score) in best where !used.contains(a) && !used.contains(b) {
                if memberPairs.count >= pairs { break }  // also for pairs == 0
                guard let pa = byID[matrix.id(row: a)], let pb = byID[matrix.id(row: b)] else { continue }
                used.formUnion([a, b])
                let reasons = Explainer.reasons(engine.space.features(of: pa), engine.space.features(of: pb), space: engine.space, limit: 1)
                memberPairs.append((pa, pb, score, reasons))
            }
            return ClusterMatchRow(rank: rank + 1, partner: summaryByID[partnerID]!, score: s.score, similarity: s.similarity,
                                   forward: s.forward, backward: s.backward, memberPairs: memberPairs)
        }
    }
}

extension ClusterSummary {
    /// The JSON form shared by the CLI (`clusters list --format json`) and the service
    /// (`cluster.list`): name and country are null for a cluster that is not stored.
    package var json: JSONValue {
        let kinds = ParticipantKind.allCases.filter { $0 != .cluster }
        return .object(JSONObject([("id", .string(id)), ("name", cluster.map { .string($0.name) } ?? .null),
                                   ("country", cluster.map { .string($0.country) } ?? .null), ("members", .int(Int64(members))),
                                   ("membersByKind", .object(JSONObject(kinds.map { ($0.rawValue, .int(Int64(membersByKind[$0] ?? 0))) })))]))
    }
}

extension ClusterMatchRow {
    /// The JSON form shared by the CLI and the service.
    package var json: JSONValue {
        var o = JSONObject()
        o["rank"] = .int(Int64(rank))
        o["id"] = .string(partner.id)
        o["name"] = partner.cluster.map { .string($0.name) } ?? .null
        o["country"] = partner.cluster.map { .string($0.country) } ?? .null
        o["members"] = .int(Int64(partner.members))
        o["score"] = Format.json(score)
        o["forward"] = Format.json(forward)
        o["backward"] = Format.json(backward)
        var pairs: [JSONValue] = []
        for p in memberPairs {
            var q = JSONObject()
            q["member"] = .string(p.member.id)
            q["partnerMember"] = .string(p.partnerMember.id)
            q["score"] = Format.json(p.score)
            q["reasons"] = .array(p.reasons.map { .string($0.summary) })
            pairs.append(.object(q))
        }
        o["memberPairs"] = .array(pairs)
        return .object(o)
    }
}
