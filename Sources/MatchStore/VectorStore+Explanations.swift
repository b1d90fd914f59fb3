import MatchCore

/// What explaining needs of every participant, as a vector store keeps it (format 6, the
/// `explain.offsets` and `explain.data` sections): one `ExplainableTerms` record per row,
/// numbered by the vocabulary of the space the store was built with. `match-all` decodes
/// these instead of analysing every participant's texts again (docs/vector-store.md).
///
/// A participant written in place after the store was built (`forget`) is no longer read
/// from here, nor is any participant when the engine's vocabulary numbers names otherwise
/// than the store's (`terms(row:id:vocabulary:)` compares their fingerprints): those are
/// analysed from their texts.
package struct StoredExplanations: @unchecked Sendable {
    private let store: VectorStore
    /// Row r's record starts at byte `8 × offsets[r]` of `data`, ends where row r + 1's starts.
    private let offsets: UnsafeBufferPointer<UInt32>
    private let data: UnsafeRawBufferPointer
    private let ids: MappedStrings
    /// The vocabulary's size and checksum (`ExplanationVocabulary.fingerprint`) the records are numbered by.
    package let vocabulary: (count: Int, checksum: UInt64)
    /// Participants written since the store was built.
    package private(set) var forgotten: Set<String> = []

    /// Bytes at the start of `explain.data` before the first record: the vocabulary's count and checksum.
    static let dataHeader = 16

    init?(_ store: VectorStore) {
        let offsets = store.uint32s("explain.offsets"), data = store.raw("explain.data")
        guard offsets.count == store.rows + 1, data.count >= Self.dataHeader,
              Int(offsets[store.rows]) * 8 == data.count else { return nil }
        self.store = store
        self.offsets = offsets
        self.data = data
        ids = store.rowIDs(rows: store.rows)
        vocabulary = (Int(UInt64(littleEndian: data.loadUnaligned(fromByteOffset: 0, as: UInt64.self))),
                      UInt64(littleEndian: data.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// Whether `vocabulary` numbers names as the records do (else none of them is read).
    package func canRead(_ vocabulary: ExplanationVocabulary) -> Bool { vocabulary.fingerprint == self.vocabulary }

    /// No longer reads these participants' records (they changed after the store was built).
    package mutating func forget(_ changed: some Sequence<String>) { forgotten.formUnion(changed) }

    /// The terms of participant `id` (at the engine's `row`, which is the store's row when
    /// the engine was loaded from it), decoded from its record; nil when the store holds
    /// none for it that `vocabulary` can read (the caller analyses its texts instead).
    /// - Complexity: O(its record) when `row` is its store row, else O(log rows) more to find it.
    package func terms(row: Int, id: String, vocabulary: ExplanationVocabulary) -> ExplainableTerms? {
        guard vocabulary.fingerprint == self.vocabulary, !forgotten.contains(id), let r = storeRow(row, id) else { return nil }
        return withExtendedLifetime(store) {
            let start = Int(offsets[r]) * 8, end = Int(offsets[r + 1]) * 8
            return ExplainableTerms(record: UnsafeRawBufferPointer(rebasing: data[start..<end]), vocabulary: vocabulary)
        }
    }

    /// The store's row of `id`: `guess` when it is that row, else searched by halves in the
    /// matchable rows and in the others (each part sorted by id).
    private func storeRow(_ guess: Int, _ id: String) -> Int? {
        if guess < ids.count && ids[guess] == id { return guess }
        for part in [0..<store.matchableRows, store.matchableRows..<store.rows] {
            var lo = part.lowerBound, hi = part.upperBound
            while lo < hi {
                let mid = (lo + hi) / 2, s = ids[mid]
                if s == id { return mid }
                if s < id { lo = mid + 1 } else { hi = mid }
            }
        }
        return nil
    }
}

extension VectorStore {
    /// The participants' explanation records (nil when the file holds none).
    package var explanations: StoredExplanations? { StoredExplanations(self) }
}

/// The explanation records a store is written with: one per row in row order, numbered by
/// the vocabulary with this fingerprint (`ExplanationVocabulary.fingerprint`).
struct ExplanationRecords {
    var vocabulary: (count: Int, checksum: UInt64)
    var records: [[UInt8]]
}
