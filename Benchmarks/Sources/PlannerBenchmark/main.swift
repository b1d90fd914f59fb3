// Plans a synthetic brokerage event and reports time and quality against the planner's
// own upper bound. Usage:
//   swift run -c release --package-path Benchmarks PlannerBenchmark [participants] [slots] [tables] [candidates] [acceptedShare] [seeds] [--fairness-cost]
// Defaults: 1000 16 300 15 0.05 3. Writes one line per seed and a summary to stdout.
// --fairness-cost: plans each instance with fairness 0 and 1 and reports the total meeting
// score (pair scores only, no request or fairness bonuses), who is left without meetings,
// and the relative score cost of fairness.

import EventPlanner
import Foundation
import PlannerData

let flags = Set(CommandLine.arguments.dropFirst().filter { $0.hasPrefix("--") })
let args = CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("--") }
func arg(_ i: Int, _ d: Double) -> Double { i < args.count ? Double(args[i]) ?? d : d }
let n = Int(arg(0, 1000)), slotCount = Int(arg(1, 16)), tableCount = Int(arg(2, 300)), k = Int(arg(3, 15))
let acceptedShare = arg(4, 0.05), seeds = Int(arg(5, 3))
let size = PlannerInstanceSize(participants: n, slots: slotCount, tables: tableCount, candidates: k, acceptedShare: acceptedShare)

/// The generated event (PlannerData, shared with the PlannerBenchmarks suite).
func instance(seed: UInt64, fairness: Double = 1) -> (Event, [Candidate]) {
    plannerInstance(size, seed: seed, fairness: fairness)
}

if flags.contains("--fairness-cost") {
    print("fairness cost: participants \(n), slots \(slotCount), tables \(tableCount), candidates/participant \(k), accepted share \(acceptedShare)")
    var costs: [Double] = []
    for seed in 1...UInt64(seeds) {
        var line: [String] = []
        var scores: [Double] = []
        for fairness in [0.0, 1.0] {
            let (event, candidates) = instance(seed: seed, fairness: fairness)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let schedule = Planner.plan(event, candidates: candidates)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            let s = schedule.stats
            // Pair scores only: the sum of the meetings' scores, no request or fairness bonuses.
            let score = schedule.meetings.reduce(0) { $0 + $1.score }
            scores.append(score)
            let valid = ScheduleValidator.validate(schedule, against: event).isEmpty
            line.append(String(format: "fairness %.0f: score %.2f, %d meetings, without meetings %d, min %d, gini %.3f, accepted %d/%d, %.3f%% of bound, %.3f s%@",
                               fairness, score, s.meetings, s.withoutMeetings, s.perParticipantMin, s.gini,
                               s.requestsAccepted.placed, s.requestsAccepted.total, s.objective / s.upperBound * 100, seconds, valid ? "" : " INVALID"))
        }
        let cost = (scores[0] - scores[1]) / scores[0]
        costs.append(cost)
        print("seed \(seed): " + line.joined(separator: "; ") + String(format: "; cost %.3f%%", cost * 100))
    }
    print(String(format: "fairness cost: mean %.3f%%, max %.3f%% of the total meeting score", costs.reduce(0, +) / Double(costs.count) * 100, costs.max()! * 100))
    exit(0)
}

print("participants \(n), slots \(slotCount), tables \(tableCount), candidates/participant \(k), accepted share \(acceptedShare)")
var times: [Double] = [], shares: [Double] = []
for seed in 1...UInt64(seeds) {
    let (event, candidates) = instance(seed: seed)
    let t0 = DispatchTime.now().uptimeNanoseconds
    let schedule = Planner.plan(event, candidates: candidates)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    let problems = ScheduleValidator.validate(schedule, against: event)
    let s = schedule.stats
    let share = s.objective / s.upperBound
    times.append(seconds)
    shares.append(share)
    print(String(format: "seed %d: %.3f s, %d meetings, accepted %d/%d, objective %.2f, bound %.2f, %.3f%% of bound, total score %.2f, without meetings %d, valid %@",
                 seed, seconds, s.meetings, s.requestsAccepted.placed, s.requestsAccepted.total, s.objective, s.upperBound,
                 share * 100, s.totalScore, s.withoutMeetings, problems.isEmpty ? "yes" : "NO: \(problems.prefix(3))"))
}
print(String(format: "mean %.3f s (max %.3f s), mean %.3f%% of the upper bound (min %.3f%%)",
             times.reduce(0, +) / Double(times.count), times.max()!, shares.reduce(0, +) / Double(shares.count) * 100, shares.min()! * 100))
