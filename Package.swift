// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ClusterMatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "clustermatch", targets: ["clustermatch"]),
        .library(name: "ClusterMatchApp", targets: ["ClusterMatchApp"]),
        .library(name: "MatchCore", targets: ["MatchCore"]),
        .library(name: "EventPlanner", targets: ["EventPlanner"]),
        .library(name: "_Evaluation", targets: ["_Evaluation"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The C BLAS interface only. Links the generic `blas`; Debian's alternatives
        // decide at run time whether that is OpenBLAS or the reference implementation.
        .systemLibrary(
            name: "CBLAS",
            providers: [.apt(["libblas-dev", "libopenblas0-pthread"])]
        ),
        // Numeric kernels Swift does not vectorise: float16, score combination, selection.
        .target(name: "CKernels"),
        // Model, taxonomy, vector space, similarity kernels, scoring, explanations.
        .target(name: "MatchCore", dependencies: ["CBLAS", "CKernels"]),
        // all-MiniLM-L6-v2 sentence embeddings computed in the project: safetensors reader,
        // BERT tokenizer, the encoder over cblas_sgemm, and where the model is installed.
        .target(name: "SentenceEmbedding", dependencies: ["CBLAS", "CSentenceKernels", "MatchCore"]),
        // The encoder's element-wise passes (GELU, LayerNorm), compiled per CPU (target_clones).
        .target(name: "CSentenceKernels"),
        // Generated landscapes with planted partners, for quality tests and benchmarks.
        .target(name: "_Evaluation", dependencies: ["MatchCore"]),
        // Events, slots, tables, requests, locked meetings; the scheduler and its validator.
        .target(name: "EventPlanner", dependencies: ["MatchCore"]),
        // SQLite schema, migrations and persistence.
        .target(
            name: "MatchStore",
            dependencies: ["MatchCore", "EventPlanner", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Input formats → model values, with row-level validation reports.
        .target(name: "Importers", dependencies: ["MatchCore"]),
        // CSV / JSON / table writers.
        .target(name: "Reports", dependencies: ["MatchCore", "EventPlanner"]),
        // The use cases shared by the CLI and the service.
        .target(
            name: "ClusterMatchApp",
            dependencies: ["MatchCore", "EventPlanner", "MatchStore", "Importers", "Reports", "SentenceEmbedding"]
        ),
        // JSON-RPC 2.0 over stdio: the line transport, the protocol and the method table.
        .target(name: "ClusterMatchService", dependencies: ["ClusterMatchApp", "MatchCore", "EventPlanner", "Importers"]),
        .executableTarget(
            name: "clustermatch",
            dependencies: [
                "ClusterMatchApp",
                "ClusterMatchService",
                "SentenceEmbedding",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MatchCoreTests", dependencies: ["MatchCore", "Importers", "CKernels", "_Evaluation"]),
        .testTarget(name: "SentenceEmbeddingTests", dependencies: ["SentenceEmbedding", "MatchCore"], exclude: ["Fixtures"]),
        .testTarget(name: "EventPlannerTests", dependencies: ["EventPlanner", "MatchCore"]),
        .testTarget(
            name: "ClusterMatchTests",
            dependencies: ["ClusterMatchApp", "ClusterMatchService", "MatchStore", "MatchCore", "Importers", "SentenceEmbedding", "clustermatch"],
            exclude: ["Fixtures"]
        ),
    ]
)
