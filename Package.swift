// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ClusterMatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clustermatch", targets: ["clustermatch"]),
        .library(name: "MatchCore", targets: ["MatchCore"]),
        // MatchCore's public API speaks JSON values; the benchmarks report the loaded BLAS.
        .library(name: "JSONSupport", targets: ["JSONSupport"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "EventPlanner", targets: ["EventPlanner"]),
        .library(name: "_Evaluation", targets: ["_Evaluation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // The C BLAS interface only. Links the generic `blas`; Debian's alternatives
        // decide at run time whether that is OpenBLAS or the reference implementation.
        .systemLibrary(
            name: "CBLAS",
            providers: [.apt(["libblas-dev", "libopenblas0-pthread"])]
        ),
        // Numeric kernels Swift does not vectorise: float16, score combination, selection.
        // Optimised in debug builds too: the tests run them on real landscapes, and unoptimised
        // they made the test suite several times slower (-O2 keeps IEEE rounding: no fast-math).
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"])]),
        // JSON values, a strict parser and a deterministic writer; no Foundation types.
        .target(name: "JSONSupport"),
        // The BLAS calls the project makes (matrix products) and which BLAS is loaded.
        // The only target that imports CBLAS.
        .target(name: "LinearAlgebra", dependencies: ["CBLAS"]),
        // Optimisation building blocks for planners: min-cost flow, a binary heap.
        .target(name: "Optimization"),
        // Model, taxonomy, vector space, similarity kernels, scoring, explanations.
        .target(name: "MatchCore", dependencies: ["JSONSupport", "LinearAlgebra", "CKernels"]),
        // all-MiniLM-L6-v2 sentence embeddings computed in the project: safetensors reader,
        // BERT tokenizer, the encoder over cblas_sgemm, and where the model is installed.
        .target(name: "SentenceEmbedding", dependencies: ["CBLAS", "CSentenceKernels", "JSONSupport", "LinearAlgebra"]),
        // The encoder's element-wise passes (GELU, LayerNorm, softmax) and its bfloat16 product,
        // compiled per CPU (target_clones), optimised in debug builds too (see CKernels).
        .target(name: "CSentenceKernels", cSettings: [.unsafeFlags(["-O2"])]),
        // Generated landscapes with planted partners, for quality tests and benchmarks.
        .target(name: "_Evaluation", dependencies: ["MatchCore"]),
        // RFC 4180 CSV: the one reader (delimiter detection, line numbers) and the one writer.
        .target(name: "CSV"),
        // Events, slots, tables, requests, locked meetings; the scheduler and its validator.
        .target(name: "EventPlanner", dependencies: ["MatchCore", "JSONSupport", "Optimization", "CSV"]),
        // Funding calls and the consortium optimiser: coverage, complementarity, eligibility rules.
        .target(name: "Consortia", dependencies: ["MatchCore", "JSONSupport"]),
        // SQLite schema, migrations and persistence.
        .target(
            name: "MatchStore",
            dependencies: ["MatchCore", "EventPlanner", "JSONSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Input formats → model values, with row-level validation reports.
        .target(name: "Importers", dependencies: ["MatchCore", "JSONSupport", "CSV"]),
        // CSV / JSON / table writers.
        .target(name: "Reports", dependencies: ["MatchCore", "EventPlanner", "CSV"]),
        // The use cases shared by the CLI and the service.
        .target(
            name: "ClusterMatchApp",
            dependencies: ["MatchCore", "EventPlanner", "MatchStore", "Importers", "Reports", "JSONSupport", "LinearAlgebra", "CSV", "Consortia", "SentenceEmbedding"]
        ),
        // JSON-RPC 2.0 over stdio: the line transport, the protocol and the method table.
        .target(
            name: "ClusterMatchService",
            dependencies: ["ClusterMatchApp", "MatchCore", "EventPlanner", "Importers", "JSONSupport", "Consortia", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "clustermatch",
            dependencies: [
                "ClusterMatchApp",
                "ClusterMatchService",
                "JSONSupport",
                "CSV",
                "SentenceEmbedding",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MatchCoreTests", dependencies: ["MatchCore", "Importers", "CKernels", "JSONSupport", "LinearAlgebra", "_Evaluation", "CSV"]),
        .testTarget(name: "EventPlannerTests", dependencies: ["EventPlanner", "MatchCore", "CSV"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization"]),
        .testTarget(name: "SentenceEmbeddingTests", dependencies: ["SentenceEmbedding", "JSONSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ConsortiaTests", dependencies: ["Consortia", "MatchCore", "JSONSupport"]),
        .testTarget(
            name: "ClusterMatchTests",
            dependencies: [
                "ClusterMatchApp", "ClusterMatchService", "MatchStore", "MatchCore", "Importers", "JSONSupport", "Consortia", "SentenceEmbedding", "clustermatch", "_Evaluation",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"]
        ),
    ]
)
