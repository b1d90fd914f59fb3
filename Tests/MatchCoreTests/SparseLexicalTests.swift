import Testing
@testable import MatchCore

/// Lexical scores on the exact sparse views: every path of the matcher (all-pairs, single
/// queries by row and ad hoc, every score, one pair) against a brute force over the sparse
/// terms in Float64, on data whose hashed dense views are deliberately poor (8 dimensions:
/// collisions everywhere), so that only the sparse scores can give the right lists.
@Suite("Exact sparse lexical scores against a brute-force reference")
struct SparseLexicalTests {
    /// A participant's raw terms per view (term id → weight), before normalising.
    typealias Raw = [[UInt32: Double]]  // profile, offers, needs, keywords

    static let dimension = 8

    /// A hashed dense view of a sparse one (term t lands on t mod 8, sign by t / 8).
    static func dense(_ v: SparseVector, _ dimension: Int) -> [Float] {
        var out = [Double](repeating: 0, count: dimension)
        // Only the first 8 components, whatever the dimension: collisions everywhere.
        for (t, w) in zip(v.terms, v.weights) { out[Int(t) % 8] += (t / 8) % 2 == 0 ? Double(w) : -Double(w) }
        let norm = out.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? out.map { Float($0 / norm) } : out.map(Float.init)
    }

    static func vectors(_ raw: Raw, embedding: [Float]? = nil, dimension: Int = dimension) -> ParticipantVectors {
        let sparse = raw.map { SparseVector.unit($0.map { (term: $0.key, weight: $0.value) }) }
        let lexical = LexicalTerms(profile: sparse[0], offers: sparse[1], needs: sparse[2], keywords: sparse[3])
        var v = ParticipantVectors(profile: dense(sparse[0], dimension), offers: dense(sparse[1], dimension),
                                   needs: dense(sparse[2], dimension), keywords: dense(sparse[3], dimension), lexical: lexical)
        if let embedding { v.extra[.embedding] = embedding }
        return v
    }

    /// Random participants over `terms` term ids, with the structures that hashing blurs:
    /// pairs sharing one rare term, groups sharing one broad (parent-code-like) term with a
    /// small weight, exact and near duplicates, empty profiles and empty sides.
    static func landscape(n: Int, terms: Int, seed: UInt64) -> [(id: String, raw: Raw)] {
        var rng = SeededRandom(seed: seed)
        var rows: [(id: String, raw: Raw)] = []
        func randomView(_ count: Int) -> [UInt32: Double] {
            var v: [UInt32: Double] = [:]
            for _ in 0..<count { v[UInt32.random(in: 0..<UInt32(terms), using: &rng)] = Double.random(in: 0.1...2, using: &rng) }
            return v
        }
        for i in 0..<n {
            var raw: Raw = [randomView(Int.random(in: 1...12, using: &rng)), randomView(Int.random(in: 0...6, using: &rng)),
                            randomView(Int.random(in: 0...6, using: &rng)), randomView(Int.random(in: 0...4, using: &rng))]
            if i % 10 == 3 { raw[2] = [:] }                                   // no needs
            if i % 13 == 5 { raw = [[:], raw[1], raw[2], [:]] }               // empty profile: no matches
            if i % 17 == 2 { raw[0][UInt32(terms + 1000 + i / 17)] = 3 }      // a rare term, shared with the next row
            if i % 17 == 3 { raw[0][UInt32(terms + 1000 + i / 17)] = 3; raw[1][UInt32(terms + 2000 + i / 17)] = 1 }
            if i % 17 == 4 { raw[2][UInt32(terms + 2000 + i / 17)] = 1 }      // needs what row i-1 offers, nothing else
            if i % 7 == 0 { for v in 0..<3 { raw[v][UInt32(terms + 5000)] = 0.05 } }  // one broad parent, weak
            rows.append((String(format: "p%04d", i), raw))
        }
        // Exact duplicates (ties by id) and near duplicates of a few rows.
        for c in 0..<6 {
            let base = rows[c * 11 + 1].raw
            rows.append((String(format: "d%04d", c), base))
            var near = base
            for v in 0..<4 { for (t, w) in near[v] { near[v][t] = w * Double.random(in: 0.999...1.001, using: &rng) } }
            rows.append((String(format: "n%04d", c), near))
        }
        return rows.shuffled(using: &rng)
    }

    /// The Float64 cosine of two raw views.
    static func cosine(_ a: [UInt32: Double], _ b: [UInt32: Double]) -> Double {
        let na = a.values.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = b.values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard na > 0, nb > 0 else { return 0 }
        var s = 0.0
        for (t, w) in a { if let x = b[t] { s += w * x } }
        return s / (na * nb)
    }

