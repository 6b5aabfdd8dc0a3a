// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for Descent's parsers. Not part of the main package's build or CI:
// build it with scripts/fuzz.sh (which passes -sanitize=fuzzer,address -parse-as-library).
// Each executable defines LLVMFuzzerTestOneInput; libFuzzer supplies main.
let fuzzTarget: (String, [Target.Dependency]) -> Target = { name, dependencies in
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + dependencies)
}

let package = Package(
    name: "DescentFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Descent", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),
        fuzzTarget("FuzzCSV", [.product(name: "DescentData", package: "Descent")]),
        fuzzTarget("FuzzNPY", [.product(name: "DescentData", package: "Descent")]),
        fuzzTarget("FuzzIDX", [.product(name: "DescentData", package: "Descent")]),
        fuzzTarget("FuzzIDXGzip", [.product(name: "DescentData", package: "Descent")]),
        fuzzTarget("FuzzSafeTensors", [.product(name: "DescentNN", package: "Descent")]),
        fuzzTarget("FuzzReplay", [.product(name: "DescentCLI", package: "Descent")]),
        fuzzTarget("FuzzSpecs", [.product(name: "DescentCLI", package: "Descent")]),
    ],
    swiftLanguageModes: [.v6]
)
