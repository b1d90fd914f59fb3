import Testing
@testable import MatchCore

/// All-pairs over sparse views that leaves out weak terms (`cm_sparse_top` with term
/// bounds) must give exactly the lists of gathering every term: the same partners, the same
/// floats, in the same order. The landscape is built so that pruning matters: words that
/// every profile has, words of a sector, and rare codes that decide the best partners.
@Suite("Sparse all-pairs leaving out weak terms")
struct PrunedAllPairsTests {
    typealias Raw = SparseLexicalTests.Raw

    /// Sectors of participants: four common words in everyone's views, a sector's words in
    /// most of its members', and a few rare codes shared by small groups. Some participants
    /// only offer or only need (declared sides), some have empty profiles.
    /// With `rareCodes` 0 and a wider sector vocabulary, shared sector words decide the best
    /// partners: terms of middling strength, whose postings must admit partners.
    static func sectors(n: Int, seed: UInt64, rareCodes: Int = 2, sectorWords: UInt32 = 20) -> (rows: [(id: String, raw: Raw)], declaring: Set<String>) {
        var rng = SeededRandom(seed: seed)
        var rows: [(id: String, raw: Raw)] = []
        var declaring: Set<String> = []
        for i in 0..<n {
            let sector = UInt32(i % 6)
            var views: Raw = [[:], [:], [:], [:]]
            for v in 0..<4 {
                for w in 0..<4 { views[v][UInt32(w)] = Double.random(in: 0.2...1, using: &rng) }         // everyone's words
                for _ in 0..<5 { views[v][10 + sector * sectorWords + UInt32.random(in: 0..<sectorWords, using: &rng)] = Double.random(in: 0.5...2, using: &rng) }
                for _ in 0..<rareCodes { views[v][1000 + UInt32.random(in: 0..<UInt32(n / 3), using: &rng)] = Double.random(in: 1...3, using: &rng) }
            }
            let id = String(format: "p%04d", i)
            if i % 5 == 1 { views[2] = [:]; declaring.insert(id) }          // offers only
            if i % 5 == 2 { views[1] = [:]; declaring.insert(id) }          // needs only
            if i % 5 == 3 { declaring.insert(id) }                          // both, declared
            if i % 23 == 7 { views = [[:], views[1], views[2], [:]] }       // empty profile
            rows.append((id, views))
        }
        // Near duplicates: ties within float rounding, decided by id.
        for c in 0..<5 { rows.append((String(format: "d%04d", c), rows[c * 7 + 3].raw)) }
        return (rows, declaring)
    }

