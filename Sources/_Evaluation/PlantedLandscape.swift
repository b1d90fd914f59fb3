import MatchCore

/// A generated landscape with planted partners, for measuring match quality.
///
/// Each planted pair (A, B) is reciprocal: A offers topic t that B needs, and B offers
/// topic u that A needs. The two sides describe the same topic differently, as real
/// people do: the need is worded with a synonym that shares one word with the offer, or
/// with no word in common but the topic's taxonomy code on both sides (the needing side
/// often names a sibling code instead, so only the parent links them), and codes go
/// missing. On top come unrelated keywords, and the distractors keyword search falls for:
/// competitors that offer the very same topic in the very same words (but need nothing
/// the other offers), and others that share words but not needs.
public struct PlantedLandscape: Sendable {
    public var taxonomy: Taxonomy
    public var participants: [Participant]
    /// Planted partner ids for each participant that has one.
    public var planted: [String: String]

    public struct Settings: Sendable {
        public var pairs = 300
        public var distractors = 1200
        public var sectors = 12
        /// Topics per sector; by default enough that each topic is planted about once, so
        /// that the planted partner is the right answer, not one of many equal ones.
        public var topicsPerSector: Int?
        public var codeProbability = 0.6
        public var noiseKeywords = 3
        public var seed: UInt64 = 2026

        public init() {}
    }

