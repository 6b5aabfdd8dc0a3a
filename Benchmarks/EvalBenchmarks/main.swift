import DescentData
import DescentEval
import DescentNN
import Foundation

// Release-mode timing of descent eval's metrics, printed as one JSON line for
// scripts/bench/eval_vs_sklearn.py:
//   EvalBenchmarks --input preds.csv --label y [--repeats R] [--threads T]
// reads the predictions once (CSVReader, timed) and computes every classification metric
// R times (ClassificationMetrics: the metrics of descent eval's "metrics" object, the
// confusion matrix and the reliability bins), reporting each time in milliseconds.

//   EvalBenchmarks --forward mlp|cnn [--rows N] [--rounds R] [--threads T]
// times the forward pass of descent eval --run on N examples in batches of 1024: the taped
// forward (what eval used before) against the tape-free Predictor (what it uses now), in R
// alternating rounds after one untimed call of each, checks that both give the same outputs bit for bit, and prints the
// medians: mlp is the digits MLP of 64-256-256-10 on 8×8 inputs, cnn is cnn:32,64 on 28×28.

let arguments = Array(CommandLine.arguments.dropFirst())
func value(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

if let kind = value("--forward") {
    if let threads = value("--threads").flatMap(Int.init) { ComputeThreads.set(threads) }
    let rows = Int(value("--rows") ?? "") ?? 100_000, rounds = Int(value("--rounds") ?? "") ?? 5, batch = 1024
    let model: any Layer, shape: [Int]
    if kind == "cnn" {
        (model, shape) = (ConvolutionalNetwork(inputShape: [1, 28, 28], channels: [32, 64], outputs: 10), [1, 28, 28])
    } else {
        (model, shape) = (MLP(inputs: 64, hidden: [256, 256], outputs: 10), [64])
    }
    let parameters = model.makeParameters(seed: 0)
    var generator = RandomGenerator(seed: 1)
    let width = shape.reduce(1, *)
    let x = Tensor(shape: [rows] + shape, scalars: (0..<(rows * width)).map { _ in generator.normal() })
    func taped() -> Tensor {
        var parts: [Tensor] = []
        for start in stride(from: 0, to: rows, by: batch) {
            parts.append(model(x.slice(alongAxis: 0, start..<min(start + batch, rows)), parameters: parameters))
        }
        return Tensor.concatenate(parts, alongAxis: 0)
    }
    func time(_ body: () -> Tensor) -> (Double, Tensor) {
        let start = DispatchTime.now().uptimeNanoseconds
        let out = body()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6, out)
    }
    var tapedMs: [Double] = [], predictorMs: [Double] = [], equal = true
    // One untimed call of each first (the sgemm library's kernels are generated on first use).
    _ = taped()
    _ = model.predict(x, parameters: parameters, batchSize: batch)
    for _ in 0..<rounds {
        let (a, outA) = time(taped)
        let (b, outB) = time { model.predict(x, parameters: parameters, batchSize: batch) }
        tapedMs.append(a)
        predictorMs.append(b)
        equal = equal && outA.scalars == outB.scalars
    }
    func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2 }
    print("{\"model\": \"\(kind)\", \"rows\": \(rows), \"threads\": \(ComputeThreads.count), \"taped_ms\": \(tapedMs), \"predictor_ms\": \(predictorMs), \"taped_median_ms\": \(median(tapedMs)), \"predictor_median_ms\": \(median(predictorMs)), \"speedup\": \(median(tapedMs) / median(predictorMs)), \"bit_equal\": \(equal)}")
    exit(0)
}
guard let input = value("--input") else {
    FileHandle.standardError.write(Data("usage: EvalBenchmarks --input preds.csv --label y [--repeats R] [--threads T]\n".utf8))
    exit(2)
}
let label = value("--label") ?? "y"
let repeats = Int(value("--repeats") ?? "3") ?? 3
if let threads = value("--threads").flatMap(Int.init) { ComputeThreads.set(threads) }

func milliseconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }

do {
    var start = DispatchTime.now().uptimeNanoseconds
    let table = try CSVReader().read(path: input)
    let predictions = try PredictionsFile.classification(table, label: label, prefix: "p_")
    let readMs = milliseconds(since: start)
    var times: [Double] = []
    var accuracy = 0.0
    for _ in 0..<repeats {
        start = DispatchTime.now().uptimeNanoseconds
        let metrics = ClassificationMetrics(predictions)
        times.append(milliseconds(since: start))
        accuracy = metrics.accuracy
    }
    if arguments.contains("--phases") {
        // The parts of ClassificationMetrics on their own.
        start = DispatchTime.now().uptimeNanoseconds
        _ = RankingMetrics.perClass(predictions)
        let ranking = milliseconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        _ = RankingMetrics.perClass(predictions, parallel: false)
        let serialRanking = milliseconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        let (confidence, correct) = predictions.confidences()
        let confidences = milliseconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        _ = CalibrationError.equalMass(confidence: confidence, correct: correct)
        let equalMass = milliseconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        _ = TemperatureScaling(fitting: predictions)
        let temperature = milliseconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        _ = ClassificationEvaluation(predictions, options: EvaluationOptions(bootstrap: 0))
        let evaluation = milliseconds(since: start)
        FileHandle.standardError.write(Data("temperature fit \(temperature) ms, whole evaluation \(evaluation) ms\n".utf8))
        FileHandle.standardError.write(Data("ranking \(ranking) ms (one thread \(serialRanking) ms), confidences \(confidences) ms, equal-mass ECE \(equalMass) ms\n".utf8))
    }
    print("{\"rows\": \(predictions.count), \"classes\": \(predictions.classCount), \"threads\": \(ComputeThreads.count), \"read_ms\": \(readMs), \"metrics_ms\": \(times), \"accuracy\": \(accuracy)}")
} catch {
    FileHandle.standardError.write(Data("EvalBenchmarks: \(error)\n".utf8))
    exit(2)
}
