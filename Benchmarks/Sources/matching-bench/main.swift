// Times ClusterMatch's matching core on generated data and writes that data where the
// peer script (numpy, faiss) reads it, so both do the same job on the same vectors.
//
//   matching-bench allpairs --n 20000 --d 256 --k 10 --job cosine|reciprocal|brokerage [--data FILE] [--ids FILE]
//   matching-bench query --n 100000 --d 256 --k 10 --job peers|brokerage [--queries 200] [--data FILE]
//
// Results: one JSON object on stdout. Progress and notes: stderr.
import Foundation
import MatchCore

struct Options {
    var command = "allpairs"
    var n = 20_000, d = 256, k = 10, queries = 200
    var job = "cosine"
    var data: String?
    var ids: String?
    var seed: UInt64 = 42
    var tile = 512

    init(_ args: [String]) {
        command = args.first ?? "allpairs"
        var i = 1
        while i + 1 < args.count {
            let v = args[i + 1]
            switch args[i] {
            case "--n": n = Int(v)!
            case "--d": d = Int(v)!
            case "--k": k = Int(v)!
            case "--queries": queries = Int(v)!
            case "--job": job = v
            case "--data": data = v
            case "--ids": ids = v
            case "--seed": seed = UInt64(v)!
            case "--tile": tile = Int(v)!
            default: fatalError("unknown option \(args[i])")
            }
            i += 2
        }
    }
}

/// Unit vectors around a few hundred topic centres (the shape of real competence data:
/// many participants near each other, not uniform noise).
func generate(n: Int, d: Int, seed: UInt64) -> [Float] {
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

/// CPU time of this process (user + system), less sensitive than wall time to a busy machine.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
    let kb = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? -1
    return kb / 1024
}

func write(_ floats: [Float], to path: String) {
    floats.withUnsafeBytes { FileManager.default.createFile(atPath: path, contents: Data($0)) }
}

/// Builds the matrix for a job: `cosine`/`peers` uses one vector set; `reciprocal` offers
/// and needs; `brokerage` all three (the default profile's parts).
func matrix(_ o: Options) -> (CompetenceMatrix, ScoringWeights) {
    let d = o.d, n = o.n
    let profile = generate(n: n, d: d, seed: o.seed)
    if let data = o.data { write(profile, to: data) }
    let zero = [Float](repeating: 0, count: d)
    var offers: [Float] = [], needs: [Float] = []
    if o.job != "cosine" && o.job != "peers" {
        offers = generate(n: n, d: d, seed: o.seed &+ 1)
        needs = generate(n: n, d: d, seed: o.seed &+ 2)
        if let data = o.data { write(offers, to: data + ".offers"); write(needs, to: data + ".needs") }
    }
    let weights: ScoringWeights
    switch o.job {
    case "cosine", "peers": weights = .peers
    case "reciprocal": weights = ScoringWeights(similarity: 0, complementarity: 1)
    default: weights = .brokerage
    }
    let rows = (0..<n).map { i -> (id: String, vectors: ParticipantVectors) in
        let r = i * d..<(i + 1) * d
        let p = o.job == "reciprocal" ? Array(offers[r]) : Array(profile[r])  // non-empty marker for reciprocal
        return (String(format: "p%07d", i),
                ParticipantVectors(profile: p, offers: offers.isEmpty ? zero : Array(offers[r]),
                                   needs: needs.isEmpty ? zero : Array(needs[r]), keywords: zero))
    }
    return (CompetenceMatrix(dimension: d, rows: rows), weights)
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let blas = BLASInfo.current()
FileHandle.standardError.write(Data("BLAS: \(blas.implementation), \(blas.threads.map(String.init) ?? "?") threads\n".utf8))
let (m, weights) = matrix(options)

switch options.command {
case "allpairs":
    let start = Date(), cpu0 = cpuSeconds()
    let lists = Matcher(matrix: m, weights: weights).allTopMatches(k: options.k, tileRows: options.tile)
    let seconds = Date().timeIntervalSince(start), cpu = cpuSeconds() - cpu0
    if let ids = options.ids {
        // Row numbers of each row's top k, for the exactness comparison with faiss.
        let text = lists.map { $0.map { String($0.row) }.joined(separator: " ") }.joined(separator: "\n") + "\n"
        try! text.write(toFile: ids, atomically: true, encoding: .utf8)
    }
    print("{\"tool\":\"clustermatch\",\"job\":\"allpairs-\(options.job)\",\"n\":\(options.n),\"d\":\(options.d),\"k\":\(options.k),\"seconds\":\(String(format: "%.3f", seconds)),\"cpu_seconds\":\(String(format: "%.3f", cpu)),\"peak_rss_mib\":\(String(format: "%.0f", peakRSSMiB()))}")
case "query":
    let matcher = Matcher(matrix: m, weights: weights)
    var rng = SplitMix64(seed: 7)
    var times: [Double] = []
    _ = matcher.topMatches(forRow: 0, k: options.k)  // warm up
    for _ in 0..<options.queries {
        let row = Int(rng.next() % UInt64(options.n))
        let q = m.vectors(row: row)
        let t0 = Date()
        _ = matcher.topMatches(for: q, k: options.k, excluding: row)
        times.append(Date().timeIntervalSince(t0) * 1000)
    }
    times.sort()
    let median = times[times.count / 2], p95 = times[times.count * 95 / 100]
    print("{\"tool\":\"clustermatch\",\"job\":\"query-\(options.job)\",\"n\":\(options.n),\"d\":\(options.d),\"k\":\(options.k),\"median_ms\":\(String(format: "%.2f", median)),\"p95_ms\":\(String(format: "%.2f", p95))}")
default:
    fatalError("unknown command \(options.command)")
}
