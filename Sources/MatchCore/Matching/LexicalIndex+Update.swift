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
        var start: [UInt32] = [0], index: [UInt32] = [], value: [Float] = []
        start.reserveCapacity(n + 1)
        index.reserveCapacity(Int(old.start[count]) + 64)
        value.reserveCapacity(Int(old.start[count]) + 64)
        var r = 0
        func copyRun(to end: Int) {
            guard r < end else { return }
            let a = Int(old.start[r]), b = Int(old.start[end])
            let shift = Int64(index.count) - Int64(a)
            index.append(contentsOf: old.index[a..<b])
            value.append(contentsOf: old.value[a..<b])
            for x in (r + 1)...end { start.append(UInt32(Int64(old.start[x]) + shift)) }
            r = end
        }
        for c in changedRows {
            copyRun(to: min(c, count))
            let s = vector(c)
            index += s.terms
            value += s.weights
            start.append(UInt32(index.count))
            r = c + 1
        }
        copyRun(to: count)
        return Compressed(start: start, index: index, value: value)
    }

    /// Term-major entries (rows ascending per term): terms that no changed row had or has
    /// are copied; the others lose the changed rows' old entries and gain their new ones.
    private static func postings(_ old: View, view: VectorView, termCount: Int, terms: Int, replaced: [Int: LexicalTerms],
                                 changedRows: [Int], newTerms: (Int) -> LexicalTerms?) -> Compressed {
        let changed = Set(replaced.keys)
        var gained: [Int: [(row: UInt32, value: Float)]] = [:]
        for r in changedRows {
            let s = newTerms(r)![view]!
            for (t, w) in zip(s.terms, s.weights) { gained[Int(t), default: []].append((UInt32(r), w)) }
        }
        var touched = Set(gained.keys)
        for r in replaced.keys { for e in old.rows.range(r) { touched.insert(Int(old.rows.index[e])) } }
        let p = old.postings
        var start: [UInt32] = [0], index: [UInt32] = [], value: [Float] = []
        start.reserveCapacity(terms + 1)
        index.reserveCapacity(Int(p.start[termCount]) + 64)
        value.reserveCapacity(Int(p.start[termCount]) + 64)
        var t = 0
        func copyRun(to end: Int) {
            guard t < end else { return }
            let a = Int(p.start[t]), b = Int(p.start[end])
            let shift = Int64(index.count) - Int64(a)
            index.append(contentsOf: p.index[a..<b])
            value.append(contentsOf: p.value[a..<b])
            for x in (t + 1)...end { start.append(UInt32(Int64(p.start[x]) + shift)) }
            t = end
        }
        for u in touched.sorted() {
            copyRun(to: min(u, termCount))
            var list: [(row: UInt32, value: Float)] = []
            if u < termCount {
                for e in p.range(u) where !changed.contains(Int(p.index[e])) { list.append((p.index[e], p.value[e])) }
            }
            list += gained[u] ?? []
            list.sort { $0.row < $1.row }
            // Terms between termCount and u (new ids no row had) get empty lists.
            while start.count < u + 1 { start.append(UInt32(index.count)) }
            index += list.map(\.row)
            value += list.map(\.value)
            start.append(UInt32(index.count))
            t = u + 1
        }
        copyRun(to: termCount)
        while start.count < terms + 1 { start.append(UInt32(index.count)) }
        return Compressed(start: start, index: index, value: value)
    }
}
