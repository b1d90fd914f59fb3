internal import CKernels

/// A change to one row of a competence matrix, applied in place (a service that follows its
/// own writes without reloading every participant).
public enum RowChange: Sendable {
    /// Row `row` gets new vectors; its id stays.
    case replace(row: Int, vectors: ParticipantVectors, declaresSides: Bool)
    /// A participant the matrix lacks becomes its last row. Rows are then no longer sorted
    /// by id: among exactly equal scores it comes after the rows loaded with the matrix.
    case append(id: String, vectors: ParticipantVectors, declaresSides: Bool)
    /// Row `row` leaves matching: its vectors become zero, it gets no matches and appears
    /// in none, and its id no longer finds it.
    case remove(row: Int)
}

extension CompetenceMatrix {
    /// Applies `changes` in place: the dense views, their half-precision and presence copies,
    /// the exact lexical index (and its dense layout), the flags and the id → row mapping.
    ///
    /// Views read from memory someone else keeps (a memory-mapped vector store) are first
    /// mapped again privately (`PrivatelyRemappable`: a write copies only the pages it lands
    /// on, and the file is never written), or copied into arrays of the matrix's own when that
    /// cannot be done. Copies of this matrix keep what they had: the mapping they read, their
    /// arrays by Swift's copy on write, or private pages a later write finds shared and so
    /// copies (`MappedRows.writable`). The half-precision copies made from the floats
    /// (`HalfPrecisionCopies`) and the presence flags are shared by all copies: update a
    /// matrix only while no query runs on a copy of it.
    /// - Returns: false, and changes nothing, when a change does not fit the matrix (vectors
    ///   of another dimension or with views it lacks, no exact terms where it has them, or a
    ///   term past its dense exact layout): the caller then rebuilds the matrix.
    /// - Complexity: O(changed rows × dimension) for the views, plus the lexical index's
    ///   entries copied once (`LexicalIndex.updating`), plus a view's copy the first time it
    ///   is written while mapped by an owner that cannot map it again, or when appended rows
    ///   outgrow the room a private mapping was given (`spareRows`).
    public mutating func apply(_ changes: [RowChange]) -> Bool {
        let extraViews = views.names.filter { !VectorView.lexical.contains($0) && !$0.isExactTerms }
        for change in changes {
            switch change {
            case .replace(let row, let v, _):
                guard row >= 0, row < count, fits(v, extraViews: extraViews) else { return false }
            case .append(let id, let v, _):
                guard row(of: id) == nil, fits(v, extraViews: extraViews) else { return false }
            case .remove(let row):
                guard row >= 0, row < count else { return false }
            }
        }
        let appendedIDs = changes.compactMap { if case .append(let id, _, _) = $0 { id } else { nil } }
        guard Set(appendedIDs).count == appendedIDs.count else { return false }
        let zero = ParticipantVectors(profile: [Float](repeating: 0, count: dimension), offers: [Float](repeating: 0, count: dimension),
                                      needs: [Float](repeating: 0, count: dimension), keywords: [Float](repeating: 0, count: dimension),
                                      lexical: lexical == nil ? nil : LexicalTerms(profile: .init(), offers: .init(), needs: .init(), keywords: .init()))
        // Row by row in the order given (a later change to the same row wins).
        let oldCount = count
        var rows: [(row: Int, vectors: ParticipantVectors, declares: Bool, empty: Bool)] = []
        var appended = 0
        for change in changes {
            switch change {
            case .replace(let row, let v, let declares): rows.append((row, v, declares, !v.hasCompetence))
            case .remove(let row): rows.append((row, zero, false, true))
            case .append(_, let v, let declares):
                rows.append((oldCount + appended, v, declares, !v.hasCompetence))
                appended += 1
            }
        }
        let n = oldCount + appended
        isEmptyProfile += repeatElement(true, count: appended)
        declaresSides += repeatElement(false, count: appended)
        for r in rows {
            isEmptyProfile[r.row] = r.empty
            declaresSides[r.row] = r.declares
        }
        anyDeclaresSides = declaresSides.contains(true)
        for change in changes {
            if case .remove(let row) = change { movedRows[id(row: row)] = .some(nil) }
        }
        for (i, id) in appendedIDs.enumerated() { movedRows[id] = oldCount + i }
        if !appendedIDs.isEmpty { rowIDs = RowIDs(rowIDs.all + appendedIDs) }
        // Views: grow, then write each changed row.
        var last: [Int: Int] = [:]
        for (i, r) in rows.enumerated() { last[r.row] = i }
        let final = last.sorted { $0.key < $1.key }.map { rows[$0.value] }
        if let lexical {
            var replaced: [Int: LexicalTerms] = [:], added: [LexicalTerms] = []
            for r in final { if r.row < lexical.count { replaced[r.row] = r.vectors.lexical! } else { added.append(r.vectors.lexical!) } }
            self.lexical = lexical.updating(replaced: replaced, appended: added)
        }
        let changedRows = final.map(\.row), reserve = n + Self.spareRows(n)
        for view in views.names {
            let d = views.dimension(of: view)
            views.grow(view, to: n, reserve: reserve)
            for r in final { views.write(row: r.row, of: view, value(of: r.vectors, view, d)) }
            // A vector store's halves and presence flags are written in place where its
            // pages can be (a private copy of them); otherwise the stored halves seed the
            // copy, so that the next query does not convert the whole view again, and the
            // presence flags come from the floats.
            if !views.updateStoredHalves(view, rows: n, reserve: reserve, changed: changedRows) {
                if let stored = views.withStoredHalf(view, { Array($0) }) { _ = halves.copy(view) { stored } }
                views.mappedHalves[view] = nil
            }
            halves.update(view, dimension: d, rows: n, changed: changedRows) { r in views.withValues(view) { Array($0[r * d..<(r + 1) * d]) } }
            if !views.updateStoredPresence(view, rows: n, reserve: reserve, changed: changedRows) { views.forgetStoredPresence(view) }
        }
        views.count = n
        presence.update(oldRows: oldCount, rows: n, changed: final.map(\.row)) { view, r in
            let d = views.dimension(of: view)
            return !declaresSides[r] || views.withValues(view) { v in (0..<d).contains { v[r * d + $0] != 0 } }
        }
        return true
    }

