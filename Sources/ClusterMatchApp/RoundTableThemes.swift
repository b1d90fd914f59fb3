import EventPlanner
import Foundation
import MatchCore
import SentenceEmbedding

extension ClusterMatch {
    /// The round-table themes of an event and how well each participant fits each: from
    /// what the participants need (their needs' titles, texts, keywords; their description
    /// and keywords when they state no needs), read from the database.
    ///
    /// Participants are compared in the sentence model's space when it is installed
    /// (`CLUSTERMATCH_SEMANTIC=off` turns it off), else as TF-IDF term vectors. With
    /// `"themes": "auto"` the needs are clustered (spherical k-means, seeded
    /// farthest-first in id order, one cluster per table the seats can fill) and each cluster
    /// named from its strongest terms; a participant's fit to a theme is the cosine of
    /// their needs and the theme's centre, at least 0. Given themes are compared by their
    /// title and text, and when they name codes, fit is 0.7 × cosine + 0.3 × the share of
    /// the theme's codes the participant's needs or competences carry.
    ///
    /// A re-plan passes the previous themes: automatic themes found anew take the id of the
    /// previous theme that shares most of their terms (greedily, at least one term shared),
    /// so a kept table keeps its subject, not just its theme id.
    ///
    /// - Returns: nil when the event has no round tables.
    func roundTableThemes(for event: Event, previous: [RoundTableTheme] = []) throws -> RoundTableThemeFit? {
        guard let spec = event.roundTables else { return nil }
        var ids: [String] = [], texts: [String] = [], codes: [Set<String>] = []
        for p in event.participants.sorted(by: { $0.id < $1.id }) {
            guard let known = try store.participant(p.id) else { continue }
            var text = known.needs.map { [$0.title, $0.text, $0.keywords.joined(separator: ", ")].compactMap { $0 }.joined(separator: ". ") }
                .joined(separator: ". ")
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                text = [known.description, known.keywords.joined(separator: ", ")].compactMap { $0 }.joined(separator: ". ")
            }
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            ids.append(p.id)
            texts.append(text)
            codes.append(Set(known.needs.flatMap(\.codes) + known.competences.map(\.code)))
        }
        var given: [RoundTableTheme] = []
        if case .given(let list) = spec.themes { given = list }
        let themeTexts = given.map { [$0.title, $0.text ?? ""].joined(separator: ". ") }
        let lexical = TermVectors(texts + themeTexts)
        var space: [[Float]]
        if let encoder = EmbeddingModelLocation.load().encoder, !(texts + themeTexts).isEmpty {
            let flat = try embedTexts(texts + themeTexts, with: encoder).vectors
            let d = encoder.dimension
            space = (0..<(texts.count + themeTexts.count)).map { Array(flat[$0 * d..<($0 + 1) * d]) }
        } else {
            space = lexical.dense
        }
        let people = Array(space.prefix(texts.count))
        var fit: [String: [Double]] = [:]
        if !given.isEmpty {
            let centres = Array(space.suffix(themeTexts.count))
            for (i, id) in ids.enumerated() {
                fit[id] = given.enumerated().map { θ, theme in
                    let cosine = max(0, Double(Self.dot(people[i], centres[θ])))
                    guard !theme.codes.isEmpty else { return cosine }
                    let share = Double(theme.codes.filter(codes[i].contains).count) / Double(theme.codes.count)
                    return 0.7 * cosine + 0.3 * share
                }
            }
            let themes = given.enumerated().map { θ, t in
                var t = t
                t.terms = lexical.strongest(rows: [texts.count + θ], count: 5)
                return t
            }
            return RoundTableThemeFit(themes: themes, fit: fit)
        }
        // About one theme per table the participants can fill: tables in all sessions, at most
        // as many as the seats people take divided by a middling table size.
        let seats = people.count * max(spec.perParticipant, 1)
        let k = max(1, min(spec.tables.reduce(0, +), seats * 2 / max(spec.minSize + spec.maxSize, 1)))
        guard !people.isEmpty else { return RoundTableThemeFit(themes: [], fit: [:]) }
        let clusters = Self.sphericalKMeans(people, k: k)
        var themes: [RoundTableTheme] = []
        var centres: [[Float]] = []
        for members in clusters.members where !members.isEmpty {
            let terms = lexical.strongest(rows: members, count: 3)
            let title = terms.isEmpty ? "Theme \(themes.count + 1)" : terms.joined(separator: ", ").prefix(1).uppercased() + terms.joined(separator: ", ").dropFirst()
            themes.append(RoundTableTheme(id: "t\(themes.count + 1)", title: title, terms: lexical.strongest(rows: members, count: 5)))
            centres.append(Self.normalised(members.reduce(into: [Float](repeating: 0, count: people[0].count)) { sum, i in
                for j in sum.indices { sum[j] += people[i][j] }
            }))
        }
        for (i, id) in ids.enumerated() { fit[id] = centres.map { max(0, Double(Self.dot(people[i], $0))) } }
        return RoundTableThemeFit(themes: Self.carryingIDs(of: previous, to: themes), fit: fit)
    }

    /// New themes renamed to the previous themes they share most terms with (Jaccard, best
    /// pair first, ties by index); the others get ids no previous theme has.
    static func carryingIDs(of previous: [RoundTableTheme], to themes: [RoundTableTheme]) -> [RoundTableTheme] {
        guard !previous.isEmpty else { return themes }
        var pairs: [(overlap: Double, new: Int, old: Int)] = []
        for (i, t) in themes.enumerated() {
            for (j, o) in previous.enumerated() {
                let a = Set(t.terms), b = Set(o.terms)
                let shared = a.intersection(b).count
                if shared > 0 { pairs.append((Double(shared) / Double(a.union(b).count), i, j)) }
            }
        }
        pairs.sort { ($0.overlap, -$0.new, -$0.old) > ($1.overlap, -$1.new, -$1.old) }
        var out = themes
        var renamed = Set<Int>(), taken = Set<Int>()
        for p in pairs where !renamed.contains(p.new) && !taken.contains(p.old) {
            out[p.new].id = previous[p.old].id
            renamed.insert(p.new)
            taken.insert(p.old)
        }
        var used = Set(out.enumerated().filter { renamed.contains($0.offset) }.map(\.element.id)).union(previous.map(\.id))
        var next = 1
        for i in out.indices where !renamed.contains(i) {
            while used.contains("t\(next)") { next += 1 }
            out[i].id = "t\(next)"
            used.insert(out[i].id)
        }
        return out
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var s: Float = 0
        for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
        return s
    }

    static func normalised(_ v: [Float]) -> [Float] {
        let n = dot(v, v).squareRoot()
        return n > 0 ? v.map { $0 / n } : v
    }

    /// Clusters of unit vectors by cosine: seeds farthest-first from the first row, then
    /// assignment to the nearest centre and re-centring until nothing moves (at most 30
    /// rounds). Clusters largest first, ties by their first row.
    static func sphericalKMeans(_ rows: [[Float]], k: Int) -> (members: [[Int]], assignment: [Int]) {
        var centres = [rows[0]]
        var nearest = rows.map { dot($0, rows[0]) }
        while centres.count < min(k, rows.count) {
            var far = -1
            for i in rows.indices where far < 0 || nearest[i] < nearest[far] { far = i }
            centres.append(rows[far])
            for i in rows.indices { nearest[i] = max(nearest[i], dot(rows[i], rows[far])) }
        }
        var assignment = [Int](repeating: -1, count: rows.count)
        for _ in 0..<30 {
            var moved = false
            for i in rows.indices {
                var best = 0
                var bestSim = -Float.infinity
                for (c, centre) in centres.enumerated() {
                    let s = dot(rows[i], centre)
                    if s > bestSim { best = c; bestSim = s }
                }
                if assignment[i] != best { assignment[i] = best; moved = true }
            }
            if !moved { break }
            for c in centres.indices {
                var sum = [Float](repeating: 0, count: rows[0].count)
                var n = 0
                for i in rows.indices where assignment[i] == c { n += 1; for j in sum.indices { sum[j] += rows[i][j] } }
                if n > 0 { centres[c] = normalised(sum) }
            }
        }
        var members = [[Int]](repeating: [], count: centres.count)
        for (i, c) in assignment.enumerated() { members[c].append(i) }
        members.sort { ($0.count, -($0.first ?? 0)) > ($1.count, -($1.first ?? 0)) }
        return (members, assignment)
    }
}

