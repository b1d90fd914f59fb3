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
        guard let (a, b) = views(contribution) else { return minimum }
        let views = matrix.views
        guard views.contains(a), views.contains(b) else { return minimum }
        let d = views.dimension(of: a)
        let s = views.withValues(a) { x in views.withValues(b) { y in sample(x, y, rows: matrix.count, dimension: d) } }
        return floor(s, z: z, minimum: minimum)
    }

    /// The two views whose products a contribution's floor is measured on (nil for pair terms).
    public static func views(_ contribution: ScoreComponent.Contribution) -> (VectorView, VectorView)? {
        switch contribution {
        case .product(let v): (v, v)
        case .reciprocal(let o, let n): (o, n)
        case .pairTerm: nil
        }
    }

    /// What a floor is computed from: the products of the random pairs drawn over `rows`
    /// rows, summed (a vector store keeps it, so that a process that maps the store does not
    /// measure again: `floor` of it equals `measure` on the same rows exactly).
    public struct Sample: Sendable, Hashable {
        /// Rows of the population.
        public var rows: Int
        /// Pairs summed.
        public var count: Int
        public var sum: Double
        public var squares: Double

        public init(rows: Int, count: Int, sum: Double, squares: Double) {
            self.rows = rows
            self.count = count
            self.sum = sum
            self.squares = squares
        }
    }

    /// The sample of `x[i] · y[j]` over `rows` rows of `dimension` values each (row-major):
    /// `samples` random pairs of distinct rows with both vectors nonzero, drawn with a fixed seed.
    public static func sample(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>, rows n: Int, dimension d: Int) -> Sample {
        guard n >= minimumRows else { return Sample(rows: n, count: 0, sum: 0, squares: 0) }
        var rng = SplitMix64(seed: 0x6e6f_6973_65)  // "noise"
        var sum = 0.0, squares = 0.0, count = 0
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
        return Sample(rows: n, count: count, sum: sum, squares: squares)
    }

    /// The floor a sample gives: mean + z·sd, at least `minimum` and at most 0.95; `minimum`
    /// for fewer than `minimumRows` rows or 64 pairs.
    public static func floor(_ s: Sample, z: Float, minimum: Float) -> Float {
        guard s.rows >= minimumRows, s.count >= 64 else { return minimum }
        let mean = s.sum / Double(s.count), sd = max(0, s.squares / Double(s.count) - mean * mean).squareRoot()
        return min(0.95, max(minimum, Float(mean + Double(z) * sd)))
    }
}
