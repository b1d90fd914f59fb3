import Foundation
internal import CKernels

/// A sparse unit vector: term ids ascending with their weights (L2 norm 1, or no terms).
public struct SparseVector: Sendable, Hashable {
    public private(set) var terms: [UInt32]
    public private(set) var weights: [Float]

    /// No terms.
    public init() { terms = []; weights = [] }

    /// Terms already ascending, weights as given.
    public init(terms: [UInt32], weights: [Float]) {
        precondition(terms.count == weights.count, "a sparse vector needs one weight per term")
        self.terms = terms
        self.weights = weights
    }

    /// The unit vector of weighted terms (any order, each term once): sorted by term,
    /// normalised in Double, then rounded to Float, as the dense projection does.
    public static func unit(_ entries: [(term: UInt32, weight: Double)]) -> SparseVector {
        let sorted = entries.filter { $0.weight != 0 }.sorted { $0.term < $1.term }
        let norm = sorted.reduce(0.0) { $0 + $1.weight * $1.weight }.squareRoot()
        guard norm > 0 else { return SparseVector() }
        return SparseVector(terms: sorted.map(\.term), weights: sorted.map { Float($0.weight / norm) })
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// The same vector laid out densely over term ids `0..<dimension` (ids beyond it, terms
    /// nobody else has, add nothing to a product and are left out).
    package func dense(dimension: Int) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        for (t, w) in zip(terms, weights) where Int(t) < dimension { out[Int(t)] = w }
        return out
    }

    /// Every weight times `factor` (a blended profile's lexical share).
    public func scaled(by factor: Float) -> SparseVector {
        SparseVector(terms: terms, weights: weights.map { $0 * factor })
    }
}

/// The exact lexical views of a participant: TF-IDF of its features, unit length, in the
/// term ids of the corpus's `Vocabulary`. What the lexical parts of a score are computed
/// on (the hashed dense views only pick candidates where they still serve).
public struct LexicalTerms: Sendable, Hashable {
    public var profile: SparseVector
    public var offers: SparseVector
    public var needs: SparseVector
    public var keywords: SparseVector

    public init(profile: SparseVector, offers: SparseVector, needs: SparseVector, keywords: SparseVector) {
        self.profile = profile
        self.offers = offers
        self.needs = needs
        self.keywords = keywords
    }

    /// One lexical view (nil for any other view).
    public subscript(view: VectorView) -> SparseVector? {
        switch view {
        case .profile: return profile
        case .offers: return offers
        case .needs: return needs
        case .keywords: return keywords
        default: return nil
        }
    }
}

extension VectorView {
    /// The exact lexical view laid out densely over the vocabulary's term ids, which a
    /// matrix keeps beside the hashed one when the vocabulary fits in the hashed dimension
    /// (no hashing, and the dense kernels at no more cost).
    package var exactTerms: VectorView { VectorView(rawValue + "#terms") }
    /// Whether this is such a view (kept out of a row's `ParticipantVectors`).
    var isExactTerms: Bool { rawValue.hasSuffix("#terms") }
}

/// The corpus's feature names in ascending order; a name's position is its term id. The
/// store numbers features the same way when it loads them (name order), so ids agree.
public final class Vocabulary: Sendable {
    public let names: [String]
    /// Names added after the sorted ones (an engine updated in place), with ids from
    /// `names.count` on, so that ids already handed out keep their meaning.
    let appended: [String: UInt32]

    /// Names in any order; duplicates are kept once.
    public init(names: some Sequence<String>) { self.names = Array(Set(names)).sorted(); appended = [:] }

    private init(names: [String], appended: [String: UInt32]) { self.names = names; self.appended = appended }

    /// Every id this vocabulary gives out is below this.
    public var count: Int { names.count + appended.count }

    /// The same vocabulary with `more` names (those it lacks, in the order given) numbered after its own.
    public func appending(_ more: some Sequence<String>) -> Vocabulary {
        var appended = self.appended
        for name in more where id(of: name) == nil { appended[name] = UInt32(names.count + appended.count) }
        return Vocabulary(names: names, appended: appended)
    }

    /// The name of an id (nil past the vocabulary).
    public func name(of id: UInt32) -> String? {
        if Int(id) < names.count { return names[Int(id)] }
        return appended.first { $0.value == id }?.key
    }

    /// The id of a name, if the corpus has it.
    public func id(of name: String) -> UInt32? {
        var lo = 0, hi = names.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if names[mid] < name { lo = mid + 1 } else { hi = mid }
        }
        return lo < names.count && names[lo] == name ? UInt32(lo) : appended[name]
    }

    /// The sparse unit vector of TF-IDF weights by name. A name the corpus lacks still
    /// counts in the norm but matches nobody: it gets an id past the vocabulary's.
    public func vector(_ weighted: some Sequence<(name: String, weight: Double)>) -> SparseVector {
        var unknown = UInt32(count)
        var entries: [(term: UInt32, weight: Double)] = []
        for (name, weight) in weighted.sorted(by: { $0.name < $1.name }) {
            if let id = id(of: name) { entries.append((id, weight)) } else { entries.append((unknown, weight)); unknown += 1 }
        }
        return .unit(entries)
    }
}

/// The vocabulary of a vector space, made on first use (sorting the names costs).
final class VocabularyCache: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Vocabulary?

    func vocabulary(_ make: () -> Vocabulary) -> Vocabulary {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let v = make()
        made = v
        return v
    }
}

