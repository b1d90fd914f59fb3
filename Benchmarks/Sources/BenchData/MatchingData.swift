// The generated matching workload, shared by matching-bench (which also writes the vectors
// for the peer script, numpy and faiss) and the package-benchmark suite
// MatchingBenchmarks, so that every timing is of the same job on the same vectors.
import Foundation
import MatchCore

/// The matching jobs: `cosine`/`peers` read one vector set, `reciprocal` offers and
/// needs, `brokerage` all three (the default profile's parts).
public enum MatchingJob: String, CaseIterable, Sendable {
    case cosine, peers, reciprocal, brokerage

    public var weights: ScoringWeights {
        switch self {
        case .cosine, .peers: .peers
        case .reciprocal: ScoringWeights(similarity: 0, complementarity: 1)
        case .brokerage: .brokerage
        }
    }

    /// Whether the job reads offers and needs besides the profile vectors.
    public var usesOffersAndNeeds: Bool { self == .reciprocal || self == .brokerage }
}

/// Unit vectors around a few hundred topic centres (the shape of real competence data:
/// many participants near each other, not uniform noise). Row-major, `n × d`.
public func generateVectors(n: Int, d: Int, seed: UInt64) -> [Float] {
    var rng = SplitMix64(seed: seed)
    func gaussian() -> Float {
        let u = max(Double.ulpOfOne, Double(rng.next() >> 11) / Double(1 << 53)), v = Double(rng.next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }
    let topics = max(1, min(500, n / 40))
    let centres = (0..<topics * d).map { _ in gaussian() }
    var out = [Float](repeating: 0, count: n * d)
    for i in 0..<n {
        let c = Int(rng.next() % UInt64(topics))
        var norm: Float = 0
        for k in 0..<d {
            let x = centres[c * d + k] + 1.2 * gaussian()
            out[i * d + k] = x
            norm += x * x
        }
        norm = norm.squareRoot()
        for k in 0..<d { out[i * d + k] /= norm }
    }
    return out
}

/// Writes raw float32 vectors (native byte order), as `peers.py` reads them with numpy.
public func writeVectors(_ floats: [Float], to path: String) {
    floats.withUnsafeBytes { _ = FileManager.default.createFile(atPath: path, contents: Data($0)) }
}

/// The matrix for a job: `n` participants of dimension `d` from `seed` (profile vectors),
/// `seed + 1` (offers) and `seed + 2` (needs). With `dataPath`, the vectors are also
/// written there (offers and needs beside it, as `.offers` and `.needs`).
public func matchingMatrix(job: MatchingJob, n: Int, d: Int, seed: UInt64 = 42, dataPath: String? = nil) -> (CompetenceMatrix, ScoringWeights) {
    let profile = generateVectors(n: n, d: d, seed: seed)
    if let dataPath { writeVectors(profile, to: dataPath) }
    let zero = [Float](repeating: 0, count: d)
    var offers: [Float] = [], needs: [Float] = []
    if job.usesOffersAndNeeds {
        offers = generateVectors(n: n, d: d, seed: seed &+ 1)
        needs = generateVectors(n: n, d: d, seed: seed &+ 2)
        if let dataPath { writeVectors(offers, to: dataPath + ".offers"); writeVectors(needs, to: dataPath + ".needs") }
    }
    let rows = (0..<n).map { i -> (id: String, vectors: ParticipantVectors) in
        let r = i * d..<(i + 1) * d
        let p = job == .reciprocal ? Array(offers[r]) : Array(profile[r])  // non-empty marker for reciprocal
        return (String(format: "p%07d", i),
                ParticipantVectors(profile: p, offers: offers.isEmpty ? zero : Array(offers[r]),
                                   needs: needs.isEmpty ? zero : Array(needs[r]), keywords: zero))
    }
    return (CompetenceMatrix(dimension: d, rows: rows), job.weights)
}

/// The rows whose vectors the single-query jobs ask with, in order: the same sequence in
/// matching-bench and MatchingBenchmarks (peers.py draws its own, with numpy).
public struct QueryRows: Sendable {
    var rng: SplitMix64
    public let n: Int
    public init(n: Int, seed: UInt64 = 7) { self.n = n; rng = SplitMix64(seed: seed) }
    public mutating func next() -> Int { Int(rng.next() % UInt64(n)) }
}

/// The process's peak resident set (VmHWM) in MiB, or -1 where /proc is not there.
public func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
    let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? -1
    return kb / 1024
}