    /// The score of (i → j) from the raw terms (no declared sides: both directions exist).
    /// - Parameter stated: `a` asks as an ad-hoc query that states one side only (offers or
    ///   needs): it is scored on the direction that exists, not the harmonic mean.
    static func reference(_ a: Raw, _ b: Raw, _ w: ScoringWeights, embedding: Double = 0, bonus: Double = 0, stated: QuerySides? = nil) -> Double {
        let f = max(cosine(a[1], b[2]), 0), r = max(cosine(a[2], b[1]), 0)
        let h = stated.map { $0.offers != $0.needs } == true ? (stated!.offers ? f : r) : f + r > 0 ? 2 * f * r / (f + r) : 0
        return Double(w.similarity) * cosine(a[0], b[0]) + Double(w.complementarity) * h + Double(w.keywords) * cosine(a[3], b[3])
            + Double(w.weight(of: .embedding)) * embedding + bonus
    }

    struct Case {
        let m: CompetenceMatrix
        let raw: [Raw]  // by matrix row
        init(_ rows: [(id: String, raw: Raw)], embeddings: [String: [Float]] = [:], dimension: Int = SparseLexicalTests.dimension) {
            m = CompetenceMatrix(dimension: dimension,
                                 rows: rows.map { ($0.id, SparseLexicalTests.vectors($0.raw, embedding: embeddings[$0.id], dimension: dimension)) })
            let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.raw) })
            raw = m.ids.map { byID[$0]! }
        }
    }

    /// Every row's reference top k (ties by row), and a check of `got` against it: the same
    /// partners and scores, except for partners tied within 1e-5 with the k-th.
    static func check(_ got: [ScoredPartner], row i: Int, _ c: Case, _ w: ScoringWeights, k: Int, minimum: Double = -.infinity,
                      score: (Int, Int) -> Double) {
        var all: [(row: Int, score: Double)] = []
        for j in 0..<c.m.count where j != i && !c.m.isEmptyProfile[j] && score(i, j) >= minimum { all.append((j, score(i, j))) }
        all.sort { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
        let want = Array(all.prefix(k))
        #expect(got.count == want.count, "row \(i)")
        for (g, r) in zip(got, want) {
            #expect(abs(Double(g.score) - score(i, g.row)) < 1e-5, "row \(i) partner \(g.row)")
            #expect(abs(Double(g.score) - r.score) < 1e-5, "row \(i): \(g.row) \(g.score) where the reference has \(r.row) \(r.score)")
        }
        let cut = want.last?.score ?? -.infinity
        for row in Set(got.map(\.row)).symmetricDifference(want.map(\.row)) {
            #expect(abs(score(i, row) - cut) < 1e-5, "row \(i): partner \(row) differs and is not a tie")
        }
    }

    @Test(arguments: [(ScoringWeights.brokerage, UInt64(1)), (ScoringWeights(similarity: 0.3, complementarity: 0.4, keywords: 0.3), UInt64(2)),
                      (ScoringWeights.peers, UInt64(3))])
    func everyPathAgreesWithTheSparseReference(weights: ScoringWeights, seed: UInt64) {
        let c = Case(Self.landscape(n: 260, terms: 120, seed: seed))
        #expect(c.m.lexical != nil)
        let matcher = Matcher(matrix: c.m, weights: weights)
        let k = 7
        let all = matcher.allTopMatches(k: k)
        for i in 0..<c.m.count {
            let reference = { (i: Int, j: Int) in Self.reference(c.raw[i], c.raw[j], weights) }
            if c.m.isEmptyProfile[i] { #expect(all[i].isEmpty); continue }
            Self.check(all[i], row: i, c, weights, k: k, score: reference)
            // One definition of the exact score: the single query by row, the ad-hoc query
            // and the pair give the same floats as all-pairs.
            let single = matcher.topMatches(forRow: i, k: k)
            #expect(single == all[i], "row \(i): single query differs from all-pairs")
            let adHoc = matcher.topMatches(for: c.m.vectors(row: i), k: k, excluding: i)
            #expect(adHoc.map(\.row) == all[i].map(\.row) && adHoc.map(\.score) == all[i].map(\.score))
            // A query that states one side is scored on the direction that exists; one that
            // states both (or neither) keeps the harmonic mean.
            for stated in [QuerySides(offers: false, needs: true), QuerySides(offers: true, needs: false), QuerySides(offers: true, needs: true)] where i % 5 == 0 {
                let asked = matcher.topMatches(for: c.m.vectors(row: i), row: nil, k: k, excluding: i, allow: nil, stated: stated)
                Self.check(asked, row: i, c, weights, k: k) { Self.reference(c.raw[$0], c.raw[$1], weights, stated: stated) }
            }
            for p in all[i] { #expect(matcher.score(row: i, partner: p.row).score == p.score) }
            if i % 9 == 0 {
                let scores = matcher.allScores(forRow: i)
                for j in 0..<c.m.count where j != i { #expect(abs(Double(scores[j].score) - reference(i, j)) < 1e-5) }
                let parts = matcher.scoreParts(row: i, partner: all[i].first?.row ?? (i + 1) % c.m.count)
                let j = all[i].first?.row ?? (i + 1) % c.m.count
                #expect(abs(Double(parts.reduce(0) { $0 + $1.contribution }) - reference(i, j)) < 1e-5)
            }
        }
    }

    /// Pair terms decide between partners that share no term (the rows beyond the touched
    /// ones must be scored), and a minimum score drops the rest.
    @Test func pairTermsAndMinimumScore() {
        let c = Case(Self.landscape(n: 150, terms: 400, seed: 5))  // sparse: few shared terms
        let bonus: @Sendable (Int, Int) -> Float = { i, j in (i + j) % 5 == 0 ? 1 : 0 }
        let weights = ScoringWeights.brokerage.adding(ScoreComponent(.targetedCountries, weight: 0.05, .pairTerm))
        var matcher = Matcher(matrix: c.m, weights: weights, minimumScore: 0.01)
        matcher.pairTerms = [PairTerm(name: .targetedCountries, range: 0...1, value: bonus)]
        let all = matcher.allTopMatches(k: 10)
        for i in 0..<c.m.count where !c.m.isEmptyProfile[i] {
            let score = { (i: Int, j: Int) in Self.reference(c.raw[i], c.raw[j], .brokerage, bonus: 0.05 * Double(bonus(i, j))) }
            let kept = all[i]
            #expect(kept.allSatisfy { $0.score >= 0.01 })
            Self.check(kept, row: i, c, weights, k: 10, minimum: 0.01, score: score)
            #expect(matcher.topMatches(forRow: i, k: 10) == kept)
            for p in kept { #expect(abs(Double(p.score) - score(i, p.row)) < 1e-5) }
        }
    }

    /// A heavy pair term with a support (as the collaboration network has: only partners of
    /// partners can score): its range costs no margin, and the supported partners it lifts
    /// are still found, on the sparse path, the single query and a restricted matrix.
    @Test func supportedPairTermsStayExact() {
        let c = Case(Self.landscape(n: 150, terms: 400, seed: 8))
        let n = c.m.count
        let lifted: @Sendable (Int, Int) -> Float = { i, j in (i * 7 + j * 7) % 11 == 0 && i != j ? Float((i + j) % 3 + 1) / 3 : 0 }
        let support: @Sendable (Int) -> [Int] = { i in (0..<n).filter { lifted(i, $0) != 0 } }
        let weights = ScoringWeights.brokerage.adding(ScoreComponent(.network, weight: 4, .pairTerm))
        var matcher = Matcher(matrix: c.m, weights: weights, minimumScore: 0.01)
        matcher.pairTerms = [PairTerm(name: .network, range: 0...1, support: support, value: lifted)]
        let all = matcher.allTopMatches(k: 10)
        var liftedRows = 0
        for i in 0..<n where !c.m.isEmptyProfile[i] {
            let score = { (i: Int, j: Int) in Self.reference(c.raw[i], c.raw[j], .brokerage, bonus: 4 * Double(lifted(i, j))) }
            Self.check(all[i], row: i, c, weights, k: 10, minimum: 0.01, score: score)
            #expect(matcher.topMatches(forRow: i, k: 10) == all[i])
            if all[i].contains(where: { lifted(i, $0.row) != 0 }) { liftedRows += 1 }
        }
        #expect(liftedRows > 50, "the term lifted partners in only \(liftedRows) lists")
    }

    /// A dense view beside the sparse ones (participants' own vectors): the dense part
    /// exact in float32, the lexical parts exact on the terms.
    @Test func denseEmbeddingBesideSparseViews() {
        var rng = SeededRandom(seed: 6)
        let rows = Self.landscape(n: 120, terms: 80, seed: 6)
        var embeddings: [String: [Float]] = [:]
        for r in rows { embeddings[r.id] = MatcherTests.randomUnit(5, &rng) }
        let c = Case(rows, embeddings: embeddings)
        let weights = ScoringWeights.brokerage.adding(ScoreComponent(.embedding, weight: 0.2, .product(.embedding)))
        let matcher = Matcher(matrix: c.m, weights: weights)
        let all = matcher.allTopMatches(k: 5)
        for i in 0..<c.m.count where !c.m.isEmptyProfile[i] {
            let e = c.m.views.row(i, of: .embedding)
            let score = { (i: Int, j: Int) in
                Self.reference(c.raw[i], c.raw[j], weights, embedding: dot(e, c.m.views.row(j, of: .embedding)))
            }
            Self.check(all[i], row: i, c, weights, k: 5, score: score)
            #expect(matcher.topMatches(forRow: i, k: 5).map(\.row) == all[i].map(\.row))
        }
    }

    /// A vocabulary that fits in the hashed dimension: the exact views are laid out densely
    /// over the term ids and the dense kernels (the bfloat16 tiles, the half-precision
    /// prefilter) compute them; the lists are those of the sparse reference all the same.
    @Test(arguments: [ScoringWeights.brokerage, ScoringWeights(similarity: 0.3, complementarity: 0.4, keywords: 0.3)])
    func smallVocabularyDenseAndExact(weights: ScoringWeights) {
        let rows = Self.landscape(n: 240, terms: 60, seed: 11).map { row in
            (id: row.id, raw: row.raw.map { view in view.reduce(into: [UInt32: Double]()) { $0[$1.key % 56, default: 0] += $1.value } })
        }
        let c = Case(rows, dimension: 64)
        #expect(c.m.lexicalIsDense)
        let matcher = Matcher(matrix: c.m, weights: weights)
        let all = matcher.allTopMatches(k: 6, tileRows: 64)
        for i in 0..<c.m.count where !c.m.isEmptyProfile[i] {
            let reference = { (i: Int, j: Int) in Self.reference(c.raw[i], c.raw[j], weights) }
            Self.check(all[i], row: i, c, weights, k: 6, score: reference)
            let single = matcher.topMatches(forRow: i, k: 6)
            #expect(single.map(\.row) == all[i].map(\.row) || zip(single, all[i]).allSatisfy { abs($0.score - $1.score) < 1e-6 })
            Self.check(matcher.topMatches(for: c.m.vectors(row: i), k: 6, excluding: i), row: i, c, weights, k: 6, score: reference)
            let needsAlone = QuerySides(offers: false, needs: true)
            Self.check(matcher.topMatches(for: c.m.vectors(row: i), row: nil, k: 6, excluding: i, allow: nil, stated: needsAlone),
                       row: i, c, weights, k: 6) { Self.reference(c.raw[$0], c.raw[$1], weights, stated: needsAlone) }
        }
    }

    /// Identical participants tie; ties go by id whichever path ranks them.
    @Test func duplicatesTieByID() {
        let raw: Raw = [[1: 1, 2: 0.5], [3: 1], [4: 1], [1: 1]]
        let mirror: Raw = [[1: 1, 2: 0.5], [4: 1], [3: 1], [1: 1]]
        let c = Case([("c", raw), ("a", raw), ("b", raw), ("z", mirror), ("e", [[:], [3: 1], [4: 1], [:]])])
        let matcher = Matcher(matrix: c.m, weights: .brokerage)
        let z = c.m.row(of: "z")!
        let top = matcher.topMatches(forRow: z, k: 10)
        #expect(top.map { c.m.ids[$0.row] } == ["a", "b", "c"])  // the empty profile is nobody's partner
        #expect(Set(top.map(\.score)).count == 1)
        #expect(abs(Double(top[0].score) - Self.reference(mirror, raw, .brokerage)) < 1e-6)
        #expect(matcher.allTopMatches(k: 10)[z] == top)
        #expect(matcher.allTopMatches(k: 10)[c.m.row(of: "e")!].isEmpty)
    }

    /// A matrix restricted to some rows keeps the exact views (an event's registrations).
    @Test func restrictedMatrixKeepsTheTerms() {
        let c = Case(Self.landscape(n: 80, terms: 60, seed: 8))
        let rows = Array(stride(from: 0, to: c.m.count, by: 2))
        let sub = c.m.restricted(toRows: rows)
        #expect(sub.lexical != nil)
        for (x, r) in rows.enumerated() { #expect(sub.vectors(row: x).lexical == c.m.vectors(row: r).lexical) }
        let all = Matcher(matrix: sub, weights: .brokerage).allTopMatches(k: 4)
        for x in 0..<sub.count where !sub.isEmptyProfile[x] {
            for p in all[x] { #expect(abs(Double(p.score) - Self.reference(c.raw[rows[x]], c.raw[rows[p.row]], .brokerage)) < 1e-5) }
        }
    }
}
