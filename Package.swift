// swift-tools-version: 6.1
import PackageDescription

// Layers (DESIGN.md): arrows only point down.
//   descent (CLI)
//   DescentMonitor
//   DescentData (datasets, training data as batch sources)
//        |        DescentOptim
//        |          |
//   DescentNN -> DescentCore -> CDNNL (oneDNN on Linux; Accelerate on macOS); OpenBLAS is loaded
//   at run time for LAPACK (CDescentKernels' OpenBLASCore.c)
let linuxOnly = TargetDependencyCondition.when(platforms: [Platform.linux])
let propertyBased: [Target.Dependency] = [.product(name: "PropertyBased", package: "swift-property-based"), "SpecPropertySupport"]

let package = Package(
    name: "Descent",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DescentCore", targets: ["DescentCore"]),
        .library(name: "DescentNN", targets: ["DescentNN"]),
        .library(name: "DescentOptim", targets: ["DescentOptim"]),
        .library(name: "DescentData", targets: ["DescentData"]),
        .library(name: "DescentMonitor", targets: ["DescentMonitor"]),
        .library(name: "DescentEval", targets: ["DescentEval"]),
        .library(name: "DescentBench", targets: ["DescentBench"]),
        // The commands as a library: the fuzz targets (Fuzz/) call their file readers.
        .library(name: "DescentCLI", targets: ["DescentCLI"]),
        .executable(name: "descent", targets: ["descent"]),
    ],
    dependencies: [
        // The command line: subcommands, --help with examples, validation errors.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Tests only: property-based tests (random valid specs round-trip, random invalid ones throw).
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // oneDNN's C API: its sgemm (JIT kernels for the running CPU) does every matrix product on
        // Linux; OpenBLAS 0.3.21 falls back to SSE3 kernels on CPUs newer than it (5-8x slower).
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        // Small C kernels compiled for several x86-64 levels, picked at run time (STYLE.md).
        .target(name: "CDescentKernels"),
        .target(
            name: "DescentCore",
            dependencies: [
                .target(name: "CDNNL", condition: linuxOnly),
                "CDescentKernels",
            ]
        ),
        .target(name: "DescentNN", dependencies: ["DescentCore"]),
        .target(
            name: "DescentOptim",
            dependencies: ["DescentCore", "DescentNN", "CDescentKernels"]
        ),
        .target(
            name: "DescentData",
            dependencies: ["DescentCore", "DescentNN"],
            resources: [.copy("Resources")]
        ),
        .target(name: "DescentMonitor", dependencies: ["DescentData"]),
        // Evaluation: metrics equal to scikit-learn's, calibration, slices, selective prediction, robustness.
        .target(name: "DescentEval", dependencies: ["DescentCore", "DescentNN", "DescentData"]),
        // The optimizer benchmark: workloads, tuning protocol, AlgoPerf scoring.
        .target(name: "DescentBench", dependencies: ["DescentCore", "DescentNN", "DescentOptim", "DescentData", "DescentEval"]),
        // The commands, as a library so tests can run them in-process.
        .target(
            name: "DescentCLI",
            dependencies: [
                "DescentCore", "DescentNN", "DescentOptim", "DescentData", "DescentMonitor", "DescentEval", "DescentBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "descent",
            dependencies: ["DescentCLI", "DescentCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "DescentBenchmarks",
            dependencies: ["DescentCore", "DescentNN", "DescentOptim", "DescentData"],
            path: "Benchmarks/DescentBenchmarks"
        ),
        .executableTarget(name: "DriftBenchmarks", dependencies: ["DescentMonitor"], path: "Benchmarks/DriftBenchmarks"),
        .executableTarget(name: "EvalBenchmarks", dependencies: ["DescentEval", "DescentData", "DescentNN"], path: "Benchmarks/EvalBenchmarks"),
        // Generators shared by the spec grammars' property tests.
        .target(
            name: "SpecPropertySupport",
            dependencies: ["DescentCore", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/SpecPropertySupport"
        ),
        .testTarget(name: "DescentCoreTests", dependencies: ["DescentCore"] + propertyBased),
        .testTarget(name: "DescentNNTests", dependencies: ["DescentNN", "DescentData"] + propertyBased),
        .testTarget(
            name: "DescentOptimTests",
            dependencies: ["DescentOptim"] + propertyBased,
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "DescentDataTests", dependencies: ["DescentData"] + propertyBased, resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DescentMonitorTests",
            dependencies: ["DescentMonitor"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "DescentEvalTests", dependencies: ["DescentEval", "DescentData"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DescentCLITests", dependencies: ["DescentCLI", "DescentData", "DescentNN", "DescentOptim"] + propertyBased),
        .testTarget(name: "DescentBenchTests", dependencies: ["DescentBench"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
