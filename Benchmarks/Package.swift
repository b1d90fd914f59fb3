// swift-tools-version: 6.1
// Benchmarks live in their own package so that `swift build` and `swift test` of the
// main package never pay for them. Each benchmark is its own target; add yours beside.
import PackageDescription

let package = Package(
    name: "ClusterMatchBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "ClusterMatch", path: "../")],
    targets: [
        // Event planner: time and share of the upper bound on a 1,000-participant event.
        .executableTarget(
            name: "PlannerBenchmark",
            dependencies: [.product(name: "EventPlanner", package: "ClusterMatch")]
        ),
    ]
)
