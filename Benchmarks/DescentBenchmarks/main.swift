import DescentData
import DescentNN
import DescentOptim
import Foundation

// Release-mode benchmarks of the engine, printed as JSON lines for scripts/bench to read.
//   swift run -c release DescentBenchmarks mlp-step [--threads T] [--repeats R] [--steps S] [--digits]
//   ... cnn-step [--threads T] [--repeats R] [--steps S] [--batch B]   (cnn:32,64 on 28×28 images)
//   ... elementwise [--size N]   (ns per element of the elementwise kernels)
//   ... matmul [--m M --n N --k K]   (one [m, k]·[n, k]ᵀ product, µs)
//   ... state-dtype [--size N] [--repeats R]   (fused AdamW step, float32 vs bfloat16 vs int8 state)
//   ... attention [--batch B --time T --width W --heads H] [--repeats R]   (fused causal attention forward+backward, tiled kernels vs sgemm tiles, µs)
//   ... predict --model mlp|cnn [--batch B] [--calls N] [--repeats R]   (the Predictor's forward pass, µs per call)

let arguments = CommandLine.arguments.dropFirst()
func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.endIndex, let v = Int(arguments[i + 1]) else { return fallback }
    return v
}
if !arguments.contains("--default-malloc") { ComputeThreads.keepFreedMemory() }
let threads = option("--threads", ProcessInfo.processInfo.activeProcessorCount)
ComputeThreads.set(threads)

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// One training step of an MLP 784-512-512-10, batch 128, softmax cross-entropy, AdamW; with
/// `--digits`, of the digits MLP 64-256-256-10 at batch 64 instead.
func mlpStep() {
    let digits = arguments.contains("--digits")
    let (inputs, hidden, batch) = digits ? (64, 256, 64) : (784, 512, 128)
    timeTrainingSteps(digits ? "digits_mlp_step" : "mlp_step", MLP(inputs: inputs, hidden: [hidden, hidden], outputs: 10),
                      sample: [inputs], batch: batch)
}

/// One training step of `cnn:32,64` on 28×28 one-channel images (MNIST's shape), batch 128,
/// softmax cross-entropy, AdamW.
func cnnStep() {
    timeTrainingSteps("cnn_step", ConvolutionalNetwork(inputShape: [1, 28, 28], channels: [32, 64], outputs: 10),
                      sample: [1, 28, 28], batch: option("--batch", 128))
}

/// Median milliseconds per AdamW training step of `model` on a fixed random batch (10 warm-up steps).
func timeTrainingSteps(_ name: String, _ model: some Layer, sample: [Int], batch: Int) {
    let repeats = option("--repeats", 5), steps = option("--steps", 50)
    var generator = RandomGenerator(seed: 1)
    let count = sample.reduce(batch, *)
    let x = Tensor(shape: [batch] + sample, scalars: (0..<count).map { _ in generator.normal() })
    let y = Tensor(shape: [batch], scalars: (0..<batch).map { _ in Float(generator.int(below: 10)) })
    var trainer = Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 0),
                          optimizer: TransformationOptimizer.adamw(lr: 1e-3), batchSize: batch, generator: RandomGenerator(seed: 0))
    for _ in 0..<10 { _ = try! trainer.trainStep(input: x, target: y) }
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { _ = try! trainer.trainStep(input: x, target: y) }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(steps))
    }
    print("{\"benchmark\": \"\(name)\", \"threads\": \(threads), \"ms_per_step\": \(median(times)), \"runs_ms\": \(times)}")
}

/// Writes the scaled train, validation and test parts of a dataset spec as NPY files, exactly as
/// `descent train` splits and scales them (split seed 0 and the data's default scaling unless
/// given), for a peer to train on.
func exportSplit() throws {
    guard let i = arguments.firstIndex(of: "--out"), i + 1 < arguments.endIndex else {
        throw TrainingError("export-split needs --out DIR")
    }
    let folder = arguments[i + 1]
    let spec = try DatasetSpec(parsing: arguments.firstIndex(of: "--data").map { arguments[$0 + 1] } ?? "digits")
    var scaling = spec.defaultScaling
    if let name = arguments.firstIndex(of: "--scaling").map({ arguments[$0 + 1] }) {
        guard let named = FeatureScaling(rawValue: name) else { throw TrainingError("unknown --scaling '\(name)'") }
        scaling = named
    }
    let splits = try spec.splits(validation: 0.15, test: 0.15, seed: UInt64(option("--split-seed", 0))).standardized(scaling)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, part) in [("train", splits.train), ("validation", splits.validation), ("test", splits.test)] {
        try NPYFile.write(part.features, to: "\(folder)/\(name)_x.npy")
        try NPYFile.write(part.targets, to: "\(folder)/\(name)_y.npy")
    }
}


