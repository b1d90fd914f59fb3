import Foundation

/// Strings laid out back to back as UTF-8 with `count + 1` offsets, in read-only memory
/// that `owner` keeps (a memory-mapped vector store): read one at a time, in place.
public struct MappedStrings: @unchecked Sendable {
    let offsets: UnsafeBufferPointer<UInt32>
    let text: UnsafeRawBufferPointer
    let owner: any AnyObject & Sendable

    /// `offsets` holds one more entry than there are strings; string i is
    /// `text[offsets[i]..<offsets[i + 1]]`.
    public init(offsets: UnsafeBufferPointer<UInt32>, text: UnsafeRawBufferPointer, owner: any AnyObject & Sendable) {
        precondition(!offsets.isEmpty, "strings need at least one offset")
        self.offsets = offsets
        self.text = text
        self.owner = owner
    }

    public var count: Int { offsets.count - 1 }

    public subscript(i: Int) -> String {
        withExtendedLifetime(owner) {
            String(decoding: UnsafeRawBufferPointer(rebasing: text[Int(offsets[i])..<Int(offsets[i + 1])]), as: UTF8.self)
        }
    }
}

/// A matrix's row ids: an array, or strings read in place from a vector store. Lookups by
/// id never hash every id: a mapped list is sorted, so it is searched by halves; the array's
/// dictionary is made on first use.
final class RowIDs: @unchecked Sendable {
    private let array: [String]?
    private let mapped: MappedStrings?
    let count: Int
    private let lock = NSLock()
    private var materialised: [String]?
    private var byID: [String: Int]?

    init(_ ids: [String]) {
        array = ids
        mapped = nil
        count = ids.count
    }

    /// Ids sorted in `String` order (a vector store's rows are).
    init(sorted ids: MappedStrings) {
        array = nil
        mapped = ids
        count = ids.count
    }

    subscript(r: Int) -> String { array?[r] ?? mapped![r] }

    /// Every id, as an array (made once from mapped ids).
    var all: [String] {
        if let array { return array }
        lock.lock()
        defer { lock.unlock() }
        if let materialised { return materialised }
        let made = (0..<count).map { mapped![$0] }
        materialised = made
        return made
    }

    func row(of id: String) -> Int? {
        if let mapped {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if mapped[mid] < id { lo = mid + 1 } else { hi = mid }
            }
            return lo < count && mapped[lo] == id ? lo : nil
        }
        lock.lock()
        defer { lock.unlock() }
        // An id appended after its removal (`CompetenceMatrix.apply`) is looked up by its move.
        if byID == nil { byID = Dictionary(array!.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }) }
        return byID![id]
    }
}

extension LexicalIndex {
    /// One view's compressed rows and postings in read-only memory that `owner` keeps:
    /// starts, indices and values as `LexicalIndex` lays them out (rows: `count + 1` starts
    /// into term ids and weights; postings: `termCount + 1` starts into rows and weights).
    public struct MappedView: @unchecked Sendable {
        public var rows: (start: UnsafeBufferPointer<UInt32>, index: UnsafeBufferPointer<UInt32>, value: UnsafeBufferPointer<Float>)
        public var postings: (start: UnsafeBufferPointer<UInt32>, index: UnsafeBufferPointer<UInt32>, value: UnsafeBufferPointer<Float>)

        public init(rows: (start: UnsafeBufferPointer<UInt32>, index: UnsafeBufferPointer<UInt32>, value: UnsafeBufferPointer<Float>),
                    postings: (start: UnsafeBufferPointer<UInt32>, index: UnsafeBufferPointer<UInt32>, value: UnsafeBufferPointer<Float>)) {
            self.rows = rows
            self.postings = postings
        }
    }
}
