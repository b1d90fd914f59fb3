extension LexicalIndex {
    /// The same index with some rows' terms replaced and rows appended, without rebuilding
    /// it from every row: untouched rows and untouched terms' postings are copied in runs.
    ///
    /// - Parameters:
    ///   - replaced: new terms of existing rows, by row.
    ///   - appended: terms of new rows, which become rows `count..<count + appended.count`.
    /// - Complexity: O(entries + terms) copied, plus the changed rows' and terms' entries sorted.
    func updating(replaced: [Int: LexicalTerms], appended: [LexicalTerms]) -> LexicalIndex {
        let n = count + appended.count
        func newTerms(_ r: Int) -> LexicalTerms? { r >= count ? appended[r - count] : replaced[r] }
        let changedRows = (Array(replaced.keys) + Array(count..<n)).sorted()
        var terms = termCount
        for r in changedRows { for v in VectorView.lexical { if let last = newTerms(r)![v]!.terms.last { terms = max(terms, Int(last) + 1) } } }
        var views: [VectorView: View] = [:]
        for (view, old) in byView {
            views[view] = View(rows: Self.rows(old.rows, count: count, changedRows: changedRows, n: n) { newTerms($0)![view]! },
                               postings: Self.postings(old, view: view, termCount: termCount, terms: terms, replaced: replaced,
                                                       changedRows: changedRows, newTerms: newTerms))
        }
        return LexicalIndex(count: n, termCount: terms, byView: views)
    }

    /// Row-major entries with `changedRows` (ascending) taken from `vector`, the others copied.
    private static func rows(_ old: Compressed, count: Int, changedRows: [Int], n: Int, vector: (Int) -> SparseVector) -> Compressed {
        var out = CompressedWriter(lists: n, entries: Int(old.start[count]))
        var r = 0
        for c in changedRows {
            out.copy(old, lists: &r, to: min(c, count))
            let s = vector(c)
            out.append(s.terms, s.weights)
            r = c + 1
        }
        out.copy(old, lists: &r, to: count)
        return out.compressed
    }

    /// Term-major entries (rows ascending per term): terms that no changed row had or has
    /// are copied; the others lose the changed rows' old entries and gain their new ones,
    /// merged in row order (both lists are ascending: no hashing, no sort, however long
    /// the list of a term every profile shares).
    private static func postings(_ old: View, view: VectorView, termCount: Int, terms: Int, replaced: [Int: LexicalTerms],
                                 changedRows: [Int], newTerms: (Int) -> LexicalTerms?) -> Compressed {
        var isReplaced = [Bool](repeating: false, count: old.rows.start.count - 1)
        for r in replaced.keys { isReplaced[r] = true }
        var gained: [Int: [(row: UInt32, value: Float)]] = [:]
        for r in changedRows {  // ascending, so each term's gained rows are too
            let s = newTerms(r)![view]!
            for (t, w) in zip(s.terms, s.weights) { gained[Int(t), default: []].append((UInt32(r), w)) }
        }
        var touched = Set(gained.keys)
        for r in replaced.keys { for e in old.rows.range(r) { touched.insert(Int(old.rows.index[e])) } }
        let p = old.postings
        var out = CompressedWriter(lists: terms, entries: Int(p.start[termCount]))
        var t = 0
        var rows: [UInt32] = [], values: [Float] = []
        for u in touched.sorted() {
            out.copy(p, lists: &t, to: min(u, termCount))
            let add = gained[u] ?? []
            rows.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            var g = 0
            if u < termCount {
                for e in p.range(u) {
                    let row = p.index[e]
                    while g < add.count && add[g].row < row { rows.append(add[g].row); values.append(add[g].value); g += 1 }
                    if !isReplaced[Int(row)] { rows.append(row); values.append(p.value[e]) }
                }
            }
            for a in add[g...] { rows.append(a.row); values.append(a.value) }
            // Terms between termCount and u (new ids no row had) get empty lists.
            out.padLists(to: u)
            out.append(rows, values)
            t = u + 1
        }
        out.copy(p, lists: &t, to: termCount)
        out.padLists(to: terms)
        return out.compressed
    }
}

private struct CompressedWriter {
    private var start: [UInt32] = [0], index: [UInt32] = [], value: [Float] = []

    init(lists: Int, entries: Int) {
        start.reserveCapacity(lists + 1)
        index.reserveCapacity(entries + 64)
        value.reserveCapacity(entries + 64)
    }

    /// Copies lists `next..<end` of `old` (when any), their entries moved to this writer's
    /// positions, and moves `next` to `end`.
    mutating func copy(_ old: LexicalIndex.Compressed, lists next: inout Int, to end: Int) {
        guard next < end else { return }
        let a = Int(old.start[next]), b = Int(old.start[end])
        let shift = Int64(index.count) - Int64(a)
        index.append(contentsOf: old.index[a..<b])
        value.append(contentsOf: old.value[a..<b])
        for x in (next + 1)...end { start.append(UInt32(Int64(old.start[x]) + shift)) }
        next = end
    }

    /// Appends one list.
    mutating func append(_ ids: [UInt32], _ weights: [Float]) {
        index += ids
        value += weights
        start.append(UInt32(index.count))
    }

    /// Appends empty lists until there are `lists`.
    mutating func padLists(to lists: Int) {
        while start.count < lists + 1 { start.append(UInt32(index.count)) }
    }

    var compressed: LexicalIndex.Compressed { LexicalIndex.Compressed(start: start, index: index, value: value) }
}