    /// Rows of room a view written in place gets past its rows (new participants are
    /// appended there without copying it): twice the refresh rule's share of changes
    /// (docs/engine-writes.md), at least 128.
    static func spareRows(_ rows: Int) -> Int { max(128, rows / 50) }

    private func fits(_ v: ParticipantVectors, extraViews: [VectorView]) -> Bool {
        guard v.profile.count == dimension, v.offers.count == dimension, v.needs.count == dimension, v.keywords.count == dimension,
              Set(v.extra.keys) == Set(extraViews), extraViews.allSatisfy({ v.extra[$0]!.count == views.dimension(of: $0) })
        else { return false }
        guard lexical != nil else { return true }
        guard let terms = v.lexical else { return false }
        if lexicalIsDense {
            for view in VectorView.lexical where (terms[view]!.terms.last.map { Int($0) >= exactDimension } ?? false) { return false }
        }
        return true
    }

    /// A row's values of one matrix view (an `exactTerms` view from its terms).
    private func value(of v: ParticipantVectors, _ view: VectorView, _ d: Int) -> [Float] {
        if view.isExactTerms {
            return v.lexical![VectorView(String(view.rawValue.dropLast("#terms".count)))]!.dense(dimension: d)
        }
        return v[view] ?? [Float](repeating: 0, count: d)
    }
}

extension VectorViews {
    /// Makes a view's values writable and `rows` long (new rows zero): a mapped view becomes a
    /// private copy of its pages, written in place, with room for `reserve` rows
    /// (`MappedRows.writable`: no value is copied until its page is written); when that
    /// cannot be had, the values are copied into an array of the views' own.
    mutating func grow(_ view: VectorView, to rows: Int, reserve: Int) {
        let d = dimension(of: view)
        if mapped[view] != nil {
            if mapped.makeWritable(view, count: rows * d, reserve: reserve * d) { return }
            let m = mapped.removeValue(forKey: view)!
            storage[view] = withExtendedLifetime(m.owner) { Array(m.values) }
        }
        let missing = rows * d - storage[view]!.count
        if missing > 0 { storage[view]!.append(contentsOf: repeatElement(0, count: missing)) }
    }

