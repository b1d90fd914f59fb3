/// The sentences of a row's reasons (`Reason.summary`), as UTF-8 bytes one after another:
/// what a match-all file writes of its reasons. Reused from row to row, so that explaining
/// a row allocates nothing once the buffers have grown (`Explainer.summaries`).
public struct ReasonSummaries {
    /// The sentences' bytes, one after another.
    public fileprivate(set) var bytes: [UInt8] = []
    /// Sentence k is `bytes[ends[k - 1]..<ends[k]]` (from 0 for the first).
    public fileprivate(set) var ends: [Int] = []
    /// Scratch of `Explainer.summaries`: the shared features of a view pair, and the reasons found.
    fileprivate var items: [(p: Int32, q: Int32, value: Double)] = []
    fileprivate var shown: [(x: Range<Int>, y: Range<Int>)] = []
    fileprivate var found: [Found] = []

    /// One reason found, before its sentence is written: its direction, the view pair
    /// (`offersNeeds`: the first's offers against the second's needs), the feature's
    /// position in each view, and its label's number.
    fileprivate struct Found {
        var direction: Reason.Direction
        var p: Int
        var q: Int
        var label: UInt32
    }

    public init() {}

    /// The number of sentences.
    public var count: Int { ends.count }
    public var isEmpty: Bool { ends.isEmpty }

    /// The bytes of sentence k.
    public func range(_ k: Int) -> Range<Int> { (k == 0 ? 0 : ends[k - 1])..<ends[k] }

    /// Forgets the sentences, keeping the buffers.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Adds a sentence made elsewhere (a reason by meaning's `summary`).
    public mutating func append(_ sentence: String) {
        bytes.append(contentsOf: sentence.utf8)
        close()
    }

    /// Ends the sentence being written.
    fileprivate mutating func close() {
        ends.append(bytes.count)
    }

    /// `Reason.equalIgnoringCase` of sentences j and k, on their bytes: the same walk over
    /// scalars (equal bytes are equal scalars; at the first scalars that differ, plain ones
    /// decide by their lowercase), falling back to the strings where that one does.
    func equalIgnoringCase(_ j: Int, _ k: Int) -> Bool {
        let r = range(j), s = range(k)
        return bytes.withUnsafeBufferPointer { b in
            var i = r.lowerBound, t = s.lowerBound
            while true {
                if i == r.upperBound || t == s.upperBound { return i == r.upperBound && t == s.upperBound }
                if b[i] == b[t] {
                    i += 1
                    t += 1
                    continue
                }
                // The two scalars that differ start at the same distance back (the bytes before are equal).
                while i > r.lowerBound && b[i] & 0xC0 == 0x80 {
                    i -= 1
                    t -= 1
                }
                let x = Self.scalar(b, i), y = Self.scalar(b, t)
                guard let lx = Reason.plainLowercase(x.value), let ly = Reason.plainLowercase(y.value) else { break }
                if lx != ly { return false }
                i += x.length
                t += y.length
            }
            return Reason.equalIgnoringCase(String(decoding: b[r], as: UTF8.self), String(decoding: b[s], as: UTF8.self))
        }
    }

    /// The scalar whose UTF-8 encoding starts at `i` (valid UTF-8), and its length in bytes.
    private static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (value: UInt32, length: Int) {
        let lead = UInt32(b[i])
        if lead < 0x80 { return (lead, 1) }
        let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = lead & (0xFF >> (length + 1))
        for n in 1..<length { value = value << 6 | UInt32(b[i + n] & 0x3F) }
        return (value, length)
    }

    /// Drops the sentence being written (from `start`).
    fileprivate mutating func drop(from start: Int) {
        bytes.removeSubrange(start...)
    }
}

extension Explainer {
    /// The summaries of `reasons(a, b, space:limit:)`, appended to `out` without making the
    /// reasons: the shared features are merged on vocabulary ids, and each sentence is
    /// written from the participants' phrases and the vocabulary's labels. When either
    /// side's terms are not numbered by `vocabulary`, the reasons are made and summarised.
    ///
    /// - Complexity: O(m log m) for a view pair sharing m features, plus the sentences' length.
    public static func summaries(_ a: ExplainableTerms, _ b: ExplainableTerms, vocabulary: ExplanationVocabulary,
                                 space: VectorSpace, limit: Int = 3, into out: inout ReasonSummaries) {
        func numbered(_ v: ExplainableTerms.View) -> Bool { v.byID && v.vocabulary === vocabulary.vocabulary && v.named.count == v.count }
        guard numbered(a.profile) && numbered(a.offers) && numbered(a.needs) && numbered(b.profile) && numbered(b.offers) && numbered(b.needs) else {
            for r in reasons(a, b, space: space, limit: limit) { out.append(r.summary) }
            return
        }
        out.found.removeAll(keepingCapacity: true)
        found(a.offers, b.needs, .youOffer, limit: limit, vocabulary: vocabulary, &out)
        found(b.offers, a.needs, .theyOffer, limit: limit, vocabulary: vocabulary, &out)
        // Shared competences, leaving out terms already named in a directional reason.
        let directional = out.found.count
        var named = 0
        for (n, f) in out.found.enumerated() where !out.found[..<n].contains(where: { $0.label == f.label }) { named += 1 }
        found(a.profile, b.profile, .shared, limit: limit + named, vocabulary: vocabulary, &out)
        var kept = directional
        for n in directional..<out.found.count where kept - directional < limit {
            let f = out.found[n]
            if out.found[..<directional].contains(where: { $0.label == f.label }) { continue }
            out.found[kept] = f
            kept += 1
        }
        out.found.removeSubrange(kept...)
        // A keyword and a taxonomy label can read the same: say it once.
        let first = out.count
        for f in out.found {
            let start = out.bytes.count
            write(f, a, b, vocabulary: vocabulary, &out)
            out.close()
            let k = out.count - 1
            if (first..<k).contains(where: { out.equalIgnoringCase($0, k) }) {
                out.ends.removeLast()
                out.drop(from: start)
            }
        }
    }

