// The event planner as package-benchmark benchmarks, on PlannerBenchmark's generated
// events (PlannerData: same generator and seeds): time, memory and allocations of one
// `Planner.plan`, and the plan's quality as custom metrics, so a baseline comparison shows
// a change in either.
//
//   cd Benchmarks && swift package benchmark --target PlannerBenchmarks
//
// Benchmarks (1,000 participants, 16 slots, 15 candidates each, 5 % accepted requests,
// fairness 1, seed 1):
//   Plan.N1000.T300  300 tables: tables bind (the planner reaches ~99.99 % of its bound)
//   Plan.N1000.T600  600 tables: they do not (~97.6 % of its bound)
// Custom metrics: the objective as a share of the planner's upper bound (in basis points,
// 10,000 = the bound) and the number of participants left without meetings.
import Benchmark
import EventPlanner
import PlannerData

let benchmarks: @Sendable () -> Void = {
    let boundShare = BenchmarkMetric.custom("Objective / bound (bp)", polarity: .prefersLarger)
    let withoutMeetings = BenchmarkMetric.custom("Without meetings", polarity: .prefersSmaller)

    for tables in [300, 600] {
        Benchmark(
            "Plan.N1000.T\(tables)",
            configuration: .init(
                metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal, boundShare, withoutMeetings],
                timeUnits: .milliseconds,
                units: [.peakMemoryResident: .mega],
                warmupIterations: 0,
                maxDuration: .seconds(120),
                maxIterations: 5,
                // For comparing two baselines: 10 % on time, any loss of quality.
                thresholds: [
                    .wallClock: .init(relative: [.p50: 10, .p90: 10]),
                    boundShare: .init(absolute: [.p50: 0]),
                    withoutMeetings: .init(absolute: [.p50: 0]),
                ]
            )
        ) { benchmark, instance in
            let (event, candidates) = instance
            let schedule = Planner.plan(event, candidates: candidates)
            benchmark.stopMeasurement()
            let stats = schedule.stats
            benchmark.measurement(boundShare, Int((stats.objective / stats.upperBound * 10_000).rounded()))
            benchmark.measurement(withoutMeetings, stats.withoutMeetings)
        } setup: {
            plannerInstance(PlannerInstanceSize(tables: tables), seed: 1)
        }
    }
}