    /// Overwrites row `r` of a writable view (`grow` made it so).
    mutating func write(row r: Int, of view: VectorView, _ values: [Float]) {
        let d = dimension(of: view)
        precondition(values.count == d, "row of \(values.count) values for view \(view) of \(d)")
        if let m = mapped[view] {
            m.write(at: r * d, values)
            return
        }
        storage[view]!.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<d { buffer[r * d + i] = values[i] }
        }
    }

    /// Brings a view's stored half-precision copy to `rows` rows with the `changed` rows
    /// converted again, in place (a private copy of its pages); false when there is none or
    /// it cannot be written in place.
    mutating func updateStoredHalves(_ view: VectorView, rows: Int, reserve: Int, changed: [Int]) -> Bool {
        let d = dimension(of: view)
        guard mappedHalves.makeWritable(view, count: rows * d, reserve: reserve * d), let w = mappedHalves[view] else { return false }
        for r in changed {
            w.write(at: r * d, withValues(view) { CompetenceMatrix.half(UnsafeBufferPointer(rebasing: $0[r * d..<(r + 1) * d])) })
        }
        return true
    }

    /// Brings a view's stored presence flags to `rows` rows with the `changed` rows' flags
    /// set from their values, in place; false when there are none or they cannot be written in place.
    mutating func updateStoredPresence(_ view: VectorView, rows: Int, reserve: Int, changed: [Int]) -> Bool {
        let d = dimension(of: view)
        guard mappedPresence.makeWritable(view, count: rows, reserve: reserve), let w = mappedPresence[view] else { return false }
        for r in changed {
            w.write(at: r, CollectionOfOne(withValues(view) { v in (0..<d).contains { v[r * d + $0] != 0 } } ? UInt8(1) : 0))
        }
        return true
    }
}

extension HalfPrecisionCopies {
    /// Brings a view's half-precision copy, if made, to `rows` rows with `changed` rows converted again.
    func update(_ view: VectorView, dimension d: Int, rows: Int, changed: [Int], row: (Int) -> [Float]) {
        lock.lock()
        defer { lock.unlock() }
        guard copies[view] != nil else { return }
        let missing = rows * d - copies[view]!.count
        if missing > 0 { copies[view]!.append(contentsOf: repeatElement(0, count: missing)) }
        for r in changed {
            let half = row(r).withUnsafeBufferPointer { CompetenceMatrix.half($0) }
            copies[view]!.withUnsafeMutableBufferPointer { b in for i in 0..<d { b[r * d + i] = half[i] } }
        }
    }
}

extension ViewPresence {
    /// Brings every view's flags, if made, from `oldRows` to `rows` rows, with `changed`
    /// rows' flags set from `present` (grown flags get new memory: kernels hold no pointer
    /// to them between queries).
    func update(oldRows: Int, rows: Int, changed: [Int], present: (VectorView, Int) -> Bool) {
        lock.lock()
        defer { lock.unlock() }
        for (view, old) in made {
            var flags = old
            if rows != oldRows {
                let words = (rows + 15) / 16 + 1, oldWords = (oldRows + 15) / 16 + 1
                flags = (.allocate(capacity: max(1, rows)), .allocate(capacity: words))
                flags.rows.initialize(repeating: 0, count: max(1, rows))
                flags.rows.update(from: old.rows, count: min(oldRows, rows))
                flags.mask.initialize(repeating: 0, count: words)
                flags.mask.update(from: old.mask, count: min(oldWords, words))
                old.rows.deallocate()
                old.mask.deallocate()
                made[view] = flags
            }
            for r in changed {
                let p = present(view, r), bit = UInt16(1) << UInt16(r % 16)
                flags.rows[r] = p ? 1 : 0
                if p { flags.mask[r / 16] |= bit } else { flags.mask[r / 16] &= ~bit }
            }
        }
    }
}

extension Matcher {
    /// Applies row changes to the matrix in place (`CompetenceMatrix.apply`); false, and
    /// nothing changed, when they do not fit it.
    public mutating func apply(_ changes: [RowChange]) -> Bool { matrix.apply(changes) }
}

extension VectorSpace {
    /// The same space with features it lacks added to the corpus statistics (with their
    /// document frequencies) and to the vocabulary after its own names, so that term ids
    /// already handed out keep their meaning (an engine updated in place). Features it
    /// has keep their statistics.
    public func adding(features: [(name: String, documents: Int)]) -> VectorSpace {
        let new = features.filter { statistics.documentFrequency[$0.name] == nil }
        guard !new.isEmpty else { return self }
        let vocabulary = self.vocabulary.appending(new.map(\.name))
        var space = self
        for f in new { space.statistics.documentFrequency[f.name] = f.documents }
        _ = space.vocabularyCache.vocabulary { vocabulary }
        return space
    }
}
