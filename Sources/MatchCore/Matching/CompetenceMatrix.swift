internal import CKernels
import Foundation

/// The dense vectors of every row, per view: contiguous, row-major, one dimension per view.
///
/// The one place that owns the matrix storage, so that another backing (a memory-mapped
/// vector store) can replace the arrays without touching the kernels that read them.
public struct VectorViews: Sendable {
    var storage: [VectorView: [Float]] = [:]
    /// Views whose values live in memory someone else keeps (a memory-mapped vector store).
    var mapped: [VectorView: MappedRows<Float>] = [:]
    /// Half-precision copies kept beside mapped views (a vector store holds them).
    var mappedHalves: [VectorView: MappedRows<UInt16>] = [:]
    /// Per view, one byte a row: whether the row's vector is not zero (a vector store holds them).
    var mappedPresence: [VectorView: MappedRows<UInt8>] = [:]
    private var dimensions: [VectorView: Int] = [:]
    /// Rows in every view.
    public internal(set) var count: Int

    /// Empty views for `count` rows.
    public init(count: Int) { self.count = count }

    /// Adds (or replaces) a view: `values` holds `count × dimension` floats, row-major.
    public mutating func set(_ view: VectorView, dimension: Int, values: [Float]) {
        precondition(values.count == count * dimension, "view \(view) has \(values.count) values for \(count) rows of \(dimension)")
        storage[view] = values
        // A mapped view of that name (and its stored copies) no longer holds these values.
        mapped[view] = nil
        mappedHalves[view] = nil
        mappedPresence[view] = nil
        dimensions[view] = dimension
    }

    /// Adds (or replaces) a view whose `count × dimension` floats stay in memory that
    /// `owner` keeps alive (and never changes) for as long as these views exist.
    public mutating func set(_ view: VectorView, dimension: Int, mapped values: UnsafeBufferPointer<Float>, owner: any AnyObject & Sendable) {
        precondition(values.count == count * dimension, "view \(view) has \(values.count) values for \(count) rows of \(dimension)")
        storage[view] = nil
        mapped[view] = MappedRows(values: values, owner: owner)
        dimensions[view] = dimension
    }

    /// Adds the half-precision copy of a view (`count × dimension` values, the conversion
    /// `CompetenceMatrix` would make) in memory `owner` keeps, so that single queries copy it
    /// instead of reading and converting the float32 rows.
    public mutating func setHalf(_ view: VectorView, mapped values: UnsafeBufferPointer<UInt16>, owner: any AnyObject & Sendable) {
        precondition(values.count == count * dimension(of: view), "half view \(view) has \(values.count) values")
        mappedHalves[view] = MappedRows(values: values, owner: owner)
    }

    /// Adds which rows of a view are not zero (`count` bytes, 1 or 0) in memory `owner`
    /// keeps, so that presence flags need not read every float32 row.
    public mutating func setPresence(_ view: VectorView, mapped values: UnsafeBufferPointer<UInt8>, owner: any AnyObject & Sendable) {
        precondition(values.count == count, "presence of \(view) has \(values.count) rows, not \(count)")
        mappedPresence[view] = MappedRows(values: values, owner: owner)
    }

    /// Calls `body` with the stored half-precision copy of a view, in place; nil when none was given.
    func withStoredHalf<R>(_ view: VectorView, _ body: (UnsafeBufferPointer<UInt16>) -> R) -> R? {
        guard let h = mappedHalves[view] else { return nil }
        return withExtendedLifetime(h.owner) { body(h.values) }
    }

    /// Whether each row of a view is not zero, as stored; nil when not given.
    func storedPresence(_ view: VectorView) -> [Bool]? {
        mappedPresence[view].map { p in withExtendedLifetime(p.owner) { p.values.map { $0 != 0 } } }
    }

    /// Drops a view's stored presence flags (its rows are being rewritten in place).
    mutating func forgetStoredPresence(_ view: VectorView) { mappedPresence[view] = nil }

    /// The views present, by name.
    public var names: [VectorView] { dimensions.keys.sorted() }