/// The exact lexical views of every row of a matrix, as C reads them: per view, each row's
/// terms (compressed rows) and each term's rows (postings), in memory that stays where it
/// is while kernels hold pointers to it.
public final class LexicalIndex: @unchecked Sendable {
    /// One view: rows → terms and terms → rows.
    final class View {
        let rows: Compressed
        let postings: Compressed
        init(rows: Compressed, postings: Compressed) { self.rows = rows; self.postings = postings }
    }

    /// Compressed sparse rows, with the `cm_sparse` that names them.
    final class Compressed {
        let start: UnsafeMutableBufferPointer<UInt32>
        let index: UnsafeMutableBufferPointer<UInt32>
        let value: UnsafeMutableBufferPointer<Float>
        let sparse: UnsafeMutablePointer<cm_sparse>
        /// What keeps mapped arrays alive (nil: this object allocated them and frees them).
        private let owner: (any AnyObject & Sendable)?

        /// Arrays in read-only memory that `owner` keeps (a vector store), read in place.
        init(start: UnsafeBufferPointer<UInt32>, index: UnsafeBufferPointer<UInt32>, value: UnsafeBufferPointer<Float>,
             owner: any AnyObject & Sendable) {
            // Never written through: kernels take them as `const`.
            self.start = UnsafeMutableBufferPointer(mutating: start)
            self.index = UnsafeMutableBufferPointer(mutating: index)
            self.value = UnsafeMutableBufferPointer(mutating: value)
            self.owner = owner
            sparse = .allocate(capacity: 1)
            sparse.initialize(to: cm_sparse(start: self.start.baseAddress, index: self.index.baseAddress, value: self.value.baseAddress))
        }

        init(start: [UInt32], index: [UInt32], value: [Float]) {
            owner = nil
            func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
                let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
                _ = p.initialize(from: a)
                return p
            }
            self.start = copy(start)
            self.index = copy(index)
            self.value = copy(value)
            sparse = .allocate(capacity: 1)
            sparse.initialize(to: cm_sparse(start: self.start.baseAddress, index: self.index.baseAddress, value: self.value.baseAddress))
        }

        deinit {
            if owner == nil { start.deallocate(); index.deallocate(); value.deallocate() }
            sparse.deallocate()
        }

        /// Entries of row r.
        func range(_ r: Int) -> Range<Int> { Int(start[r])..<Int(start[r + 1]) }
    }

    /// Rows in the index.
    public let count: Int
    /// One past the largest term id of any row (postings exist for ids below it).
    let termCount: Int
    let byView: [VectorView: View]

    /// The index of `rows` (in row order).
    public init(rows: [LexicalTerms]) {
        count = rows.count
        var terms = 0
        for r in rows { for v in VectorView.lexical { if let last = r[v]!.terms.last { terms = max(terms, Int(last) + 1) } } }
        termCount = terms
        var views: [VectorView: View] = [:]
        for view in VectorView.lexical {
            var start: [UInt32] = [0], index: [UInt32] = [], value: [Float] = []
            var perTerm = [UInt32](repeating: 0, count: terms + 1)
            for r in rows {
                let s = r[view]!
                index += s.terms
                value += s.weights
                start.append(UInt32(index.count))
                for t in s.terms { perTerm[Int(t) + 1] += 1 }
            }
            for t in 0..<terms { perTerm[t + 1] += perTerm[t] }
            var fill = perTerm
            var postRows = [UInt32](repeating: 0, count: index.count), postValues = [Float](repeating: 0, count: index.count)
            for r in 0..<rows.count {
                for e in Int(start[r])..<Int(start[r + 1]) {
                    let t = Int(index[e]), at = Int(fill[t])
                    postRows[at] = UInt32(r)
                    postValues[at] = value[e]
                    fill[t] += 1
                }
            }
            views[view] = View(rows: Compressed(start: start, index: index, value: value),
                               postings: Compressed(start: perTerm, index: postRows, value: postValues))
        }
        byView = views
    }

    /// An index over arrays made elsewhere (a vector store), read in place: `count` rows,
    /// postings for term ids below `termCount`, one `MappedView` per lexical view.
    public init(count: Int, termCount: Int, views: [VectorView: MappedView], owner: any AnyObject & Sendable) {
        precondition(VectorView.lexical.allSatisfy { views[$0] != nil }, "a lexical index needs all four views")
        self.count = count
        self.termCount = termCount
        byView = views.mapValues { v in
            precondition(v.rows.start.count == count + 1 && v.postings.start.count == termCount + 1, "mapped lexical view of the wrong size")
            return View(rows: Compressed(start: v.rows.start, index: v.rows.index, value: v.rows.value, owner: owner),
                        postings: Compressed(start: v.postings.start, index: v.postings.index, value: v.postings.value, owner: owner))
        }
    }

    /// An index made of its parts (`LexicalIndex+Update.swift` splices one so).
    init(count: Int, termCount: Int, byView: [VectorView: View]) {
        self.count = count
        self.termCount = termCount
        self.byView = byView
    }

    func view(_ v: VectorView) -> View? { byView[v] }

    /// Row r's lexical views.
    public func terms(row r: Int) -> LexicalTerms {
        func vector(_ v: VectorView) -> SparseVector {
            let c = byView[v]!.rows, range = c.range(r)
            return SparseVector(terms: Array(c.index[range]), weights: Array(c.value[range]))
        }
        return LexicalTerms(profile: vector(.profile), offers: vector(.offers), needs: vector(.needs), keywords: vector(.keywords))
    }
}