    static func matrix(_ rows: [(id: String, raw: Raw)], declaring: Set<String>) -> (m: CompetenceMatrix, raw: [Raw]) {
        let m = CompetenceMatrix(dimension: SparseLexicalTests.dimension,
                                 rows: rows.map { ($0.id, SparseLexicalTests.vectors($0.raw)) }, declaringSides: declaring)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.raw) })
        return (m, m.ids.map { byID[$0]! })
    }

    @Test(arguments: [(ScoringWeights.brokerage, 10, UInt64(1), 2), (ScoringWeights.peers, 5, UInt64(2), 2),
                      (ScoringWeights(similarity: 0.3, complementarity: 0.4, keywords: 0.3), 20, UInt64(3), 2),
                      (ScoringWeights.brokerage, 10, UInt64(4), 0), (ScoringWeights.peers, 3, UInt64(5), 0)])
    func sameListsAsGatheringEveryTerm(weights: ScoringWeights, k: Int, seed: UInt64, rareCodes: Int) {
        let (rows, declaring) = Self.sectors(n: 900, seed: seed, rareCodes: rareCodes, sectorWords: rareCodes == 0 ? 60 : 20)
        let (m, raw) = Self.matrix(rows, declaring: declaring)
        #expect(m.lexical != nil && !m.lexicalIsDense && m.anyDeclaresSides)
        var matcher = Matcher(matrix: m, weights: weights)
        matcher.prunesWeakTerms = true
        let pruned = matcher.allTopMatches(k: k)
        // A short first pass: the later terms' postings must admit the partners they meet;
        // and partners gathered in blocks of 100.
        matcher.strongTermPostings = 64
        let shortFirst = matcher.allTopMatches(k: k)
        matcher.gatheringBlock = 100
        let blocked = matcher.allTopMatches(k: k)
        matcher.prunesWeakTerms = false
        let every = matcher.allTopMatches(k: k)
        let differing = (0..<m.count).filter { pruned[$0] != every[$0] }
        #expect(differing.isEmpty, "\(differing.count) lists differ, first at row \(differing.first ?? -1)")
        let differingShort = (0..<m.count).filter { shortFirst[$0] != every[$0] }
        #expect(differingShort.isEmpty, "short first pass: \(differingShort.count) lists differ, first at row \(differingShort.first ?? -1)")
        let differingBlocked = (0..<m.count).filter { blocked[$0] != every[$0] }
        #expect(differingBlocked.isEmpty, "in blocks: \(differingBlocked.count) lists differ, first at row \(differingBlocked.first ?? -1)")
        // And both against the Float64 reference on a sample of rows (sides as declared).
        for i in stride(from: 0, to: m.count, by: 17) where !m.isEmptyProfile[i] {
            let reference = { (i: Int, j: Int) in Self.reference(raw[i], raw[j], weights, m: m, i, j) }
            var all: [(row: Int, score: Double)] = []
            for j in 0..<m.count where j != i && !m.isEmptyProfile[j] { all.append((j, reference(i, j))) }
            all.sort { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
            let cut = all[k - 1].score
            #expect(pruned[i].count == k)
            for (g, r) in zip(pruned[i], all.prefix(k)) {
                #expect(abs(Double(g.score) - r.score) < 1e-5, "row \(i): \(g.row) \(g.score), reference \(r.row) \(r.score)")
                #expect(g.row == r.row || abs(r.score - cut) < 1e-5 || abs(Double(g.score) - r.score) < 1e-6)
            }
        }
    }

    /// A minimum score and a pair term with a support (partners lifted by history): what the
    /// bounds must leave room for, and what is scored besides the gathered partners.
    @Test func minimumScoreAndPairTerms() {
        let (rows, declaring) = Self.sectors(n: 700, seed: 9)
        let (m, _) = Self.matrix(rows, declaring: declaring)
        let n = m.count
        let lifted: @Sendable (Int, Int) -> Float = { i, j in (i * 3 + j * 3) % 13 == 0 && i != j ? 1 : 0 }
        let support: @Sendable (Int) -> [Int] = { i in (0..<n).filter { lifted(i, $0) != 0 } }
        let weights = ScoringWeights.brokerage.adding(ScoreComponent(.network, weight: 0.3, .pairTerm))
            .adding(ScoreComponent(.targetedCountries, weight: 0.05, .pairTerm))
        var matcher = Matcher(matrix: m, weights: weights, minimumScore: 0.05)
        matcher.pairTerms = [PairTerm(name: .network, range: 0...1, support: support, value: lifted),
                             PairTerm(name: .targetedCountries, range: 0...1, value: { i, j in (i + j) % 4 == 0 ? 1 : 0 })]
        matcher.prunesWeakTerms = true
        let pruned = matcher.allTopMatches(k: 8)
        matcher.strongTermPostings = 64
        matcher.gatheringBlock = 77
        let shortFirst = matcher.allTopMatches(k: 8)
        matcher.prunesWeakTerms = false
        let every = matcher.allTopMatches(k: 8)
        #expect((0..<n).filter { pruned[$0] != every[$0] }.isEmpty)
        #expect((0..<n).filter { shortFirst[$0] != every[$0] }.isEmpty)
        #expect(pruned.joined().allSatisfy { $0.score >= 0.05 })
        #expect(pruned.enumerated().contains { i, list in list.contains { lifted(i, $0.row) != 0 } })
    }

    /// The Float64 score of (i → j) with declared sides: a direction exists only where one
    /// side offers and the other needs.
    static func reference(_ a: Raw, _ b: Raw, _ w: ScoringWeights, m: CompetenceMatrix, _ i: Int, _ j: Int) -> Double {
        func has(_ r: Raw, _ v: Int, _ row: Int) -> Bool { !m.declaresSides[row] || !r[v].isEmpty }
        let forward = has(a, 1, i) && has(b, 2, j), backward = has(a, 2, i) && has(b, 1, j)
        let f = max(SparseLexicalTests.cosine(a[1], b[2]), 0), g = max(SparseLexicalTests.cosine(a[2], b[1]), 0)
        let h = forward && backward ? (f + g > 0 ? 2 * f * g / (f + g) : 0) : forward ? f : backward ? g : 0
        return Double(w.similarity) * SparseLexicalTests.cosine(a[0], b[0]) + Double(w.complementarity) * h
            + Double(w.keywords) * SparseLexicalTests.cosine(a[3], b[3])
    }
}
