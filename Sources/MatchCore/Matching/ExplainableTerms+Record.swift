/// A participant's `ExplainableTerms` as bytes, for a vector store's `explain` section
/// (docs/vector-store.md): what explaining needs, kept once per store build so that
/// `match-all` decodes it instead of analysing every participant's texts again.
///
/// A record, little-endian, 8-byte aligned, is a header of nine UInt32 (kept: 1, or 0 for a
/// participant whose features are not all in the vocabulary, which is then analysed again;
/// phrases m; features per view n₁ n₂ n₃ for profile, offers, needs; phrase numbers per view
/// p₁ p₂ p₃; phrase text bytes t) and four bytes of padding, then: the features' weights
/// before IDF (Float64 × N, N = n₁ + n₂ + n₃, views one after another, each ascending by
/// vocabulary id), their vocabulary ids (UInt32 × N), the end of each feature's phrase
/// numbers within its view (UInt32 × N), the phrase numbers (UInt32 × p₁ + p₂ + p₃), the end of
/// each phrase's text (UInt32 × m), whether each feature is named (UInt8 × N, see
/// `View.named`), the phrases' UTF-8 (t bytes), zeros to the next multiple of 8.
extension ExplainableTerms {
    static let recordHeader = 40

    /// The record of a participant whose terms are not kept (made from its texts when needed).
    public static var emptyRecord: [UInt8] { [UInt8](repeating: 0, count: recordHeader) }

    /// The record of a participant's features, numbered by `vocabulary`: equal to
    /// `ExplainableTerms(features, space: space, vocabulary: vocabulary)` once decoded.
    public static func record(_ features: ParticipantFeatures, space: VectorSpace, vocabulary: ExplanationVocabulary) -> [UInt8] {
        let terms = ExplainableTerms(features, space: space, vocabulary: vocabulary)
        let views = [terms.profile, terms.offers, terms.needs]
        guard views.allSatisfy({ $0.byID && $0.named.count == $0.count }) else { return emptyRecord }
        var out: [UInt8] = []
        func put(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        let text = terms.phrases.map { Array($0.utf8) }
        put(1)
        put(UInt32(terms.phrases.count))
        for v in views { put(UInt32(v.count)) }
        for v in views { put(UInt32(v.phrases.count)) }
        put(UInt32(text.reduce(0) { $0 + $1.count }))
        put(0)
        for v in views { for w in v.raw { withUnsafeBytes(of: w.bitPattern.littleEndian) { out += $0 } } }
        for v in views { for id in v.ids { put(id) } }
        for v in views { for end in v.phraseStart.dropFirst() { put(end) } }
        for v in views { for p in v.phrases { put(p) } }
        var end: UInt32 = 0
        for t in text {
            end += UInt32(t.count)
            put(end)
        }
        for v in views { for n in v.named { out.append(n ? 1 : 0) } }
        for t in text { out += t }
        while out.count % 8 != 0 { out.append(0) }
        return out
    }

    /// The bytes `record` made (at the start of `bytes`), decoded; nil when that
    /// participant's terms were not kept (then they are made from its texts).
    /// - Complexity: O(the record's length).
    public convenience init?(record bytes: UnsafeRawBufferPointer, vocabulary: ExplanationVocabulary) {
        func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        guard bytes.count >= Self.recordHeader, u32(0) == 1 else { return nil }
        let m = u32(4), n = [u32(8), u32(12), u32(16)], p = [u32(20), u32(24), u32(28)]
        let features = n[0] + n[1] + n[2], numbers = p[0] + p[1] + p[2]
        var at = Self.recordHeader
        let weightsAt = at
        at += features * 8
        let idsAt = at
        at += features * 4
        let endsAt = at
        at += features * 4
        let numbersAt = at
        at += numbers * 4
        let textEndsAt = at
        at += m * 4
        let namedAt = at
        at += features
        let textAt = at
        var phrases: [String] = []
        phrases.reserveCapacity(m)
        var start = 0
        for k in 0..<m {
            let end = u32(textEndsAt + 4 * k)
            phrases.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(textAt + start)..<(textAt + end)]), as: UTF8.self))
            start = end
        }
        var views: [View] = []
        var f = 0, q = 0  // the view's first feature and phrase number
        for v in 0..<3 {
            let range = f..<(f + n[v])
            let raw = range.map { Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: weightsAt + 8 * $0, as: UInt64.self))) }
            let ids = range.map { UInt32(u32(idsAt + 4 * $0)) }
            let phraseStart = [0] + range.map { UInt32(u32(endsAt + 4 * $0)) }
            let numbersOfView = (q..<(q + p[v])).map { UInt32(u32(numbersAt + 4 * $0)) }
            let named = range.map { bytes[namedAt + $0] != 0 }
            views.append(View(ids: ids, raw: raw, phraseStart: phraseStart, phrases: numbersOfView, named: named, vocabulary: vocabulary))
            f += n[v]
            q += p[v]
        }
        self.init(profile: views[0], offers: views[1], needs: views[2], phrases: phrases)
    }
}
