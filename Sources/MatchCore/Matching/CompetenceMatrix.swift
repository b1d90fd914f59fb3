internal import CKernels
import Foundation

/// The dense vectors of every matchable participant, row-major, rows sorted by id so that
/// ties between equal scores are broken by id simply by comparing row numbers.
public struct CompetenceMatrix: Sendable {
    public private(set) var ids: [String]
    public let dimension: Int
    /// N×dimension each.
    public private(set) var profile: [Float]
    public private(set) var offers: [Float]
    public private(set) var needs: [Float]
    public private(set) var keywords: [Float]
    /// Rows whose profile vector is all zero: they get no matches and appear in none.
    public private(set) var isEmptyProfile: [Bool]
    private var rowByID: [String: Int]
    /// Half-precision copies of the views, made on first use: only single queries need them
    /// (all-pairs runs and the small cluster matrices never do).
    private let halves = HalfPrecisionCopies()

    /// Half-precision copies of the four views, for the single-query prefilter (which is
    /// bound by memory reads); exact scores always come from the float32 rows.
    public var halfProfile: [UInt16] { halves.copy(0, of: profile) }
    public var halfOffers: [UInt16] { halves.copy(1, of: offers) }
    public var halfNeeds: [UInt16] { halves.copy(2, of: needs) }
    public var halfKeywords: [UInt16] { halves.copy(3, of: keywords) }

    /// Builds the matrix; rows are sorted by id whatever the input order.
    public init(dimension: Int, rows: [(id: String, vectors: ParticipantVectors)]) {
        let sorted = rows.sorted { $0.id < $1.id }
        self.dimension = dimension
        ids = sorted.map(\.id)
        profile = []; offers = []; needs = []; keywords = []
        profile.reserveCapacity(sorted.count * dimension)
        offers.reserveCapacity(sorted.count * dimension)
        needs.reserveCapacity(sorted.count * dimension)
        keywords.reserveCapacity(sorted.count * dimension)
        isEmptyProfile = []
        for row in sorted {
            precondition(row.vectors.profile.count == dimension && row.vectors.offers.count == dimension
                         && row.vectors.needs.count == dimension && row.vectors.keywords.count == dimension, "vector of the wrong dimension for \(row.id)")
            profile += row.vectors.profile
            offers += row.vectors.offers
            needs += row.vectors.needs
            keywords += row.vectors.keywords
            isEmptyProfile.append(row.vectors.profile.allSatisfy { $0 == 0 })
        }
        rowByID = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    }

    static func half(_ v: [Float]) -> [UInt16] {
        var out = [UInt16](repeating: 0, count: v.count)
        v.withUnsafeBufferPointer { src in out.withUnsafeMutableBufferPointer { cm_to_half(src.baseAddress!, $0.baseAddress!, v.count) } }
        return out
    }

    public var count: Int { ids.count }

    public func row(of id: String) -> Int? { rowByID[id] }

    /// The three vectors of one row.
    public func vectors(row: Int) -> ParticipantVectors {
        let range = row * dimension..<(row + 1) * dimension
        return ParticipantVectors(profile: Array(profile[range]), offers: Array(offers[range]), needs: Array(needs[range]),
                                  keywords: Array(keywords[range]))
    }
}

/// Half-precision copies made once, on first use, shared by copies of the matrix (whose
/// vectors never change after it is made).
final class HalfPrecisionCopies: @unchecked Sendable {
    private let lock = NSLock()
    private var copies: [Int: [UInt16]] = [:]

    func copy(_ view: Int, of source: [Float]) -> [UInt16] {
        lock.lock()
        defer { lock.unlock() }
        if let made = copies[view] { return made }
        let made = CompetenceMatrix.half(source)
        copies[view] = made
        return made
    }
}
