// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift build` and `swift test` of the
// project never pay for them (nor for package-benchmark, which only this package depends
// on). Two kinds of target:
// - plain executables under Sources/ (matching-bench, quality-bench, PlannerBenchmark),
//   which print JSON lines; run.sh compares matching-bench with numpy and faiss;
// - package-benchmark suites under Benchmarks/<Name>/<Name>.swift, run with
//   `swift package benchmark` (the plugin finds executable targets whose folder sits in a
//   folder named Benchmarks, hence Benchmarks/Benchmarks/).
import Foundation
import PackageDescription

// A path dependency is known by its folder's name, whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "ClusterMatchBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        // The MallocInterposer trait alone: malloc counts without jemalloc (nothing to
        // install), and without the RuntimeInterposer trait, whose package is not among
        // the ones this project can fetch. The suites measure no ARC metrics.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The generated matching workload (vectors, jobs, query rows), one copy for
        // matching-bench and the package-benchmark suites, so all time the same job on the same data.
        .target(
            name: "BenchData",
            dependencies: [.product(name: "MatchCore", package: root)],
            path: "Sources/BenchData"
        ),
        // Matching speed: all-pairs top-k and single queries, on generated data that the
        // peer script (numpy, faiss) reads from the same file. Run with Benchmarks/run.sh.
        .executableTarget(
            name: "matching-bench",
            dependencies: ["BenchData", .product(name: "MatchCore", package: root), .product(name: "LinearAlgebra", package: root)],
            path: "Sources/matching-bench"
        ),
        // Match quality: recall of planted partners, against a keyword-overlap baseline.
        .executableTarget(
            name: "quality-bench",
            dependencies: [.product(name: "MatchCore", package: root), .product(name: "_Evaluation", package: root)],
            path: "Sources/quality-bench"
        ),
        // The generated event for the planner, one copy for PlannerBenchmark and the
        // package-benchmark suite PlannerBenchmarks.
        .target(
            name: "PlannerData",
            dependencies: [.product(name: "EventPlanner", package: root), .product(name: "MatchCore", package: root)],
            path: "Sources/PlannerData"
        ),
        // Event planner: time and share of the upper bound on a 1,000-participant event.
        .executableTarget(
            name: "PlannerBenchmark",
            dependencies: ["PlannerData", .product(name: "EventPlanner", package: root)],
            path: "Sources/PlannerBenchmark"
        ),
        // package-benchmark: all-pairs top-10 and warm single queries, with wall clock,
        // peak resident memory and malloc counts, thresholds checked against
        // Thresholds/. `swift package benchmark --target MatchingBenchmarks`.
        .executableTarget(
            name: "MatchingBenchmarks",
            dependencies: [
                "BenchData",
                .product(name: "MatchCore", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MatchingBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // package-benchmark: one plan of a 1,000-participant event (300 and 600 tables):
        // time, memory, allocations, and the plan's share of its bound as a custom metric.
        .executableTarget(
            name: "PlannerBenchmarks",
            dependencies: [
                "PlannerData",
                .product(name: "EventPlanner", package: root),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PlannerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
