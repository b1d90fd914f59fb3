import Foundation
import MatchCore

/// What a vector store file is stamped with: the database it was built from and that
/// database's generation then (see `Schema.vectorStore`). A store is current exactly when
/// its stamp equals the database's.
package struct StoreStamp: Sendable, Hashable, CustomStringConvertible {
    /// The database's identity (32 hex digits, made once per database).
    package var databaseID: String
    /// Moves on every change to participants, memberships, stored features, taxonomy or dimension.
    package var generation: Int64
    /// Random, renewed with every move (two copies that diverge never share a stamp).
    package var token: Int64

    package init(databaseID: String, generation: Int64, token: Int64) {
        self.databaseID = databaseID
        self.generation = generation
        self.token = token
    }

    package var description: String { "generation \(generation)" }
}

/// The layout of a vector store file, version 6 (docs/vector-store.md describes it for
/// readers outside this code). Little-endian throughout.
///
/// ```
/// 0      header page (4096 bytes)
///          0  magic "CMVSTORE"          8  format version (UInt32)    12  section count (UInt32)
///         16  generation (Int64)        24  token (Int64)             32  database id (32 ASCII hex)
///         64  rows (UInt64)             72  matchable rows (UInt64)   80  file length (UInt64)
///         88  payload checksum (UInt64) 96  header checksum (UInt64, of this page with it zeroed)
///        104  documents (UInt64: participants in the database, the IDF's document count)
///        128  section table: 64 bytes each: name (40 bytes UTF-8, NUL-padded), kind (UInt32),
///             columns (UInt32), offset (UInt64), length in bytes (UInt64)
/// 4096   sections, each starting on a 4096-byte boundary, zero padding between them
/// end-16 trailer: "CMVSTEND", generation (Int64)
/// ```
enum VectorStoreLayout {
    static let magic = Array("CMVSTORE".utf8)
    static let trailerMagic = Array("CMVSTEND".utf8)
    static let version: UInt32 = 6
    static let page = 4096
    static let headerSize = 4096
    static let tableOffset = 128
    static let entrySize = 64
    static let nameSize = 40
    static let trailerSize = 16
    static var maximumSections: Int { (headerSize - tableOffset) / entrySize }

    /// What a section holds.
    enum Kind: UInt32 {
        /// float32, `columns` per row.
        case float32 = 1
        /// IEEE half precision, `columns` per row.
        case float16 = 2
        /// UInt32 values.
        case uint32 = 3
        /// Bytes (UTF-8 text, one byte of flags per row).
        case bytes = 4
        /// float64 values.
        case float64 = 5
    }

    /// The section of a noise floor's sample over the products of views `a` and `b`.
    static func floorSection(_ a: VectorView, _ b: VectorView) -> String { "floor.\(a.rawValue).\(b.rawValue)" }

    static func aligned(_ n: Int) -> Int { (n + page - 1) / page * page }
}

/// A section of a store file: its name, what it holds and where.
struct VectorStoreSection: Sendable, Hashable {
    var name: String
    var kind: VectorStoreLayout.Kind
    var columns: Int
    var offset: Int
    var length: Int
}

/// A 64-bit checksum (FNV-1a over 8-byte words, then the tail bytes): fast enough to run
/// over a whole store while writing it, and in `doctor`.
struct StoreChecksum {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private var pending: [UInt8] = []

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var start = 0
        if !pending.isEmpty {
            let take = min(8 - pending.count, bytes.count)
            pending += bytes[0..<take]
            start = take
            if pending.count == 8 {
                value = (value ^ pending.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }) &* 0x100_0000_01b3
                pending = []
            }
        }
        let words = (bytes.count - start) / 8
        for w in 0..<words {
            value = (value ^ bytes.loadUnaligned(fromByteOffset: start + w * 8, as: UInt64.self)) &* 0x100_0000_01b3
        }
        pending += bytes[(start + words * 8)...]
    }

    /// The checksum of everything added (the unfinished word's bytes folded in one by one).
    var final: UInt64 {
        var v = value
        for b in pending { v = (v ^ UInt64(b)) &* 0x100_0000_01b3 }
        return v
    }
}