    /// `overlap`'s reasons of one view pair, on ids, appended to `out.found`.
    private static func found(_ x: ExplainableTerms.View, _ y: ExplainableTerms.View, _ direction: Reason.Direction, limit: Int,
                              vocabulary: ExplanationVocabulary, _ out: inout ReasonSummaries) {
        let nx = x.norm, ny = y.norm
        guard nx > 0, ny > 0 else { return }
        out.items.removeAll(keepingCapacity: true)
        x.ids.withUnsafeBufferPointer { xs in
            y.ids.withUnsafeBufferPointer { ys in
                var p = 0, q = 0
                while p < xs.count && q < ys.count {
                    let s = xs[p], t = ys[q]
                    if s == t {
                        out.items.append((Int32(p), Int32(q), x.weights[p] * y.weights[q] / (nx * ny)))
                        p += 1
                        q += 1
                    } else if s < t { p += 1 } else { q += 1 }
                }
            }
        }
        guard !out.items.isEmpty else { return }
        out.items.sort { i, j in i.value != j.value ? i.value > j.value : x.ids[Int(i.p)] < x.ids[Int(j.p)] }
        out.shown.removeAll(keepingCapacity: true)
        func meets(_ r: Range<Int>, _ s: Range<Int>, _ v: ExplainableTerms.View) -> Bool {
            r.contains { i in s.contains { v.phrases[$0] == v.phrases[i] } }
        }
        var given = 0
        for item in out.items {
            let p = Int(item.p), q = Int(item.q), id = Int(x.ids[p])
            if vocabulary.isCommon[id] { continue }  // more than half have it: it tells no one apart
            let sx = x.phraseRange(p), sy = y.phraseRange(q)
            // A word shared only through phrases already shown adds nothing for the reader.
            if vocabulary.isTerm[id] && out.shown.contains(where: { meets($0.x, sx, x) && meets($0.y, sy, y) }) { continue }
            out.shown.append((sx, sy))
            out.found.append(ReasonSummaries.Found(direction: direction, p: p, q: q, label: vocabulary.labelIDs[id]))
            given += 1
            if given == limit { break }
        }
    }

    /// Writes a found reason's `summary` (see `Reason.summary`).
    private static func write(_ f: ReasonSummaries.Found, _ a: ExplainableTerms, _ b: ExplainableTerms,
                              vocabulary: ExplanationVocabulary, _ out: inout ReasonSummaries) {
        // Whose phrases are "yours" (the asking participant a's) and "theirs" (b's), by view pair.
        let (mine, mp, theirs, tp): (ExplainableTerms.View, Int, ExplainableTerms.View, Int) = switch f.direction {
        case .youOffer: (a.offers, f.p, b.needs, f.q)
        case .theyOffer: (a.needs, f.q, b.offers, f.p)
        case .shared: (a.profile, f.p, b.profile, f.q)
        }
        let term = vocabulary.labels[Int(mine.ids[mp])]
        let yours = mine.phraseRange(mp), other = theirs.phraseRange(tp)
        // The same phrases on both sides (as sets).
        func within(_ r: Range<Int>, _ v: ExplainableTerms.View, _ t: ExplainableTerms, _ s: Range<Int>, _ w: ExplainableTerms.View, _ u: ExplainableTerms) -> Bool {
            r.allSatisfy { i in s.contains { t.phrases[Int(v.phrases[i])] == u.phrases[Int(w.phrases[$0])] } }
        }
        let same = within(yours, mine, a, other, theirs, b) && within(other, theirs, b, yours, mine, a)
        let suffixed = !(mine.named[mp] || theirs.named[tp])
        func text(_ s: String) { out.bytes.append(contentsOf: s.utf8) }
        func quoted(_ s: String) {
            out.bytes.append(0x22)
            text(s)
            out.bytes.append(0x22)
        }
        func list(_ r: Range<Int>, _ v: ExplainableTerms.View, _ t: ExplainableTerms) {
            guard !r.isEmpty else { return quoted(term) }
            quoted(t.phrases[Int(v.phrases[r.lowerBound])])
            if r.count > 1 {
                text(" and ")
                quoted(t.phrases[Int(v.phrases[r.lowerBound + 1])])
            }
        }
        func suffix() {
            guard suffixed else { return }
            text(" (")
            text(term)
            text(")")
        }
        switch f.direction {
        case .youOffer:
            text("you offer ")
            list(yours, mine, a)
            if same { text(", which they need") } else { text(", they need "); list(other, theirs, b) }
            suffix()
        case .theyOffer:
            text("they offer ")
            list(other, theirs, b)
            if same { text(", which you need") } else { text(", you need "); list(yours, mine, a) }
            suffix()
        case .shared:
            if same {
                text("both: ")
                list(yours, mine, a)
                suffix()
            } else {
                text("both work on ")
                text(term)
                text(": you ")
                list(yours, mine, a)
                text(", they ")
                list(other, theirs, b)
            }
        }
    }
}
