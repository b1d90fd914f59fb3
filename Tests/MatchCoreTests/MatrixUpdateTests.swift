import Testing
@testable import MatchCore

/// Issue 11 §4: a competence matrix changed in place (rows replaced, appended, removed)
/// equals one built from scratch over the same rows: views, their half-precision and
/// presence copies, the lexical index (rows and postings), the flags, and every answer.
@Suite("A matrix updated in place against one built from scratch")
struct MatrixUpdateTests {
    typealias Raw = SparseLexicalTests.Raw

    /// A term → (row, weight) listing of a view's postings, without empty lists.
    static func postings(_ m: CompetenceMatrix, _ view: VectorView) -> [Int: [String]] {
        let p = m.lexical!.view(view)!.postings
        var out: [Int: [String]] = [:]
        for t in 0..<m.lexical!.termCount where !p.range(t).isEmpty {
            out[t] = p.range(t).map { "\(p.index[$0]):\(p.value[$0])" }
        }
        return out
    }

    static func expectSame(_ a: CompetenceMatrix, _ b: CompetenceMatrix, removed: Set<String>) {
        #expect(a.ids == b.ids)
        #expect(a.count == b.count)
        #expect(a.views.names == b.views.names)
        for view in a.views.names {
            #expect(a.views.withValues(view) { x in b.views.withValues(view) { Array(x) == Array($0) } }, "view \(view)")
            #expect(a.withHalf(view) { Array($0) } == b.withHalf(view) { Array($0) }, "half view \(view)")
        }
        for view in [VectorView.offers, .needs] {
            let (sa, sb) = (a.side(view), b.side(view))
            #expect((0..<a.count).allSatisfy { sa.rows[$0] == sb.rows[$0] }, "side flags of \(view)")
            #expect((0..<(a.count + 15) / 16).allSatisfy { sa.mask[$0] == sb.mask[$0] }, "side mask of \(view)")
        }
        #expect(a.isEmptyProfile == b.isEmptyProfile)
        #expect(a.declaresSides == b.declaresSides)
        #expect(a.anyDeclaresSides == b.anyDeclaresSides)
        for r in 0..<a.count { #expect(a.lexical!.terms(row: r) == b.lexical!.terms(row: r), "terms of row \(r)") }
        for view in VectorView.lexical { #expect(postings(a, view) == postings(b, view), "postings of \(view)") }
        for (r, id) in a.ids.enumerated() {
            #expect(a.row(of: id) == (removed.contains(id) ? nil : r))
        }
    }

    @Test(arguments: [false, true])
    func replacedAppendedAndRemovedRowsEqualAFreshBuild(halvesMadeFirst: Bool) {
        let rows = SparseLexicalTests.landscape(n: 160, terms: 40, seed: 11).sorted { $0.id < $1.id }
        let others = SparseLexicalTests.landscape(n: 80, terms: 60, seed: 12)  // other terms, new ids past the old ones
        let declared: Set<String> = Set(rows.map(\.id).filter { $0.hasSuffix("3") })
        var m = CompetenceMatrix(dimension: 8, rows: rows.map { ($0.id, SparseLexicalTests.vectors($0.raw)) }, declaringSides: declared)
        var matcher = Matcher(matrix: m, weights: .brokerage)
        if halvesMadeFirst {
            matcher.prepareSingleQueries()
            for view in [VectorView.offers, .needs] { _ = matcher.matrix.side(view) }
        }
        // Replace rows 5, 17, 90 (one of them twice), remove 30 and 31, append three.
        var expected = rows
        var changes: [RowChange] = []
        for (i, r) in [(5, 0), (17, 1), (90, 2), (17, 3)] {
            changes.append(.replace(row: i, vectors: SparseLexicalTests.vectors(others[r].raw), declaresSides: i == 17))
            expected[i].raw = others[r].raw
        }
        let zero: Raw = [[:], [:], [:], [:]]
        for i in [30, 31] {
            changes.append(.remove(row: i))
            expected[i].raw = zero
        }
        for (k, r) in [4, 5, 6].enumerated() {
            let id = "z\(k)"
            changes.append(.append(id: id, vectors: SparseLexicalTests.vectors(others[r].raw), declaresSides: false))
            expected.append((id, others[r].raw))
        }
        do { let applied = matcher.apply(changes); #expect(applied) }
        var sides = declared
        sides.remove(expected[5].id); sides.remove(expected[90].id); sides.insert(expected[17].id)
        sides.remove(expected[30].id); sides.remove(expected[31].id)
        let fresh = CompetenceMatrix(dimension: 8, rows: expected.map { ($0.id, SparseLexicalTests.vectors($0.raw)) }, declaringSides: sides)
        m = matcher.matrix
        Self.expectSame(m, fresh, removed: [expected[30].id, expected[31].id])
        // Every answer: the same partners and scores as the fresh matrix's.
        let reference = Matcher(matrix: fresh, weights: .brokerage)
        for r in 0..<m.count where !m.isEmptyProfile[r] {
            let got = matcher.topMatches(for: m.vectors(row: r), row: r, k: 8, excluding: r, allow: nil)
            let want = reference.topMatches(for: fresh.vectors(row: r), row: r, k: 8, excluding: r, allow: nil)
            #expect(got.map(\.row) == want.map(\.row) && got.map(\.score) == want.map(\.score), "row \(r)")
            #expect(!got.contains { [30, 31].contains($0.row) })
        }
    }

    @Test func aChangeThatDoesNotFitChangesNothing() {
        let rows = SparseLexicalTests.landscape(n: 60, terms: 20, seed: 3).sorted { $0.id < $1.id }
        var matcher = Matcher(matrix: CompetenceMatrix(dimension: 8, rows: rows.map { ($0.id, SparseLexicalTests.vectors($0.raw)) }))
        let before = matcher.matrix
        var wrong = SparseLexicalTests.vectors(rows[0].raw)
        wrong.profile = [1, 0]  // another dimension
        do { let applied = matcher.apply([.remove(row: 3), .replace(row: 4, vectors: wrong, declaresSides: false)]); #expect(!applied) }
        do { let applied = matcher.apply([.append(id: rows[2].id, vectors: SparseLexicalTests.vectors(rows[0].raw), declaresSides: false)]); #expect(!applied) }
        do { let applied = matcher.apply([.remove(row: 99)]); #expect(!applied) }
        Self.expectSame(matcher.matrix, before, removed: [])
    }
}
