import Foundation
import MatchCore

/// The persisted vector store: a memory-mapped file beside the database (`DB-vectors`)
/// holding every participant's dense views in the layout the kernels read, their
/// half-precision copies, and what the rules need about every participant, stamped with the
/// database generation it was built from. A cold process reads only the pages it touches.
///
/// A file that is missing, torn (short, a header that fails its checksum), of another
/// format version, foreign (another database's) or stale (an older generation) is never
/// used: `MatchStore.currentVectorStore()` builds a new one. docs/vector-store.md describes
/// the format.
package final class VectorStore: Sendable {
    /// The file.
    package let path: String
    package let stamp: StoreStamp
    /// Rows in the file (matchable first).
    package let rows: Int
    /// Rows `0..<matchableRows` are the participants matching takes by default.
    package let matchableRows: Int
    /// Bytes.
    package let length: Int
    /// The participants the database held when the store was built (the IDF's document
    /// count, valid as long as the store is current: every insert or delete moves the generation).
    package let documents: Int
    let checksum: UInt64
    let sections: [String: VectorStoreSection]
    private let mapping: MappedFile

    /// Why a store file cannot be used.
    package enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case missing
        case torn(String)
        case otherVersion(UInt32)
        case foreign
        case stale(StoreStamp)
        /// Its contents do not match their checksum (found only by reading it all).
        case damaged
        /// Current, but without the semantic views of this model (matching on meaning needs them).
        case withoutSemanticViews(String)

        package var description: String {
            switch self {
            case .missing: "none built yet"
            case .torn(let why): "torn (\(why))"
            case .otherVersion(let v): "written in format version \(v), this program reads version \(VectorStoreLayout.version)"
            case .foreign: "built from another database"
            case .stale(let stamp): "stale (built from \(stamp))"
            case .damaged: "damaged (its contents fail their checksum)"
            case .withoutSemanticViews(let model): "holds no semantic views of \(model)"
            }
        }
    }

    /// Maps and checks the file's structure (header, its checksum, length, trailer,
    /// sections): O(1) pages read. The payload is not read (see `verifyContents`).
    package init(path: String) throws(Problem) {
        self.path = path
        let mapping: MappedFile
        do { mapping = try MappedFile(path: path) } catch let error as MappedFile.Failure {
            throw error == .missing ? .missing : .torn("cannot be read")
        } catch { throw .torn("cannot be read") }
        let raw = mapping.bytes
        guard raw.count >= VectorStoreLayout.headerSize + VectorStoreLayout.trailerSize else { throw .torn("shorter than its header") }
        func load<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T { T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        guard Array(raw[0..<8]) == VectorStoreLayout.magic else { throw .torn("not a vector store file") }
        let version = load(8, UInt32.self)
        guard version == VectorStoreLayout.version else { throw .otherVersion(version) }
        var header = Array(raw[0..<VectorStoreLayout.headerSize])
        for i in 96..<104 { header[i] = 0 }
        var c = StoreChecksum()
        header.withUnsafeBytes { c.add($0) }
        guard c.final == load(96, UInt64.self) else { throw .torn("its header fails its checksum") }
        let length = Int(load(80, UInt64.self))
        guard length == raw.count else { throw .torn("\(raw.count) bytes where its header says \(length)") }
        let generation = load(16, Int64.self)
        let tail = length - VectorStoreLayout.trailerSize
        guard Array(raw[tail..<(tail + 8)]) == VectorStoreLayout.trailerMagic,
              Int64(littleEndian: raw.loadUnaligned(fromByteOffset: tail + 8, as: Int64.self)) == generation
        else { throw .torn("its end is missing") }
        let id = String(decoding: raw[32..<64].prefix { $0 != 0 }, as: UTF8.self)
        stamp = StoreStamp(databaseID: id, generation: generation, token: load(24, Int64.self))
        rows = Int(load(64, UInt64.self))
        matchableRows = Int(load(72, UInt64.self))
        checksum = load(88, UInt64.self)
        documents = Int(load(104, UInt64.self))
        var sections: [String: VectorStoreSection] = [:]
        let count = Int(load(12, UInt32.self))
        guard count <= VectorStoreLayout.maximumSections, matchableRows <= rows else { throw .torn("its header is inconsistent") }
        for i in 0..<count {
            let at = VectorStoreLayout.tableOffset + i * VectorStoreLayout.entrySize
            let name = String(decoding: raw[at..<(at + VectorStoreLayout.nameSize)].prefix { $0 != 0 }, as: UTF8.self)
            guard let kind = VectorStoreLayout.Kind(rawValue: load(at + 40, UInt32.self)) else { throw .torn("section \(name) is of no known kind") }
            let s = VectorStoreSection(name: name, kind: kind, columns: Int(load(at + 44, UInt32.self)),
                                       offset: Int(load(at + 48, UInt64.self)), length: Int(load(at + 56, UInt64.self)))
            guard s.offset >= VectorStoreLayout.headerSize, s.offset % VectorStoreLayout.page == 0, s.offset + s.length <= tail
            else { throw .torn("section \(name) lies outside the file") }
            sections[name] = s
        }
        for required in ["ids.offsets", "ids.text", "rows.flags", "directory", "lists", "strings.offsets", "strings.text"] where sections[required] == nil {
            throw .torn("section \(required) is missing")
        }
        // The term lists (all four views or none) must agree with the rows and each other.
        let termSections = VectorView.lexical.map { v in ["offsets", "ids", "weights"].map { sections["terms.\(v.rawValue).\($0)"] } }
        if termSections.contains(where: { $0.contains { $0 != nil } }) {
            for (view, s) in zip(VectorView.lexical, termSections) {
                guard let offsets = s[0], let ids = s[1], let weights = s[2], offsets.length == (rows + 1) * 4,
                      ids.length == weights.length,
                      Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offsets.offset + rows * 4, as: UInt32.self))) * 4 == ids.length
                else { throw .torn("the term lists of \(view) are incomplete") }
                // Their postings (over the matchable rows), for every view with one term count.
                guard let p = sections["postings.\(view.rawValue).offsets"], let pr = sections["postings.\(view.rawValue).rows"],
                      let pw = sections["postings.\(view.rawValue).weights"], p.length >= 4, pr.length == pw.length,
                      p.length == sections["postings.profile.offsets"]?.length,
                      Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: p.offset + p.length - 4, as: UInt32.self))) * 4 == pr.length
                else { throw .torn("the postings of \(view) are incomplete") }
            }
        }
        for s in sections.values where s.name.hasPrefix("present.") && s.length != rows {
            throw .torn("section \(s.name) does not cover the rows")
        }
        self.length = length
        self.sections = sections
        self.mapping = mapping
    }

    /// Reads the whole payload and compares it with its checksum (what `doctor` does).
    /// - Complexity: O(file length).
    package func verifyContents() throws(Problem) {
        var c = StoreChecksum()
        c.add(UnsafeRawBufferPointer(rebasing: mapping.bytes[VectorStoreLayout.headerSize..<(length - VectorStoreLayout.trailerSize)]))
        guard c.final == checksum else { throw .damaged }
    }

    // MARK: Reading

    func raw(_ name: String) -> UnsafeRawBufferPointer {
        guard let s = sections[name] else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: mapping.bytes[s.offset..<(s.offset + s.length)])
    }

    func uint32s(_ name: String) -> UnsafeBufferPointer<UInt32> { raw(name).assumingMemoryBound(to: UInt32.self) }

    /// The float views stored (lexical and any others), by name, with their dimensions.
    package var views: [(view: VectorView, dimension: Int)] {
        sections.values.filter { $0.name.hasPrefix("view.") }.sorted { $0.name < $1.name }
            .map { (VectorView(String($0.name.dropFirst(5))), $0.columns) }
    }

    /// The values of a view for rows `0..<rows`, in the mapped memory (nil when absent).
    package func values(of view: VectorView, rows: Int) -> UnsafeBufferPointer<Float>? {
        guard let s = sections["view." + view.rawValue] else { return nil }
        return UnsafeBufferPointer(rebasing: raw(s.name).assumingMemoryBound(to: Float.self)[0..<(rows * s.columns)])
    }

    /// The half-precision copy of a view for rows `0..<rows`.
    package func halfValues(of view: VectorView, rows: Int) -> UnsafeBufferPointer<UInt16>? {
        guard let s = sections["half." + view.rawValue] else { return nil }
        return UnsafeBufferPointer(rebasing: raw(s.name).assumingMemoryBound(to: UInt16.self)[0..<(rows * s.columns)])
    }

    /// The dense exact lexical view `view` (`VectorView.exactTerms`) of the matchable rows
    /// and its half-precision copy, in the mapped memory, with their dimension; nil when the
    /// store holds none (a vocabulary larger than the hashed dimension) or `rows` is not
    /// the matchable rows.
    package func exactValues(of view: VectorView, rows: Int)
        -> (dimension: Int, values: UnsafeBufferPointer<Float>, half: UnsafeBufferPointer<UInt16>)? {
        let views = VectorView.lexical.count
        guard rows == matchableRows, let index = VectorView.lexical.firstIndex(of: view),
              let s = sections["exact.views"], let h = sections["exact.halves"], s.columns == h.columns,
              s.length == views * rows * s.columns * 4, h.length == views * rows * h.columns * 2
        else { return nil }
        let n = rows * s.columns
        return (s.columns, UnsafeBufferPointer(rebasing: floats(s.name)[(index * n)..<((index + 1) * n)]),
                UnsafeBufferPointer(rebasing: raw(h.name).assumingMemoryBound(to: UInt16.self)[(index * n)..<((index + 1) * n)]))
    }

    /// The model whose semantic views the store holds (`view.semanticOffers` …); nil when it holds none.
    package var semanticModel: String? {
        sections["semantic.model"] == nil ? nil : String(decoding: raw("semantic.model"), as: UTF8.self)
    }

    /// The noise floor's sample over the products of views `a` and `b` on the matchable
    /// rows, as the store was built with it (nil when it holds none).
    package func floorSample(_ a: VectorView, _ b: VectorView) -> NoiseFloor.Sample? {
        guard let s = sections[VectorStoreLayout.floorSection(a, b)], s.kind == .float64, s.length == 32 else { return nil }
        let v = raw(s.name)
        func at(_ i: Int) -> Double { Double(bitPattern: UInt64(littleEndian: v.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
        return NoiseFloor.Sample(rows: Int(at(0)), count: Int(at(1)), sum: at(2), squares: at(3))
    }

    /// The participants' own vectors (dimension 0 when none brought one).
    package var ownEmbeddingDimension: Int { sections["own.embedding"]?.columns ?? 0 }

    /// Ids of rows `0..<rows`, read in place (sorted when `rows` is at most `matchableRows`).
    package func rowIDs(rows: Int) -> MappedStrings {
        MappedStrings(offsets: UnsafeBufferPointer(rebasing: uint32s("ids.offsets")[0...rows]), text: raw("ids.text"), owner: self)
    }

    /// Which of rows `0..<rows` have anything in a view (nil when the file does not say).
    package func presence(of view: VectorView, rows: Int) -> UnsafeBufferPointer<UInt8>? {
        guard sections["present." + view.rawValue] != nil else { return nil }
        return UnsafeBufferPointer(rebasing: raw("present." + view.rawValue).assumingMemoryBound(to: UInt8.self)[0..<rows])
    }

    /// The lexical index of rows `0..<matchableRows`, read in place; nil when the file has
    /// no term lists or `rows` is not the matchable rows (the postings cover those).
    package func lexicalIndex(rows: Int) -> LexicalIndex? {
        guard rows == matchableRows, rows > 0, sections["postings.profile.offsets"] != nil else { return nil }
        var views: [VectorView: LexicalIndex.MappedView] = [:]
        for view in VectorView.lexical {
            let t = "terms." + view.rawValue, p = "postings." + view.rawValue
            views[view] = LexicalIndex.MappedView(
                rows: (UnsafeBufferPointer(rebasing: uint32s(t + ".offsets")[0...rows]), uint32s(t + ".ids"), floats(t + ".weights")),
                postings: (uint32s(p + ".offsets"), uint32s(p + ".rows"), floats(p + ".weights")))
        }
        return LexicalIndex(count: rows, termCount: uint32s("postings.profile.offsets").count - 1, views: views, owner: self)
    }

    func floats(_ name: String) -> UnsafeBufferPointer<Float> { raw(name).assumingMemoryBound(to: Float.self) }

    /// Ids of rows `0..<rows`.
    package func ids(rows: Int) -> [String] {
        let offsets = uint32s("ids.offsets"), text = raw("ids.text")
        return (0..<rows).map { r in
            String(decoding: UnsafeRawBufferPointer(rebasing: text[Int(offsets[r])..<Int(offsets[r + 1])]), as: UTF8.self)
        }
    }

    func flags(_ r: Int) -> UInt8 { raw("rows.flags")[r] }

    /// Rows `0..<rows` whose flags have any of `bits`, in one pass over the flags.
    func flagged(_ bits: UInt8, rows: Int) -> [Bool] {
        let f = raw("rows.flags")
        return (0..<rows).map { f[$0] & bits != 0 }
    }

    /// Whether a row's competence (its profile) is all zero.
    package func isEmptyProfile(rows: Int) -> [Bool] { flagged(RowFlags.hasCompetence, rows: rows).map { !$0 } }

    /// The rules' facts about rows `0..<rows`.
    package func directoryEntries(rows: Int) -> [ParticipantDirectory.Entry] {
        let reader = DirectoryReader(self)
        return (0..<rows).map { reader.entry($0) }
    }

    /// The directory of rows `0..<rows`, each entry decoded when a query looks at it.
    package func directory(rows: Int) -> ParticipantDirectory {
        let reader = DirectoryReader(self)
        return ParticipantDirectory(count: rows) { reader.entry($0) }
    }

    /// The `targetedCountries` pair term of rows `0..<rows` (`TargetedCountries.term`), read
    /// from the directory records in place: nil when no row targets countries.
    package func targetedCountriesTerm(rows: Int) -> PairTerm? {
        guard flagged(RowFlags.targetsCountries, rows: rows).contains(true) else { return nil }
        let reader = DirectoryReader(self)
        return PairTerm(name: .targetedCountries, range: 0...1) { i, j in
            (reader.targets(i, reader.country(j)) ? 0.5 : 0) + (reader.targets(j, reader.country(i)) ? 0.5 : 0)
        }
    }

    /// The exact lexical views of rows `0..<rows`, as `MatchStore.matchingSnapshot()`
    /// computed them (term ids and weights as stored); nil when the store holds none.
    /// - Complexity: O(terms of those rows).
    package func lexicalTerms(rows: Int) -> [LexicalTerms]? {
        guard sections["terms.profile.offsets"] != nil else { return nil }
        let columns = VectorView.lexical.map { view in
            let name = "terms." + view.rawValue
            return (offsets: uint32s(name + ".offsets"), ids: uint32s(name + ".ids"),
                    weights: raw(name + ".weights").assumingMemoryBound(to: Float.self))
        }
        return (0..<rows).map { r in
            let v = columns.map { c in
                let range = Int(c.offsets[r])..<Int(c.offsets[r + 1])
                return SparseVector(terms: Array(c.ids[range]), weights: Array(c.weights[range]))
            }
            return LexicalTerms(profile: v[0], offers: v[1], needs: v[2], keywords: v[3])
        }
    }

    /// Participants' own vectors of rows `0..<rows` (`own.embedding`, row-major, zeros for
    /// rows without) and which rows have one; nil when no row has.
    package func ownEmbeddings(rows: Int) -> OwnEmbeddings? {
        guard let section = sections["own.embedding"], section.columns > 0 else { return nil }
        let has = flagged(RowFlags.ownEmbedding, rows: rows)
        guard has.contains(true) else { return nil }
        let values = UnsafeBufferPointer(rebasing: raw(section.name).assumingMemoryBound(to: Float.self).prefix(rows * section.columns))
        return OwnEmbeddings(dimension: section.columns, values: values, has: has, owner: self)
    }

    /// Whether rows `0..<rows` declare their sides (EEN profiles).
    package func declaresSides(rows: Int) -> [Bool] { flagged(RowFlags.een, rows: rows) }

    /// The snapshot the store was built from, rows `0..<rows` (for engines that blend or
    /// select rows and so need their own arrays), with the semantic views when `semantic`.
    package func snapshotRows(rows: Int, semantic: Bool = false) -> [(id: String, vectors: ParticipantVectors, embedding: [Float]?)] {
        let ids = ids(rows: rows)
        let views = views.filter { semantic || !VectorView.semantic.contains($0.view) }
        let own = ownEmbeddingDimension
        let ownValues = sections["own.embedding"].map { raw($0.name).assumingMemoryBound(to: Float.self) }
        let terms = lexicalTerms(rows: rows)
        return (0..<rows).map { r in
            func row(_ view: VectorView, _ d: Int) -> [Float] { Array(values(of: view, rows: rows)![(r * d)..<(r * d + d)]) }
            let d = views.first { $0.view == .profile }?.dimension ?? 0
            var v = ParticipantVectors(profile: row(.profile, d), offers: row(.offers, d), needs: row(.needs, d), keywords: row(.keywords, d))
            for (view, vd) in views where !VectorView.lexical.contains(view) { v.extra[view] = row(view, vd) }
            v.lexical = terms?[r]
            let embedding = flags(r) & RowFlags.ownEmbedding != 0 ? ownValues.map { Array($0[(r * own)..<(r * own + own)]) } : nil
            return (ids[r], v, embedding)
        }
    }

    /// Rows `0..<rows` as a snapshot with `space`, as `MatchStore.matchingSnapshot()` loads them.
    package func snapshot(rows: Int, space: VectorSpace, semantic: Bool = false) -> MatchingSnapshot {
        MatchingSnapshot(space: space, rows: snapshotRows(rows: rows, semantic: semantic), directory: directoryByID(rows: rows))
    }

    /// The directory of rows `0..<rows`, by id (as `MatchingSnapshot.directory` holds it).
    package func directoryByID(rows: Int) -> [String: ParticipantDirectory.Entry] {
        let ids = ids(rows: rows), entries = directoryEntries(rows: rows)
        var out: [String: ParticipantDirectory.Entry] = [:]
        for r in 0..<rows where flags(r) & RowFlags.inDirectory != 0 { out[ids[r]] = entries[r] }
        return out
    }
}

/// A whole file mapped read-only; unmapped when the last user lets go. The file stays open
/// meanwhile, so that parts of it can be mapped again privately (`privateCopy`) from the
/// same file even after another process replaced the one at its path.
final class MappedFile: Sendable {
    enum Failure: Error, Equatable { case missing, unreadable }
    nonisolated(unsafe) private let base: UnsafeMutableRawPointer?
    let count: Int
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw errno == ENOENT ? Failure.missing : Failure.unreadable }
        var info = stat()
        guard fstat(fd, &info) == 0 else { close(fd); throw Failure.unreadable }
        count = Int(info.st_size)
        guard count > 0 else { base = nil; return }
        guard let p = mmap(nil, count, PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else { close(fd); throw Failure.unreadable }
        base = p
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A private, writable mapping of `bytes` (a part of this file's mapping starting on a
    /// page) with room for `capacity` bytes: a reservation of anonymous (zero) pages with the
    /// file's pages mapped over its start. O(1): nothing is read or copied.
    func privateCopy(of bytes: UnsafeRawBufferPointer, capacity: Int) -> PrivateMemory? {
        guard let base, let start = bytes.baseAddress, capacity >= bytes.count else { return nil }
        // The machine's page, which may be larger than the file's 4 KiB alignment (a section
        // that does not start on one is copied by the caller instead).
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        func aligned(_ n: Int) -> Int { (n + page - 1) / page * page }
        let offset = UnsafeRawPointer(start) - UnsafeRawPointer(base)
        guard page > 0, offset >= 0, offset % page == 0, offset + bytes.count <= count else { return nil }
        let length = aligned(max(1, capacity))
        guard let region = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), region != MAP_FAILED else {
            return nil
        }
        // Whole pages of the file only (a page wholly past its end would fault).
        let filePages = min(aligned(bytes.count), aligned(count) - offset)
        if filePages > 0 {
            let mapped = mmap(region, filePages, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, off_t(offset))
            guard mapped == region else {
                munmap(region, length)
                return nil
            }
        }
        return PrivateMemory(base: region, capacity: length) { munmap($0, $1) }
    }

    deinit {
        if let base { munmap(base, count) }
        close(fd)
    }
}

/// Reads the directory's records in place, one row at a time: strings are decoded only for
/// the rows asked about (the store's sections are looked up once, here).
struct DirectoryReader: @unchecked Sendable {
    private let store: VectorStore
    private let offsets: UnsafeBufferPointer<UInt32>
    private let text: UnsafeRawBufferPointer
    private let records: UnsafeBufferPointer<UInt32>
    private let lists: UnsafeBufferPointer<UInt32>
    private let flags: UnsafeRawBufferPointer

    init(_ store: VectorStore) {
        self.store = store
        offsets = store.uint32s("strings.offsets")
        text = store.raw("strings.text")
        records = store.uint32s("directory")
        lists = store.uint32s("lists")
        flags = store.raw("rows.flags")
    }

    private func string(_ i: UInt32) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: text[Int(offsets[Int(i)])..<Int(offsets[Int(i) + 1])]), as: UTF8.self)
    }

    private func column(_ r: Int, _ c: Int) -> UInt32 { records[r * DirectoryColumns.width + c] }

    private func list(_ r: Int, _ c: Int) -> [String] {
        let start = Int(column(r, c)), count = Int(column(r, c + 1))
        return (start..<(start + count)).map { string(lists[$0]) }
    }

    /// Row r's entry, as `VectorStore.write` stored it.
    func entry(_ r: Int) -> ParticipantDirectory.Entry {
        withExtendedLifetime(store) {
            let f = flags[r], organisation = column(r, 2), type = column(r, 5)
            let employees = Int64(bitPattern: UInt64(column(r, 3)) | UInt64(column(r, 4)) << 32)
            return ParticipantDirectory.Entry(
                kind: ParticipantKind(rawValue: string(column(r, 0))) ?? .other, country: string(column(r, 1)),
                organisation: organisation == DirectoryColumns.none ? nil : string(organisation),
                employees: f & RowFlags.hasEmployees != 0 ? Int(employees) : nil, clusters: Set(list(r, 6)),
                optOut: f & RowFlags.optOut != 0,
                een: f & RowFlags.een != 0
                    ? EENPartnering(type: type == DirectoryColumns.none ? nil : string(type), partnershipTypes: list(r, 8), targetedCountries: list(r, 10))
                    : nil)
        }
    }

    /// Row r's country, as an index into the store's distinct strings.
    func country(_ r: Int) -> UInt32 { column(r, 1) }

    /// Whether row r targets the country with string index `country` (equal indices are equal strings).
    func targets(_ r: Int, _ country: UInt32) -> Bool {
        withExtendedLifetime(store) {
            let start = Int(column(r, 10)), count = Int(column(r, 11))
            return lists[start..<(start + count)].contains(country)
        }
    }
}