    public init(_ s: Settings = Settings()) {
        var rng = SplitMix64(seed: s.seed)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) / Double(1 << 53) < p }
        // Pseudo-words, so that no real-language accident links two topics.
        let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "xe", "zu", "pa", "di", "go", "fe", "si", "ba", "ho"]
        var used: Set<String> = []
        func word() -> String {
            while true {
                let w = (0..<3).map { _ in pick(syllables) }.joined()
                if used.insert(w).inserted { return w }
            }
        }
        let generic = ["innovation", "solutions", "digital", "sustainable", "systems", "services", "technology", "partner"]

        var terms: [TaxonomyTerm] = []
        struct Topic { var code: String; var sibling: String; var words: [String]; var sector: Int }
        var topics: [Topic] = []
        for sector in 0..<s.sectors {
            let top = String(format: "%02d", sector + 1)
            terms.append(TaxonomyTerm(namespace: "q", code: top, label: "Sector \(sector + 1)", level: 1, parent: nil))
            let perSector = s.topicsPerSector ?? max(5, (s.pairs + s.sectors - 1) / s.sectors)
            let groups = (perSector + 4) / 5
            for g in 0..<groups {
                let group = top + String(format: "%03d", g + 1)
                terms.append(TaxonomyTerm(namespace: "q", code: group, label: "Group \(group)", level: 2, parent: top))
                for t in 0..<5 where g * 5 + t < perSector {
                    let code = group + String(format: "%03d", t + 1)
                    terms.append(TaxonomyTerm(namespace: "q", code: code, label: "Topic \(code)", level: 3, parent: group))
                    topics.append(Topic(code: "q:" + code, sibling: "q:" + group + String(format: "%03d", (t + 1) % 5 + 1),
                                        words: (0..<5).map { _ in word() }, sector: sector))
                }
            }
        }
        // Siblings must exist: the last group may be short.
        let known = Set(terms.map(\.qualifiedCode))
        for i in topics.indices where !known.contains(topics[i].sibling) { topics[i].sibling = topics[i].code }
        taxonomy = Taxonomy(terms: terms)

        /// How the offering side says it: two of the topic's words.
        func offerPhrase(_ t: Topic) -> String { "\(t.words[0]) \(t.words[1])" }
        /// How the needing side says it: a synonym sharing one word, or none at all.
        func needPhrase(_ t: Topic, sharing: Bool) -> String { sharing ? "\(t.words[1]) for \(t.words[2])" : "\(t.words[3]) \(t.words[4])" }
        func noise(_ n: Int) -> [String] { (0..<n).map { _ in chance(0.5) ? pick(generic) : pick(topics).words[Int(rng.next() % 5)] } }

        var people: [Participant] = []
        var planted: [String: String] = [:]
        /// An offer (codes kept with the settings' probability) and the matching need,
        /// linked by one shared word, or else by the code (possibly a sibling of it).
        func pair(_ t: Topic) -> (offer: Statement, need: Statement) {
            let sharing = chance(0.5)
            let offerCodes = !sharing || chance(s.codeProbability) ? [t.code] : []
            let needCodes = !sharing ? [chance(0.5) ? t.sibling : t.code] : (chance(s.codeProbability) ? [t.code] : [])
            return (Statement(codes: offerCodes, keywords: [offerPhrase(t)] + noise(1)),
                    Statement(codes: needCodes, keywords: [needPhrase(t, sharing: sharing)] + noise(1)))
        }
        for p in 0..<s.pairs {
            let t = pick(topics)
            // The partner's offer comes from the same sector often, but not always.
            let u = chance(0.6) ? pick(topics.filter { $0.sector == t.sector }) : pick(topics)
            let a = String(format: "a%05d", p), b = String(format: "b%05d", p)
            let (aOffers, bNeeds) = pair(t), (bOffers, aNeeds) = pair(u)
            people.append(Participant(id: a, kind: .company, name: a, country: "DK",
                competences: [Competence(code: chance(s.codeProbability) ? t.code : t.sibling)],
                keywords: [offerPhrase(t)] + noise(s.noiseKeywords), offers: [aOffers], needs: [aNeeds]))
            people.append(Participant(id: b, kind: .company, name: b, country: "SE",
                competences: [Competence(code: chance(s.codeProbability) ? u.code : u.sibling)],
                keywords: [offerPhrase(u)] + noise(s.noiseKeywords), offers: [bOffers], needs: [bNeeds]))
            planted[a] = b
            planted[b] = a
            // A competitor of A: same topic, same words, needs something else entirely.
            let w = pick(topics)
            people.append(Participant(id: String(format: "c%05d", p), kind: .company, name: "c\(p)", country: "FI",
                competences: [Competence(code: t.code)], keywords: [offerPhrase(t), t.words[2]] + noise(s.noiseKeywords),
                offers: [Statement(codes: [t.code], keywords: [offerPhrase(t)])],
                needs: [Statement(codes: [w.code], keywords: [offerPhrase(w)])]))
        }
        // Distractors: same words as some participant's profile, unrelated offers and needs.
        for i in 0..<s.distractors {
            let t = pick(topics), v = pick(topics), w = pick(topics)
            people.append(Participant(id: String(format: "d%05d", i), kind: .company, name: "d\(i)", country: "NO",
                competences: [Competence(code: t.code)],
                keywords: [offerPhrase(t), needPhrase(t, sharing: true)] + noise(s.noiseKeywords),
                offers: [Statement(codes: [v.code], keywords: [offerPhrase(v)])],
                needs: [Statement(codes: [w.code], keywords: [needPhrase(w, sharing: chance(0.5))])]))
        }
        participants = people
        self.planted = planted
    }

    /// Recall@k of planted partners for a ranking function (participant index → ranked ids).
    public func recall(at k: Int, _ ranked: (Int) -> [String]) -> Double {
        var hits = 0, total = 0
        for (i, p) in participants.enumerated() {
            guard let partner = planted[p.id] else { continue }
            total += 1
            if ranked(i).prefix(k).contains(partner) { hits += 1 }
        }
        return total == 0 ? 0 : Double(hits) / Double(total)
    }

    /// The keyword-search baseline: Jaccard overlap of the words of all keywords.
    public func jaccardRanking(k: Int) -> (Int) -> [String] {
        let sets = participants.map { p in
            Set((p.keywords + p.offers.flatMap(\.keywords) + p.needs.flatMap(\.keywords)).flatMap { TextAnalyzer.terms($0) })
        }
        return { i in
            var scored: [(String, Double)] = []
            for (j, other) in sets.enumerated() where j != i {
                let inter = sets[i].intersection(other).count
                guard inter > 0 else { continue }
                scored.append((self.participants[j].id, Double(inter) / Double(sets[i].union(other).count)))
            }
            scored.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            return scored.prefix(k).map(\.0)
        }
    }

    /// ClusterMatch's ranking under the given weights.
    public func engineRanking(k: Int, weights: ScoringWeights = .brokerage, dimension: Int = 256) -> (Int) -> [String] {
        let index = VectorIndex.build(participants: participants, taxonomy: taxonomy, configuration: VectorSpaceConfiguration(dimension: dimension))
        let matrix = CompetenceMatrix(dimension: dimension, rows: zip(participants.map(\.id), index.vectors).map { ($0, $1) })
        let lists = Matcher(matrix: matrix, weights: weights).allTopMatches(k: k)
        return { i in
            guard let row = matrix.row(of: self.participants[i].id) else { return [] }
            return lists[row].map { matrix.ids[$0.row] }
        }
    }
}
