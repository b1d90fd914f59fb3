// Match quality on a planted landscape: recall@10 of the planted partners for ClusterMatch
// and for keyword search (Jaccard overlap of keyword words), at several sizes and vector
// dimensions. Results: one JSON object per line on stdout.
//
//   quality-bench [--pairs 300] [--distractors 1200] [--dimensions 256,1024]
import Foundation
import MatchCore
import _Evaluation

var settings = PlantedLandscape.Settings()
var dimensions = [256]
var args = Array(CommandLine.arguments.dropFirst())
while args.count >= 2 {
    let (key, value) = (args.removeFirst(), args.removeFirst())
    switch key {
    case "--pairs": settings.pairs = Int(value)!
    case "--distractors": settings.distractors = Int(value)!
    case "--dimensions": dimensions = value.split(separator: ",").map { Int($0)! }
    case "--seed": settings.seed = UInt64(value)!
    default: fatalError("unknown option \(key)")
    }
}
let landscape = PlantedLandscape(settings)
let n = landscape.participants.count
let jaccard = landscape.recall(at: 10, landscape.jaccardRanking(k: 10))
print("{\"job\":\"quality\",\"method\":\"jaccard\",\"participants\":\(n),\"planted\":\(landscape.planted.count),\"recall_at_10\":\(String(format: "%.4f", jaccard))}")
for d in dimensions {
    let recall = landscape.recall(at: 10, landscape.engineRanking(k: 10, dimension: d))
    print("{\"job\":\"quality\",\"method\":\"clustermatch-brokerage\",\"dimension\":\(d),\"participants\":\(n),\"planted\":\(landscape.planted.count),\"recall_at_10\":\(String(format: "%.4f", recall))}")
}