    public func contains(_ view: VectorView) -> Bool { dimensions[view] != nil }

    /// The dimension of a view (0 when absent).
    public func dimension(of view: VectorView) -> Int { dimensions[view] ?? 0 }

    /// Calls `body` with the view's values (`count × dimension`, row-major).
    public func withValues<R>(_ view: VectorView, _ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        if let m = mapped[view] { return try withExtendedLifetime(m.owner) { try body(m.values) } }
        guard let values = storage[view] else { preconditionFailure("no view \(view)") }
        return try values.withUnsafeBufferPointer(body)
    }

    /// One row of a view, copied.
    public func row(_ r: Int, of view: VectorView) -> [Float] {
        let d = dimension(of: view)
        guard contains(view) else { return [] }
        return withValues(view) { Array($0[r * d..<(r + 1) * d]) }
    }

    /// The same views for the given rows, in that order.
    public func selecting(rows: [Int]) -> VectorViews {
        var result = VectorViews(count: rows.count)
        for view in names {
            let d = dimensions[view]!
            var out: [Float] = []
            out.reserveCapacity(rows.count * d)
            withValues(view) { values in for r in rows { out += values[r * d..<(r + 1) * d] } }
            result.set(view, dimension: d, values: out)
        }
        return result
    }
}

/// The dense vectors of every matchable participant, rows sorted by id so that ties
/// between equal scores are broken by id simply by comparing row numbers.
public struct CompetenceMatrix: Sendable {
    public var ids: [String] { rowIDs.all }
    var rowIDs: RowIDs
    /// The dimension of the lexical views.
    public let dimension: Int
    /// Every view's vectors.
    public internal(set) var views: VectorViews
    /// The exact sparse lexical views, when every row has them: the lexical parts of scores
    /// are then computed on these, and the dense lexical views only pick candidates.
    public internal(set) var lexical: LexicalIndex?
    /// Whether the exact lexical views are laid out densely over the term ids (views
    /// `exactTerms`, of dimension `exactDimension`): when the vocabulary fits in the hashed
    /// dimension, the dense kernels compute the exact cosines at no more cost than the hashed ones.
    public var lexicalIsDense: Bool { exactDimension > 0 }
    let exactDimension: Int
    /// Rows whose competence (the profile view, and the embedding view when there is one)
    /// is all zero: they get no matches and appear in none.
    public internal(set) var isEmptyProfile: [Bool]
    /// Rows whose sides are as declared: a missing side means none is wanted (an EEN offer
    /// seeks no offers, a request offers nothing), so a pair with such a row can have only
    /// one direction of complementarity. Every other row counts as having both sides (a
    /// member who left needs empty may just not have filled them in).
    public internal(set) var declaresSides: [Bool]
    /// Whether any row declares its sides (kept so that a score plan need not scan them).
    public internal(set) var anyDeclaresSides = false
    /// Rows of ids that in-place changes (`apply`) moved: nil for a removed participant.
    var movedRows: [String: Int?] = [:]
    /// Half-precision copies of the views, made on first use: only single queries need them
    /// (all-pairs runs and the small cluster matrices never do).
    let halves = HalfPrecisionCopies()
    /// Which rows have anything in a view, made on first use.
    let presence = ViewPresence()

