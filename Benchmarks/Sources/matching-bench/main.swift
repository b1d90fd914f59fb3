// Times ClusterMatch's matching core on generated data and writes that data where the
// peer script (numpy, faiss) reads it, so both do the same job on the same vectors.
//
//   matching-bench allpairs --n 20000 --d 256 --k 10 --job cosine|reciprocal|brokerage [--data FILE] [--ids FILE]
//   matching-bench query --n 100000 --d 256 --k 10 --job peers|brokerage [--queries 200] [--data FILE]
//
// Results: one JSON object on stdout. Progress and notes: stderr. The data generator is
// BenchData, shared with the package-benchmark suite (Benchmarks/MatchingBenchmarks).
import Foundation
import BenchData
import LinearAlgebra
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

/// CPU time of this process (user + system), less sensitive than wall time to a busy machine.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let blas = BLASInfo.current()
FileHandle.standardError.write(Data("BLAS: \(blas.implementation), \(blas.threads.map(String.init) ?? "?") threads\n".utf8))
guard let job = MatchingJob(rawValue: options.job) else { fatalError("unknown job \(options.job)") }
let (m, weights) = matchingMatrix(job: job, n: options.n, d: options.d, seed: options.seed, dataPath: options.data)

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
    var rows = QueryRows(n: options.n)
    var times: [Double] = []
    _ = matcher.topMatches(forRow: 0, k: options.k)  // warm up
    for _ in 0..<options.queries {
        let row = rows.next()
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
