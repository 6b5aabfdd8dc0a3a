import DescentOptim
import Dispatch
import Foundation

// One optimizer update on a large parameter arena, timed: the Swift side of
// scripts/bench/optimizers_vs_peers.py. Prints one JSON line per case:
// {"case", "optimizer", "hyperparameters", "shape", "params", "threads", "ms_per_step", "times_ms"}.
//
//     swift run -c release OptimBenchmarks [--threads 2] [--params 16777216] [--repeats 20] [--cases adamw,sgd_momentum,adafactor,lion]

struct Case {
    let name: String
    let optimizer: String
    let settings: [String]
    /// A matrix (as square as the count allows) instead of a vector: Adafactor factors matrices.
    let matrix: Bool
}

let cases = [
    Case(name: "adamw", optimizer: "adamw", settings: [], matrix: false),
    Case(name: "sgd_momentum", optimizer: "sgd", settings: ["lr=1e-2", "momentum=0.9"], matrix: false),
    Case(name: "adafactor", optimizer: "adafactor", settings: [], matrix: true),
    Case(name: "lion", optimizer: "lion", settings: [], matrix: false),
]

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let key = arguments.popFirst() {
    guard key.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: OptimBenchmarks [--threads T] [--params N] [--repeats R] [--warmup W] [--cases a,b]\n".utf8))
        exit(2)
    }
    options[String(key.dropFirst(2))] = value
}
let threads = Int(options["threads"] ?? "") ?? ComputeThreads.count
let count = Int(options["params"] ?? "") ?? 16_777_216
let repeats = Int(options["repeats"] ?? "") ?? 20
let warmup = Int(options["warmup"] ?? "") ?? 5
let selected = Set((options["cases"] ?? cases.map(\.name).joined(separator: ",")).split(separator: ",").map(String.init))
ComputeThreads.set(threads)

func shape(_ count: Int, matrix: Bool) -> [Int] {
    guard matrix else { return [count] }
    var rows = Int(Double(count).squareRoot())
    while count % rows != 0 { rows -= 1 }
    return [rows, count / rows]
}

for c in cases where selected.contains(c.name) {
    guard OptimizerCatalog.descriptor(named: c.optimizer) != nil else {
        print("{\"case\": \"\(c.name)\", \"missing\": true}")
        continue
    }
    let spec = try OptimizerSpec(name: c.optimizer, settings: c.settings)
    let s = shape(count, matrix: c.matrix)
    var generator = RandomGenerator(seed: 1)
    var parameters = ParameterSet([("w", Tensor(shape: s, scalars: (0..<count).map { _ in 0.02 * generator.normal() }))])
    var gradients = parameters
    for i in gradients.storage.indices { gradients.storage[i] = 0.01 * generator.normal() }
    var optimizer = spec.descriptor.make(spec.hyperparameters)
    for _ in 0..<warmup { optimizer.step(&parameters, gradients: gradients) }
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        optimizer.step(&parameters, gradients: gradients)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    let sorted = times.sorted()
    let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    let hps = spec.hyperparameters.keys.sorted().map { "\"\($0)\": \(spec.hyperparameters[$0]!)" }.joined(separator: ", ")
    print("{\"case\": \"\(c.name)\", \"optimizer\": \"\(c.optimizer)\", \"hyperparameters\": {\(hps)}, \"shape\": \(s), \"params\": \(count), "
          + "\"threads\": \(threads), \"ms_per_step\": \(median), \"times_ms\": \(times)}")
}