    /// Builds the matrix; rows are sorted by id whatever the input order. Views beyond the
    /// lexical four (`ParticipantVectors.extra`) become views of the matrix; rows without
    /// one get zeros there.
    /// - Parameter declaringSides: ids of rows whose sides are as declared (`declaresSides`).
    public init(dimension: Int, rows: [(id: String, vectors: ParticipantVectors)], declaringSides: Set<String> = []) {
        let sorted = rows.sorted { $0.id < $1.id }
        rowIDs = RowIDs(sorted.map(\.id))
        self.dimension = dimension
        var profile: [Float] = [], offers: [Float] = [], needs: [Float] = [], keywords: [Float] = []
        profile.reserveCapacity(sorted.count * dimension)
        offers.reserveCapacity(sorted.count * dimension)
        needs.reserveCapacity(sorted.count * dimension)
        keywords.reserveCapacity(sorted.count * dimension)
        var extraDimensions: [VectorView: Int] = [:]
        for row in sorted {
            let v = row.vectors
            precondition(v.profile.count == dimension && v.offers.count == dimension && v.needs.count == dimension
                         && v.keywords.count == dimension, "vector of the wrong dimension for \(row.id)")
            profile += v.profile
            offers += v.offers
            needs += v.needs
            keywords += v.keywords
            for (view, x) in v.extra {
                precondition(extraDimensions[view].map { $0 == x.count } ?? true, "vector of the wrong dimension for \(row.id) (\(view))")
                extraDimensions[view] = x.count
            }
        }
        var views = VectorViews(count: sorted.count)
        views.set(.profile, dimension: dimension, values: profile)
        views.set(.offers, dimension: dimension, values: offers)
        views.set(.needs, dimension: dimension, values: needs)
        views.set(.keywords, dimension: dimension, values: keywords)
        for (view, d) in extraDimensions {
            var values: [Float] = []
            values.reserveCapacity(sorted.count * d)
            for row in sorted {
                if let x = row.vectors.extra[view] { values += x } else { values += repeatElement(0, count: d) }
            }
            views.set(view, dimension: d, values: values)
        }
        let terms = sorted.compactMap(\.vectors.lexical)
        (lexical, exactDimension) = Self.exactLexical(&views, terms: terms.count == sorted.count ? terms : nil, dimension: dimension)
        self.views = views
        isEmptyProfile = sorted.map { !$0.vectors.hasCompetence }
        declaresSides = sorted.map { declaringSides.contains($0.id) }
        anyDeclaresSides = declaresSides.contains(true)
    }

    /// A matrix over views made elsewhere (a vector store): `ids` sorted, aligned with the
    /// views' rows and with `terms`, the rows' exact lexical views (the lexical index and
    /// dense exact views are made from them as `init(dimension:rows:declaringSides:)` makes
    /// them). Without term lists its lexical scores are the hashed ones.
    package init(ids: [String], dimension: Int, views: VectorViews, terms: [LexicalTerms]?, isEmptyProfile: [Bool], declaresSides: [Bool]) {
        precondition(terms.map { $0.count == ids.count } ?? true, "term lists for \(terms?.count ?? 0) of \(ids.count) rows")
        var views = views
        let (lexical, exactDimension) = Self.exactLexical(&views, terms: terms, dimension: dimension)
        self.init(ids: RowIDs(ids), dimension: dimension, views: views, lexical: lexical, exactDimension: exactDimension,
                  isEmptyProfile: isEmptyProfile, declaresSides: declaresSides)
    }

    /// A matrix read in place from a vector store: ids sorted in `String` order, views (with
    /// their half-precision copies and presence), and the lexical index of the rows' exact
    /// terms (`LexicalIndex.init(count:termCount:views:owner:)`), all aligned. Nothing is
    /// made per row beyond the two flag arrays.
    package init(ids: MappedStrings, dimension: Int, views: VectorViews, lexical: LexicalIndex?, isEmptyProfile: [Bool], declaresSides: [Bool]) {
        precondition(lexical.map { $0.count == ids.count } ?? true, "a lexical index for \(lexical?.count ?? 0) of \(ids.count) rows")
        var views = views
        var exactDimension = 0
        if let lexical, lexical.termCount <= dimension {
            // A small vocabulary: the dense exact views, as the other initialisers make them,
            // unless the store holds them (mapped under their `exactTerms` names).
            let d = Self.exactDimension(termCount: lexical.termCount)
            if VectorView.lexical.allSatisfy({ views.dimension(of: $0.exactTerms) == d }) {
                exactDimension = d
            } else {
                exactDimension = Self.addExactTerms(&views, terms: (0..<ids.count).map { lexical.terms(row: $0) }, lexical: lexical, dimension: dimension)
            }
        }
        self.init(ids: RowIDs(sorted: ids), dimension: dimension, views: views, lexical: lexical, exactDimension: exactDimension,
                  isEmptyProfile: isEmptyProfile, declaresSides: declaresSides)
    }