/// Elementwise kernels on tensors of `--size` elements (default 2^20): ns per element.
func elementwise() {
    let n = option("--size", 1 << 20), repeats = option("--repeats", 20)
    var generator = RandomGenerator(seed: 1)
    let a = Tensor(shape: [n / 256, 256], scalars: (0..<n).map { _ in generator.normal() })
    let b = Tensor(shape: [n / 256, 256], scalars: (0..<n).map { _ in generator.normal() })
    let row = Tensor(shape: [256], scalars: (0..<256).map { _ in generator.normal() })
    let cases: [(String, () -> Tensor)] = [
        ("add", { a + b }), ("mul", { a * b }), ("add_row", { a + row }), ("scale", { a * 3 }),
        ("relu", { a.relu() }), ("exp", { a.exp() }), ("tanh", { a.tanh() }), ("gelu", { a.gelu() }),
        ("gelu_tanh", { a.gelu(approximateTanh: true) }), ("softmax", { a.softmax(alongAxis: 1) }),
    ]
    var fields: [String] = []
    for (name, op) in cases {
        _ = op()
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = op()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n))
        }
        fields.append("\"\(name)\": \(median(times))")
    }
    print("{\"benchmark\": \"elementwise_ns_per_element\", \"size\": \(n), \"threads\": \(threads), \(fields.joined(separator: ", "))}")
}

/// One matrix product [m, k] · [n, k]ᵀ (a linear layer's forward) in microseconds.
func matrixProduct() {
    let m = option("--m", 2048), n = option("--n", 384), k = option("--k", 128), repeats = option("--repeats", 50)
    var generator = RandomGenerator(seed: 1)
    let a = Tensor(shape: [m, k], scalars: (0..<(m * k)).map { _ in generator.normal() })
    let b = Tensor(shape: [n, k], scalars: (0..<(n * k)).map { _ in generator.normal() })
    for _ in 0..<5 { _ = matmul(a, b, transposeB: true) }
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = matmul(a, b, transposeB: true)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3)
    }
    print("{\"benchmark\": \"matmul\", \"m\": \(m), \"n\": \(n), \"k\": \(k), \"threads\": \(threads), \"microseconds\": \(median(times))}")
}

/// The fused causal attention's forward and backward on [B, T, 3W] (default the transformer
/// benchmark's 32, 64, 128 with 4 heads): the tiled kernels against sgemm on whole tiles, taking
/// turns within every round; medians in microseconds.
func attention() {
    let (b, t, w, h) = (option("--batch", 32), option("--time", 64), option("--width", 128), option("--heads", 4))
    let repeats = option("--repeats", 21)
    var generator = RandomGenerator(seed: 1)
    let qkv = Tensor(shape: [b, t, 3 * w], scalars: (0..<(b * t * 3 * w)).map { _ in generator.normal() })
    let weights = Tensor(shape: [b, t, w], scalars: (0..<(b * t * w)).map { _ in generator.normal() })
    func run(_ tiled: Bool) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = gradient(at: qkv) { (causalAttention($0, heads: h, tiled: tiled) * weights).sum() }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3
    }
    var tiled: [Double] = [], sgemm: [Double] = []
    for _ in 0..<3 { _ = run(true); _ = run(false) }
    for _ in 0..<repeats { tiled.append(run(true)); sgemm.append(run(false)) }
    print("{\"benchmark\": \"causal_attention\", \"batch\": \(b), \"time\": \(t), \"width\": \(w), \"heads\": \(h), \"threads\": \(threads), \"tiled_us\": \(median(tiled)), \"sgemm_us\": \(median(sgemm)), \"ratio\": \(median(tiled) / median(sgemm))}")
}

