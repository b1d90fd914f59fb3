/// How participants' own vectors (`vector` in the participant format) join the competence
/// similarity.
///
/// A scoring profile's `embeddingWeight` w is the user vector's share of the competence
/// similarity. Each row's competence is the lexical profile p (weight √(1−w)) beside its
/// unit user vector û (weight √w), normalised together: c = (√(1−w)·p, √w·û) / ‖…‖. The
/// matcher keeps the two halves as the views `profile` and `embedding`, and the score's
/// `similarity` and `embedding` components (with the same weight) add up to c_A · c_B, the
/// cosine of the blended competences. A row without a user vector keeps its profile as it
/// is (so it still meets others on its profile alone); one with only a user vector
/// competes on that vector.
public enum EmbeddingBlend {
    /// The blended profile and embedding views of one row.
    /// - Parameters:
    ///   - profile: the lexical profile vector (unit length or zero).
    ///   - embedding: the participant's own vector, any length; nil or all zero for none.
    ///   - dimension: the length of the embedding view.
    ///   - weight: the profile's `embeddingWeight`, 0…1.
    public static func views(profile: [Float], embedding: [Float]?, dimension: Int, weight: Float)
        -> (profile: [Float], embedding: [Float]) {
        guard let u = embedding, u.count == dimension, u.contains(where: { $0 != 0 }) else {
            return (profile, [Float](repeating: 0, count: dimension))
        }
        let a = (1 - weight).squareRoot(), b = weight.squareRoot()
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        // The whole blended vector is normalised at once, element by element as one vector.
        let competence = profile.map { $0 * a } + u.map { $0 / norm * b }
        let total = competence.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard total > 0 else { return ([Float](repeating: 0, count: profile.count), [Float](repeating: 0, count: dimension)) }
        let scaled = competence.map { $0 / total }
        return (Array(scaled[..<profile.count]), Array(scaled[profile.count...]))
    }

    /// Adds the `embedding` component to a profile's weights: it carries the similarity's
    /// weight, so that the two together weigh the blended competence as `similarity` does.
    public static func weights(_ weights: ScoringWeights) -> ScoringWeights {
        weights.adding(ScoreComponent(.embedding, weight: weights.similarity, .product(.embedding)))
    }
}