/// TF-IDF term vectors of texts (`TextAnalyzer.terms`), for themes without the sentence
/// model and for naming themes by their strongest terms.
struct TermVectors {
    var vocabulary: [String]
    /// Per text: term index → weight, L2-normalised.
    var rows: [[Int: Float]]

    init(_ texts: [String]) {
        var index: [String: Int] = [:]
        var vocabulary: [String] = []
        var counts: [[Int: Float]] = []
        var documents: [Int: Int] = [:]
        for text in texts {
            var row: [Int: Float] = [:]
            for term in TextAnalyzer.terms(text) {
                let t = index[term] ?? { index[term] = vocabulary.count; vocabulary.append(term); return vocabulary.count - 1 }()
                row[t, default: 0] += 1
            }
            for t in row.keys { documents[t, default: 0] += 1 }
            counts.append(row)
        }
        let n = Float(max(texts.count, 1))
        rows = counts.map { row in
            var weighted: [Int: Float] = [:]
            for (t, c) in row { weighted[t] = (1 + logf(c)) * logf(1 + n / Float(documents[t]!)) }
            // Summed in term order: a dictionary's order differs from run to run, and so would
            // the float sum's last bits (and then the seating, which tells such fits apart).
            let norm = weighted.keys.sorted().reduce(Float(0)) { $0 + weighted[$1]! * weighted[$1]! }.squareRoot()
            return norm > 0 ? weighted.mapValues { $0 / norm } : weighted
        }
        self.vocabulary = vocabulary
    }

    /// Rows as dense vectors over the vocabulary.
    var dense: [[Float]] {
        rows.map { row in
            var v = [Float](repeating: 0, count: vocabulary.count)
            for (t, w) in row { v[t] = w }
            return v
        }
    }

    /// The terms with the highest summed weight over these rows, ties by term.
    func strongest(rows selected: [Int], count: Int) -> [String] {
        var sum: [Int: Float] = [:]
        for r in selected where r < rows.count { for (t, w) in rows[r] { sum[t, default: 0] += w } }
        return sum.sorted { ($0.value, vocabulary[$1.key]) > ($1.value, vocabulary[$0.key]) }.prefix(count).map { vocabulary[$0.key] }
    }
}