    private init(ids: RowIDs, dimension: Int, views: VectorViews, lexical: LexicalIndex?, exactDimension: Int,
                 isEmptyProfile: [Bool], declaresSides: [Bool]) {
        self.rowIDs = ids
        self.dimension = dimension
        self.views = views
        self.lexical = lexical
        self.exactDimension = exactDimension
        self.isEmptyProfile = isEmptyProfile
        self.declaresSides = declaresSides
        anyDeclaresSides = declaresSides.contains(true)
    }

    /// The same matrix over some of its rows (ascending, so still sorted by id).
    public func restricted(toRows rows: [Int]) -> CompetenceMatrix {
        CompetenceMatrix(ids: RowIDs(rows.map { rowIDs[$0] }), dimension: dimension, views: views.selecting(rows: rows),
                         lexical: lexical.flatMap { index in rows.isEmpty ? nil : LexicalIndex(rows: rows.map { index.terms(row: $0) }) },
                         exactDimension: rows.isEmpty ? 0 : exactDimension, isEmptyProfile: rows.map { isEmptyProfile[$0] }, declaresSides: rows.map { declaresSides[$0] })
    }

    /// The half-precision copy of a view, for the single-query prefilter (which is bound by
    /// memory reads); exact scores always come from the float32 rows.
    func withHalf<R>(_ view: VectorView, _ body: (UnsafeBufferPointer<UInt16>) -> R) -> R {
        // A vector store's copy is read in place; otherwise one is made once and kept.
        if let r = views.withStoredHalf(view, body) { return r }
        return halves.copy(view) { views.withValues(view) { Self.half($0) } }.withUnsafeBufferPointer(body)
    }

    /// Which rows have a side (a view such as offers or needs) for complementarity: a row
    /// that `declaresSides` has it when its vector is not zero, every other row has it. One
    /// byte a row, and the same as bits (16 rows a word, padded); stable for the matrix's lifetime.
    func side(_ view: VectorView) -> (rows: UnsafePointer<UInt8>, mask: UnsafePointer<UInt16>) {
        presence.flags(view) {
            let d = views.dimension(of: view), n = count
            if let present = views.storedPresence(view) { return (0..<n).map { !declaresSides[$0] || present[$0] } }
            return views.withValues(view) { v in
                (0..<n).map { r in !declaresSides[r] || (0..<d).contains { v[r * d + $0] != 0 } }
            }
        }
    }

    static func half(_ v: UnsafeBufferPointer<Float>) -> [UInt16] {
        var out = [UInt16](repeating: 0, count: v.count)
        if v.count > 0 { out.withUnsafeMutableBufferPointer { cm_to_half(v.baseAddress!, $0.baseAddress!, v.count) } }
        return out
    }

    public var count: Int { rowIDs.count }

    /// The id of a row (read in place from a vector store: no array of every id is made).
    public func id(row r: Int) -> String { rowIDs[r] }

    /// The lexical index of every row's terms (nil when not every row has them, or there
    /// are no rows), with the `exactTerms` views added when the vocabulary fits in
    /// `dimension`: their dimension, 0 when none (lexical products stay sparse).
    private static func exactLexical(_ views: inout VectorViews, terms: [LexicalTerms]?, dimension: Int) -> (LexicalIndex?, Int) {
        guard let terms, !terms.isEmpty else { return (nil, 0) }
        let lexical = LexicalIndex(rows: terms)
        return (lexical, addExactTerms(&views, terms: terms, lexical: lexical, dimension: dimension))
    }

    /// Adds the `exactTerms` views when the vocabulary fits in `dimension`; returns their
    /// dimension (0: none).
    static func addExactTerms(_ views: inout VectorViews, terms: [LexicalTerms], lexical: LexicalIndex, dimension: Int) -> Int {
        guard lexical.termCount <= dimension else { return 0 }
        let d = exactDimension(termCount: lexical.termCount)
        for view in VectorView.lexical {
            var values: [Float] = []
            values.reserveCapacity(terms.count * d)
            for t in terms { values += t[view]!.dense(dimension: d) }
            views.set(view.exactTerms, dimension: d, values: values)
        }
        return d
    }