/// Participants' own vectors as a vector store holds them, read in place.
package struct OwnEmbeddings: @unchecked Sendable {
    /// Numbers per vector.
    package let dimension: Int
    /// Rows × dimension, row-major; zeros for rows without a vector.
    package let values: UnsafeBufferPointer<Float>
    /// Which rows have a vector.
    package let has: [Bool]
    /// Keeps the mapping alive while the values are read.
    package let owner: AnyObject
}

extension VectorStore {
    /// The document frequency of every feature when the store was built (the IDF its rows
    /// were weighted with); nil for a store written before it held them.
    /// - Complexity: O(features).
    package func featureDocumentFrequencies() -> [String: Int]? {
        guard sections["features"] != nil else { return nil }
        let section = raw("features")
        return withExtendedLifetime(self) { () -> [String: Int]? in
            // Checked before use: a damaged section gives nil (the store is rebuilt), never a bad read.
            guard section.count >= 4 else { return nil }
            let words = section.assumingMemoryBound(to: UInt32.self)
            let n = Int(words[0])
            guard 4 * (2 * n + 2) <= section.count else { return nil }
            let documents = UnsafeBufferPointer(rebasing: words[1..<(1 + n)])
            let offsets = UnsafeBufferPointer(rebasing: words[(1 + n)..<(2 + 2 * n)])
            let text = UnsafeRawBufferPointer(rebasing: section[(4 * (2 * n + 2))...])
            guard offsets.first == 0, Int(offsets.last!) == text.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
            else { return nil }
            let names = MappedStrings(offsets: offsets, text: text, owner: self)
            var df: [String: Int] = [:]
            df.reserveCapacity(n)
            for i in 0..<n { df[names[i]] = Int(documents[i]) }
            return df
        }
    }
}

extension VectorStore: PrivatelyRemappable {
    /// A private, writable mapping of a part of the file (an engine's view written in place).
    package func privateCopy(of bytes: UnsafeRawBufferPointer, capacity: Int) -> PrivateMemory? {
        mapping.privateCopy(of: bytes, capacity: capacity)
    }
}
