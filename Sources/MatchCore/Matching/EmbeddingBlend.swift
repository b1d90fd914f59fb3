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
        var p = [Float](repeating: 0, count: profile.count), e = [Float](repeating: 0, count: dimension)
        profile.withUnsafeBufferPointer { profile in
            u.withUnsafeBufferPointer { u in
                p.withUnsafeMutableBufferPointer { p in e.withUnsafeMutableBufferPointer { e in blend(profile, u, weight: weight, into: p, e) } }
            }
        }
        return (p, e)
    }

    /// `views(profile:embedding:dimension:weight:)` of a row with a vector (`embedding` not
    /// all zero), written into `profileOut` and `embeddingOut` (of the inputs' lengths)
    /// instead of new arrays: a vector store's rows are blended in place of their copies.
    /// The arithmetic is the same, operation for operation, so the values are too.
    public static func blend(_ profile: UnsafeBufferPointer<Float>, _ u: UnsafeBufferPointer<Float>, weight: Float,
                             into profileOut: UnsafeMutableBufferPointer<Float>, _ embeddingOut: UnsafeMutableBufferPointer<Float>) {
        let a = (1 - weight).squareRoot(), b = weight.squareRoot()
        let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
        // The whole blended vector is normalised at once, element by element as one vector.
        for i in profile.indices { profileOut[i] = profile[i] * a }
        for i in u.indices { embeddingOut[i] = u[i] / norm * b }
        var total: Float = 0
        for x in profileOut { total = total + x * x }
        for x in embeddingOut { total = total + x * x }
        total = total.squareRoot()
        guard total > 0 else {
            profileOut.update(repeating: 0)
            embeddingOut.update(repeating: 0)
            return
        }
        for i in profileOut.indices { profileOut[i] = profileOut[i] / total }
        for i in embeddingOut.indices { embeddingOut[i] = embeddingOut[i] / total }
    }

    /// Adds the `embedding` component to a profile's weights: it carries the similarity's
    /// weight, so that the two together weigh the blended competence as `similarity` does.
    public static func weights(_ weights: ScoringWeights) -> ScoringWeights {
        weights.adding(ScoreComponent(.embedding, weight: weights.similarity, .product(.embedding)))
    }
}