    /// The dimension of the dense exact views (`exactTerms`) over `termCount` term ids (when
    /// it is at most the hashed dimension): a multiple of 16, at least 16.
    package static func exactDimension(termCount: Int) -> Int { max(16, (termCount + 15) / 16 * 16) }

    /// A query's vector of a view as this matrix's products read it: an `exactTerms` view
    /// from the query's terms, any other as the query has it (zeros when it has none).
    func queryVector(_ q: ParticipantVectors, _ view: VectorView) -> [Float] {
        let d = views.dimension(of: view)
        if view.isExactTerms, let terms = q.lexical {
            let lexical = VectorView(String(view.rawValue.dropLast("#terms".count)))
            return terms[lexical]!.dense(dimension: d)
        }
        if let v = q[view], v.count == d { return v }
        return [Float](repeating: 0, count: d)
    }

    public func row(of id: String) -> Int? {
        if let moved = movedRows[id] { return moved }
        return rowIDs.row(of: id)
    }

    /// Every view's vector of one row.
    public func vectors(row: Int) -> ParticipantVectors {
        var v = ParticipantVectors(profile: views.row(row, of: .profile), offers: views.row(row, of: .offers),
                                   needs: views.row(row, of: .needs), keywords: views.row(row, of: .keywords))
        for view in views.names where !VectorView.lexical.contains(view) && !view.isExactTerms { v.extra[view] = views.row(row, of: view) }
        v.lexical = lexical?.terms(row: row)
        return v
    }
}

/// Half-precision copies made once, on first use, shared by copies of the matrix (whose
/// vectors never change after it is made).
final class HalfPrecisionCopies: @unchecked Sendable {
    let lock = NSLock()
    var copies: [VectorView: [UInt16]] = [:]

    func copy(_ view: VectorView, make: () -> [UInt16]) -> [UInt16] {
        lock.lock()
        defer { lock.unlock() }
        if let made = copies[view] { return made }
        let made = make()
        copies[view] = made
        return made
    }
}

/// Per-view presence flags made once, on first use, in memory that stays where it is (C
/// kernels hold pointers to it while they run).
final class ViewPresence: @unchecked Sendable {
    let lock = NSLock()
    var made: [VectorView: (rows: UnsafeMutablePointer<UInt8>, mask: UnsafeMutablePointer<UInt16>)] = [:]

    func flags(_ view: VectorView, make: () -> [Bool]) -> (rows: UnsafePointer<UInt8>, mask: UnsafePointer<UInt16>) {
        lock.lock()
        defer { lock.unlock() }
        if let f = made[view] { return (UnsafePointer(f.rows), UnsafePointer(f.mask)) }
        let present = make()
        let rows = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, present.count))
        let words = (present.count + 15) / 16 + 1
        let mask = UnsafeMutablePointer<UInt16>.allocate(capacity: words)
        mask.initialize(repeating: 0, count: words)
        for (r, p) in present.enumerated() {
            rows[r] = p ? 1 : 0
            if p { mask[r / 16] |= UInt16(1) << UInt16(r % 16) }
        }
        made[view] = (rows, mask)
        return (UnsafePointer(rows), UnsafePointer(mask))
    }

    deinit { for f in made.values { f.rows.deallocate(); f.mask.deallocate() } }
}

extension ParticipantVectors {
    /// One view's vector (nil when the participant has none).
    public subscript(view: VectorView) -> [Float]? {
        switch view {
        case .profile: return profile
        case .offers: return offers
        case .needs: return needs
        case .keywords: return keywords
        default: return extra[view]
        }
    }

    /// Whether there is anything to match on: a profile, or a vector of the participant's own.
    public var hasCompetence: Bool {
        profile.contains { $0 != 0 } || (extra[.embedding]?.contains { $0 != 0 } ?? false)
    }
}
