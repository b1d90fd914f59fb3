/// Derives a cluster's competence vectors from its members and its own declared focus.
///
/// Each member counts by its *relevance* to the cluster, not its size: every member vector
/// is unit length, and its weight is its cosine to the plain member average (floored at
/// `minimumRelevance`), so an off-topic member counts less and one large member cannot
/// drown the rest. The cluster's own profile, when it has one, takes `ownShare` of the result.
public enum ClusterProfile {
    public static let ownShare: Float = 0.3
    public static let minimumRelevance: Float = 0.1

    /// - Parameters:
    ///   - members: the members' vectors (each view unit length or zero).
    ///   - own: the cluster organisation's own vectors, if it has a profile.
    ///
    /// The competence (the profile, with the participants' own vectors beside it when
    /// they have them: `EmbeddingBlend`) is aggregated as one vector, then split again.
    public static func aggregate(members: [ParticipantVectors], own: ParticipantVectors?) -> ParticipantVectors {
        let p = members.first?.profile.count ?? own?.profile.count ?? 0
        let e = (members + (own.map { [$0] } ?? [])).lazy.compactMap { $0.extra[.embedding]?.count }.first ?? 0
        func competence(_ v: ParticipantVectors) -> [Float] {
            e == 0 ? v.profile : v.profile + (v.extra[.embedding] ?? [Float](repeating: 0, count: e))
        }
        func combine(_ view: (ParticipantVectors) -> [Float]) -> [Float] {
            let d = view(members.first ?? own ?? ParticipantVectors(profile: [], offers: [], needs: [], keywords: [])).count
            let rows = members.map(view).filter { $0.contains { $0 != 0 } }
            var mean = [Float](repeating: 0, count: d)
            for r in rows { for k in 0..<d { mean[k] += r[k] } }
            var result = [Float](repeating: 0, count: d)
            if !rows.isEmpty {
                let centre = normalised(mean)
                for r in rows {
                    let relevance = max(minimumRelevance, zip(r, centre).reduce(0) { $0 + $1.0 * $1.1 })
                    for k in 0..<d { result[k] += relevance * r[k] }
                }
                result = normalised(result)
            }
            if let own, view(own).contains(where: { $0 != 0 }) {
                let o = view(own)
                let memberShare: Float = rows.isEmpty ? 0 : 1 - ownShare
                for k in 0..<d { result[k] = memberShare * result[k] + (rows.isEmpty ? 1 : ownShare) * o[k] }
                result = normalised(result)
            }
            return result
        }
        let c = combine(competence)
        var result = ParticipantVectors(profile: Array(c.prefix(p)), offers: combine(\.offers), needs: combine(\.needs),
                                        keywords: combine(\.keywords))
        if e > 0 { result.extra[.embedding] = Array(c.dropFirst(p)) }
        return result
    }

    static func normalised(_ v: [Float]) -> [Float] {
        let n = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return n > 0 ? v.map { $0 / n } : v
    }
}
