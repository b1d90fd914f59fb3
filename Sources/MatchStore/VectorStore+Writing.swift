import Foundation
import MatchCore

extension VectorStore {
    /// Writes a store file for `snapshot` at `path`: first to a temporary file beside it,
    /// flushed to disk, then renamed over `path`, so that a crash leaves the previous file or
    /// none, never a half-written one under that name.
    ///
    /// Rows are ordered matchable first, then the rest, each part sorted by id; the bytes
    /// depend only on the snapshot and the stamp (the same database gives the same file).
    ///
    /// With `semantic`, the participants' semantic views under that model join as views of
    /// their own (zeros for a participant without), with the model's name and the noise
    /// floors' samples over the matchable rows (`NoiseFloor.Sample`).
    ///
    /// With `explanations`, what explaining needs of each participant (`ExplanationRecords`
    /// for the rows' ids in row order) joins as the `explain` sections.
    /// - Complexity: O(rows × Σ view dimensions); holds one view's values at a time beyond the snapshot.
    static func write(snapshot: MatchingSnapshot, unmatchable: Set<String>, stamp: StoreStamp,
                      semantic: (model: String, views: [String: StoredSemanticViews])? = nil,
                      explanations: (([String]) -> ExplanationRecords)? = nil, to path: String) throws {
        var rows = snapshot.rows.sorted { a, b in
            let (ma, mb) = (!unmatchable.contains(a.id), !unmatchable.contains(b.id))
            return ma != mb ? ma : a.id < b.id
        }
        let n = rows.count
        let matchable = rows.lazy.filter { !unmatchable.contains($0.id) }.count
        if let semantic {
            let d = semantic.views.values.first?.profile.count ?? 0
            let zero = [Float](repeating: 0, count: d)
            for r in rows.indices {
                let s = semantic.views[rows[r].id]
                rows[r].vectors.extra[.semanticOffers] = s?.offers ?? zero
                rows[r].vectors.extra[.semanticNeeds] = s?.needs ?? zero
                rows[r].vectors.extra[.semanticProfile] = s?.profile ?? zero
            }
        }
        let dimension = snapshot.space.configuration.dimension
        var viewDimensions: [VectorView: Int] = [.profile: dimension, .offers: dimension, .needs: dimension, .keywords: dimension]
        for row in rows { for (view, x) in row.vectors.extra { viewDimensions[view] = x.count } }
        let own = rows.lazy.compactMap { $0.embedding?.count }.first ?? 0

        // Sections are made one at a time and written at once.
        var sections: [VectorStoreSection] = []
        var pieces: [(VectorStoreSection, () -> [UInt8])] = []
        func add(_ name: String, _ kind: VectorStoreLayout.Kind, columns: Int, length: Int, _ make: @escaping () -> [UInt8]) {
            let offset = VectorStoreLayout.aligned(sections.last.map { $0.offset + $0.length } ?? VectorStoreLayout.headerSize)
            let section = VectorStoreSection(name: name, kind: kind, columns: columns, offset: offset, length: length)
            sections.append(section)
            pieces.append((section, make))
        }
        let idBytes = rows.map { Array($0.id.utf8) }
        add("ids.offsets", .uint32, columns: 1, length: (n + 1) * 4) { bytes(startOffsets(idBytes.map(\.count))) }
        add("ids.text", .bytes, columns: 0, length: idBytes.reduce(0) { $0 + $1.count }) { Array(idBytes.joined()) }
        let directory = DirectoryColumns(rows.map { snapshot.directory[$0.id] })
        add("rows.flags", .bytes, columns: 1, length: n) {
            rows.enumerated().map { r, row in
                var f: UInt8 = 0
                if row.embedding != nil { f |= RowFlags.ownEmbedding }
                if row.vectors.hasCompetence { f |= RowFlags.hasCompetence }
                return f | directory.flags[r]
            }
        }
        for (view, d) in viewDimensions.sorted(by: { $0.key < $1.key }) {
            func values() -> [Float] {
                var out: [Float] = []
                out.reserveCapacity(n * d)
                for row in rows {
                    if let x = row.vectors[view] { out += x } else { out += repeatElement(0, count: d) }
                }
                return out
            }
            add("view." + view.rawValue, .float32, columns: d, length: n * d * 4) { bytes(values()) }
            add("half." + view.rawValue, .float16, columns: d, length: n * d * 2) {
                let v = values()
                var half = [UInt16](repeating: 0, count: v.count)
                v.withUnsafeBufferPointer { src in half.withUnsafeMutableBufferPointer { HalfPrecision.convert(src, into: $0) } }
                return bytes(half)
            }
            add("present." + view.rawValue, .bytes, columns: 1, length: n) {
                rows.map { row in (row.vectors[view]?.contains { $0 != 0 } ?? false) ? 1 : 0 }
            }
        }
        if let semantic {
            add("semantic.model", .bytes, columns: 0, length: semantic.model.utf8.count) { Array(semantic.model.utf8) }
            // The samples the semantic components' noise floors are computed from, over the matchable rows.
            let pairs = Set(ScoreComponent.Name.semantic.compactMap { ScoreComponent.catalogue[$0].flatMap(NoiseFloor.views) }
                .map { [$0.0, $0.1] }).sorted { $0.map(\.rawValue).joined(separator: ".") < $1.map(\.rawValue).joined(separator: ".") }
            for pair in pairs where pair.allSatisfy({ viewDimensions[$0] != nil }) {
                let d = viewDimensions[pair[0]]!
                func values(_ view: VectorView) -> [Float] { rows[0..<matchable].flatMap { $0.vectors[view]! } }
                let x = values(pair[0]), y = pair[1] == pair[0] ? x : values(pair[1])
                let sample = x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in NoiseFloor.sample(x, y, rows: matchable, dimension: d) } }
                add(VectorStoreLayout.floorSection(pair[0], pair[1]), .float64, columns: 4, length: 32) {
                    bytes([Double(sample.rows), Double(sample.count), sample.sum, sample.squares])
                }
            }
        }
        // The exact lexical views, per view compressed rows (what `LexicalIndex` reads); left
        // out when a row lacks them, as a matrix then scores on the hashed views alone.
        for view in VectorView.lexical where rows.allSatisfy({ $0.vectors.lexical != nil }) {
            let vectors = rows.map { $0.vectors.lexical![view]! }
            let entries = vectors.reduce(0) { $0 + $1.terms.count }
            precondition(entries <= Int(UInt32.max), "too many terms for one store file")
            let name = "terms." + view.rawValue
            add(name + ".offsets", .uint32, columns: 1, length: (n + 1) * 4) { bytes(startOffsets(vectors.map(\.terms.count))) }
            add(name + ".ids", .uint32, columns: 1, length: entries * 4) { bytes(vectors.flatMap(\.terms)) }
            add(name + ".weights", .float32, columns: 1, length: entries * 4) { bytes(vectors.flatMap(\.weights)) }
        }
        // Their postings over the matchable rows (what a single query scatters from).
        if rows.allSatisfy({ $0.vectors.lexical != nil }) {
            let terms = rows[0..<matchable].reduce(0) { m, row in
                VectorView.lexical.reduce(m) { m, v in max(m, row.vectors.lexical![v]!.terms.last.map { Int($0) + 1 } ?? 0) }
            }
            for view in VectorView.lexical {
                let vectors = rows[0..<matchable].map { $0.vectors.lexical![view]! }
                var start = [UInt32](repeating: 0, count: terms + 1)
                for v in vectors { for t in v.terms { start[Int(t) + 1] += 1 } }
                for t in 0..<terms { start[t + 1] += start[t] }
                let entries = Int(start[terms])
                func postings() -> (rows: [UInt32], weights: [Float]) {
                    var fill = start, rows = [UInt32](repeating: 0, count: entries), weights = [Float](repeating: 0, count: entries)
                    for (r, v) in vectors.enumerated() {
                        for (t, w) in zip(v.terms, v.weights) {
                            rows[Int(fill[Int(t)])] = UInt32(r)
                            weights[Int(fill[Int(t)])] = w
                            fill[Int(t)] += 1
                        }
                    }
                    return (rows, weights)
                }
                let name = "postings." + view.rawValue
                add(name + ".offsets", .uint32, columns: 1, length: (terms + 1) * 4) { bytes(start) }
                add(name + ".rows", .uint32, columns: 1, length: entries * 4) { bytes(postings().rows) }
                add(name + ".weights", .float32, columns: 1, length: entries * 4) { bytes(postings().weights) }
            }
            // A vocabulary that fits in the hashed dimension: the exact views laid out densely
            // over the term ids (`CompetenceMatrix.lexicalIsDense`), as an engine over the
            // matchable rows makes them, with their half-precision copies, so that it maps
            // them: the four views one after another in two sections (the header's table is small).
            if matchable > 0 && terms <= dimension {
                let d = CompetenceMatrix.exactDimension(termCount: terms)
                func values() -> [Float] {
                    var out: [Float] = []
                    out.reserveCapacity(VectorView.lexical.count * matchable * d)
                    for view in VectorView.lexical {
                        for row in rows[0..<matchable] { out += row.vectors.lexical![view]!.dense(dimension: d) }
                    }
                    return out
                }
                let count = VectorView.lexical.count * matchable * d
                add("exact.views", .float32, columns: d, length: count * 4) { bytes(values()) }
                add("exact.halves", .float16, columns: d, length: count * 2) {
                    let v = values()
                    var half = [UInt16](repeating: 0, count: v.count)
                    v.withUnsafeBufferPointer { src in half.withUnsafeMutableBufferPointer { HalfPrecision.convert(src, into: $0) } }
                    return bytes(half)
                }
            }
        }
        if own > 0 {
            add("own.embedding", .float32, columns: own, length: n * own * 4) {
                bytes(rows.flatMap { $0.embedding ?? [Float](repeating: 0, count: own) })
            }
        }
        add("strings.offsets", .uint32, columns: 1, length: (directory.strings.count + 1) * 4) {
            bytes(startOffsets(directory.strings.map(\.utf8.count)))
        }
        add("strings.text", .bytes, columns: 0, length: directory.strings.reduce(0) { $0 + $1.utf8.count }) {
            Array(directory.strings.map { Array($0.utf8) }.joined())
        }
        add("directory", .uint32, columns: DirectoryColumns.width, length: directory.records.count * 4) { bytes(directory.records) }
        add("lists", .uint32, columns: 1, length: directory.lists.count * 4) { bytes(directory.lists) }
        // The corpus statistics the rows were weighted with, so that an engine can follow
        // writes from this store after the database's statistics moved on. One section (the
        // header page has room for 62): count, documents per feature, name offsets, names.
        let features = snapshot.space.statistics.documentFrequency.sorted { $0.key < $1.key }
        let featureNames = features.map { Array($0.key.utf8) }
        let featureText = featureNames.reduce(0) { $0 + $1.count }
        add("features", .bytes, columns: 0, length: 4 * (2 * features.count + 2) + featureText) {
            let words = [UInt32(features.count)] + features.map { UInt32(clamping: $0.value) } + startOffsets(featureNames.map(\.count))
            return bytes(words) + Array(featureNames.joined())
        }
        if let explained = explanations?(rows.map(\.id)) {
            precondition(explained.records.count == n, "one explanation record per row")
            var offsets: [UInt32] = [UInt32(StoredExplanations.dataHeader / 8)]
            offsets.reserveCapacity(n + 1)
            for r in explained.records {
                precondition(r.count % 8 == 0 && Int(offsets.last!) + r.count / 8 <= Int(UInt32.max), "explanation records too long for one store file")
                offsets.append(offsets.last! + UInt32(r.count / 8))
            }
            add("explain.offsets", .uint32, columns: 1, length: (n + 1) * 4) { bytes(offsets) }
            add("explain.data", .bytes, columns: 0, length: Int(offsets[n]) * 8) {
                var data = bytes([UInt64(explained.vocabulary.count), explained.vocabulary.checksum])
                data.reserveCapacity(Int(offsets[n]) * 8)
                for r in explained.records { data += r }
                return data
            }
        }
        precondition(sections.count <= VectorStoreLayout.maximumSections, "too many views for one store file")
        let end = VectorStoreLayout.aligned(sections.last!.offset + sections.last!.length)
        let length = end + VectorStoreLayout.trailerSize

        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let temporary = "\(path).\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw StoreError(.cannotCreate, path: temporary, detail: "cannot create the vector store file")
        }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        defer { try? handle.close() }
        var checksum = StoreChecksum()
        var position = VectorStoreLayout.headerSize
        try handle.seek(toOffset: UInt64(position))
        func write(_ data: [UInt8]) throws {
            data.withUnsafeBytes { checksum.add($0) }
            try handle.write(contentsOf: data)
            position += data.count
        }
        for (section, make) in pieces {
            try write([UInt8](repeating: 0, count: section.offset - position))
            let data = make()
            precondition(data.count == section.length, "section \(section.name) is \(data.count) bytes, not \(section.length)")
            try write(data)
        }
        try write([UInt8](repeating: 0, count: end - position))
        var trailer = VectorStoreLayout.trailerMagic
        trailer += bytes([stamp.generation])
        try handle.write(contentsOf: trailer)
        let header = Self.header(stamp: stamp, rows: n, matchable: matchable, documents: snapshot.space.statistics.documentCount,
                                 length: length, checksum: checksum.final, sections: sections)
        try handle.seek(toOffset: 0)
        try handle.write(contentsOf: header)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, path) == 0 else {
            throw StoreError(.cannotCreate, path: path, detail: "cannot replace the vector store file (\(String(cString: strerror(errno))))")
        }
        renamed = true
        // The rename itself reaches the disk with the folder.
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if dir >= 0 { fsync(dir); close(dir) }
    }

    /// The header page, its checksum computed over it with the checksum field zeroed.
    static func header(stamp: StoreStamp, rows: Int, matchable: Int, documents: Int, length: Int, checksum: UInt64,
                       sections: [VectorStoreSection]) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: VectorStoreLayout.headerSize)
        func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
            withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { h[offset + i] = b } }
        }
        h.replaceSubrange(0..<8, with: VectorStoreLayout.magic)
        put(VectorStoreLayout.version, at: 8)
        put(UInt32(sections.count), at: 12)
        put(stamp.generation, at: 16)
        put(stamp.token, at: 24)
        let id = Array(stamp.databaseID.utf8.prefix(32))
        h.replaceSubrange(32..<(32 + id.count), with: id)
        put(UInt64(rows), at: 64)
        put(UInt64(matchable), at: 72)
        put(UInt64(length), at: 80)
        put(checksum, at: 88)
        put(UInt64(documents), at: 104)
        for (i, s) in sections.enumerated() {
            let at = VectorStoreLayout.tableOffset + i * VectorStoreLayout.entrySize
            let name = Array(s.name.utf8.prefix(VectorStoreLayout.nameSize))
            h.replaceSubrange(at..<(at + name.count), with: name)
            put(s.kind.rawValue, at: at + 40)
            put(UInt32(s.columns), at: at + 44)
            put(UInt64(s.offset), at: at + 48)
            put(UInt64(s.length), at: at + 56)
        }
        var c = StoreChecksum()
        h.withUnsafeBytes { c.add($0) }
        put(c.final, at: 96)
        return h
    }
}