/// One fused AdamW step over `--size` parameters (default 16,777,216) with float32, bfloat16
/// and int8 state: the median milliseconds of each and their ratios to float32. The three take
/// turns within every round, so load from elsewhere on the machine falls on all of them alike.
func stateDTypeStep() {
    let n = option("--size", 1 << 24), repeats = option("--repeats", 15)
    var generator = RandomGenerator(seed: 1)
    let start = ParameterSet([("w", Tensor(shape: [n], scalars: (0..<n).map { _ in generator.normal() }))])
    let gradients = ParameterSet([("w", Tensor(shape: [n], scalars: (0..<n).map { _ in generator.normal() * 0.1 }))])
    let dtypes = StateDType.allCases
    var parameters = dtypes.map { _ in start }
    var m = dtypes.map { QuantizedStateBuffer(zeros: n, dtype: $0, signed: true) }
    var v = dtypes.map { QuantizedStateBuffer(zeros: n, dtype: $0, signed: false) }
    var times = dtypes.map { _ in [Double]() }
    for round in 0..<(repeats + 2) {
        for k in dtypes.indices {
            let begin = DispatchTime.now().uptimeNanoseconds
            LowPrecisionStep.adamw(parameters: &parameters[k], gradients: gradients, m: &m[k], v: &v[k], lr: 1e-3,
                                   step: round + 1, seed: 7)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6
            if round >= 2 { times[k].append(ms) }  // two warm-up steps
        }
    }
    let medians = times.map(median)
    var fields = dtypes.indices.map { "\"\(dtypes[$0].rawValue)_ms\": \(medians[$0]), \"\(dtypes[$0].rawValue)_state_bytes\": \(m[$0].bytes + v[$0].bytes)" }
    fields += dtypes.indices.dropFirst().map { "\"\(dtypes[$0].rawValue)_ratio\": \(medians[$0] / medians[0])" }
    print("{\"benchmark\": \"adamw_state_dtype\", \"size\": \(n), \"threads\": \(threads), \(fields.joined(separator: ", "))}")
}

/// The tape-free forward pass `descent predict` runs (``Predictor``), on the issue's models: the
/// MLP 784-512-512-10 or the CNN `cnn:32,64` on 1×28×28 images, at `--batch` examples: the
/// median microseconds per call over `--repeats` timings of `--calls` calls, after a warm-up.
func predictBenchmark() throws {
    guard let i = arguments.firstIndex(of: "--model"), i + 1 < arguments.endIndex else { throw TrainingError("predict needs --model mlp|cnn") }
    let batch = option("--batch", 1), repeats = option("--repeats", 7)
    let (model, inputShape): (any Layer, [Int])
    switch arguments[i + 1] {
    case "mlp": (model, inputShape) = (MLP(inputs: 784, hidden: [512, 512], outputs: 10), [784])
    case "cnn": (model, inputShape) = (ConvolutionalNetwork(inputShape: [1, 28, 28], channels: [32, 64], outputs: 10), [1, 28, 28])
    default: throw TrainingError("unknown --model '\(arguments[i + 1])' (mlp or cnn)")
    }
    let calls = option("--calls", max(1, 2_000 / batch))
    var predictor = try Predictor(model: model, parameters: model.makeParameters(seed: 0), inputShape: inputShape, maxBatch: batch)
    var generator = RandomGenerator(seed: 1)
    let x = (0..<(batch * predictor.inputWidth)).map { _ in generator.normal() }
    var y = [Float](repeating: 0, count: batch * predictor.outputWidth)
    func call() { x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { predictor.predict(xp.baseAddress!, rows: batch, into: $0.baseAddress!) } } }
    for _ in 0..<max(3, calls / 4) { call() }
    var times: [Double] = []
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls { call() }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(calls))
    }
    print("{\"benchmark\": \"predict\", \"model\": \"\(arguments[i + 1])\", \"batch\": \(batch), \"threads\": \(threads), \"calls\": \(calls), \"microseconds\": \(median(times)), \"runs_us\": \(times)}")
}

switch arguments.first {
case "predict": try predictBenchmark()
case "state-dtype": stateDTypeStep()
case "attention": attention()
case "matmul": matrixProduct()
case "elementwise": elementwise()
case "mlp-step": mlpStep()
case "cnn-step": cnnStep()
case "export-split": try exportSplit()
default:
    FileHandle.standardError.write(Data("usage: DescentBenchmarks predict --model mlp|cnn [--batch B] [--calls N] [--repeats R] | mlp-step [--threads T] [--repeats R] [--steps S] [--digits] | elementwise [--size N] | matmul [--m M --n N --k K] | state-dtype [--size N] [--repeats R] | export-split --out DIR [--data SPEC] [--split-seed S] [--scaling feature|global|none]\n".utf8))
    exit(2)
}
