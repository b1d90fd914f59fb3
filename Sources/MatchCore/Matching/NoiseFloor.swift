/// The noise floor of a dense component on one population: the level its products reach
/// between unrelated participants, above which a value is taken as a signal.
///
/// Sentence embeddings of unrelated texts are not orthogonal, and how far apart they sit
/// depends on the texts: unrelated statements of the paraphrase landscape have offers · needs
/// cosines of 0.12 ± 0.12, the pseudo-word texts of PlantedLandscape 0.47 ± 0.11, where even
/// planted partners sit in the noise. A fixed threshold cannot serve both, so the floor is
/// measured on the population being matched: the mean plus `z` standard deviations of the
/// products of random pairs (almost all of them unrelated), never below the component's
/// fixed threshold. Deterministic: the same matrix gives the same floor.
public enum NoiseFloor {
    /// How many random pairs are sampled (rows whose views are zero are skipped).
    public static let samples = 4096
    /// Fewer rows than this cannot tell noise from signal (a handful of participants, a
    /// pair being explained): their floor is the fixed minimum.
    public static let minimumRows = 50

    /// The floor of `contribution` on `matrix`: mean + z·sd of `a[rows] · b[columns]` over
    /// random pairs of distinct rows with both views nonzero, at least `minimum` and at most
    /// 0.95; `minimum` for fewer than `minimumRows` rows or 64 such pairs.
    public static func measure(_ matrix: CompetenceMatrix, _ contribution: ScoreComponent.Contribution, z: Float,
                               minimum: Float) -> Float {
        let (a, b): (VectorView, VectorView)
        switch contribution {
        case .product(let v): (a, b) = (v, v)
        case .reciprocal(let o, let n): (a, b) = (o, n)
        case .pairTerm: return minimum
        }
        let n = matrix.count, views = matrix.views
        guard n >= minimumRows, views.contains(a), views.contains(b) else { return minimum }
        let d = views.dimension(of: a)
        var rng = SplitMix64(seed: 0x6e6f_6973_65)  // "noise"
        var sum = 0.0, squares = 0.0, count = 0
        views.withValues(a) { x in
            views.withValues(b) { y in
                func norm(_ p: UnsafeBufferPointer<Float>, _ r: Int) -> Float {
                    var s: Float = 0
                    for k in 0..<d { s += p[r * d + k] * p[r * d + k] }
                    return s
                }
                for _ in 0..<(4 * samples) where count < samples {
                    let i = Int(rng.next() % UInt64(n)), j = Int(rng.next() % UInt64(n))
                    guard i != j, norm(x, i) > 0.5, norm(y, j) > 0.5 else { continue }
                    var s: Float = 0
                    for k in 0..<d { s += x[i * d + k] * y[j * d + k] }
                    sum += Double(s)
                    squares += Double(s) * Double(s)
                    count += 1
                }
            }
        }
        guard count >= 64 else { return minimum }
        let mean = sum / Double(count), sd = max(0, squares / Double(count) - mean * mean).squareRoot()
        return min(0.95, max(minimum, Float(mean + Double(z) * sd)))
    }
}