/// Bits of a row's flags byte.
enum RowFlags {
    static let ownEmbedding: UInt8 = 1
    static let een: UInt8 = 2
    static let hasCompetence: UInt8 = 4
    static let hasEmployees: UInt8 = 8
    static let optOut: UInt8 = 16
    static let inDirectory: UInt8 = 32
    /// An EEN profile that names countries it targets.
    static let targetsCountries: UInt8 = 64
}

/// The rules' facts about every row as fixed-width records over a table of distinct strings.
struct DirectoryColumns {
    /// UInt32s per record: kind, country, organisation, employees (low, high), EEN type, then
    /// (start, count) into `lists` for clusters, partnership types and targeted countries.
    static let width = 12
    static let none = UInt32.max
    var strings: [String] = []
    var records: [UInt32] = []
    var lists: [UInt32] = []
    var flags: [UInt8] = []
    private var index: [String: UInt32] = [:]

    init(_ entries: [ParticipantDirectory.Entry?]) {
        records.reserveCapacity(entries.count * Self.width)
        for entry in entries {
            let e = entry ?? ParticipantDirectory.Entry(kind: .other, country: "", organisation: nil, employees: nil, clusters: [], optOut: false)
            var f: UInt8 = entry == nil ? 0 : RowFlags.inDirectory
            if e.een != nil { f |= RowFlags.een }
            if e.employees != nil { f |= RowFlags.hasEmployees }
            if e.optOut { f |= RowFlags.optOut }
            if !(e.een?.targetedCountries.isEmpty ?? true) { f |= RowFlags.targetsCountries }
            flags.append(f)
            let employees = UInt64(bitPattern: Int64(e.employees ?? 0))
            records += [string(e.kind.rawValue), string(e.country), e.organisation.map { string($0) } ?? Self.none,
                        UInt32(truncatingIfNeeded: employees), UInt32(truncatingIfNeeded: employees >> 32),
                        e.een?.type.map { string($0) } ?? Self.none]
            for list in [e.clusters.sorted(), e.een?.partnershipTypes ?? [], e.een?.targetedCountries ?? []] {
                records += [UInt32(lists.count), UInt32(list.count)]
                for s in list { lists.append(string(s)) }
            }
        }
    }

    private mutating func string(_ s: String) -> UInt32 {
        if let i = index[s] { return i }
        let i = UInt32(strings.count)
        strings.append(s)
        index[s] = i
        return i
    }
}

/// The little-endian bytes of fixed-width values.
func bytes<T>(_ values: [T]) -> [UInt8] {
    values.withUnsafeBytes { Array($0) }  // every platform we build for is little-endian
}

/// Where each of lists of these lengths starts when they are laid back to back, and one past
/// the last: `lengths.count + 1` offsets from 0 (a store's `*.offsets` sections).
private func startOffsets(_ lengths: [Int]) -> [UInt32] {
    var offsets: [UInt32] = [0]
    offsets.reserveCapacity(lengths.count + 1)
    for l in lengths { offsets.append(offsets.last! + UInt32(l)) }
    return offsets
}
