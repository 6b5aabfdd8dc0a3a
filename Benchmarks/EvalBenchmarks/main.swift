import DescentData
import DescentEval
import Foundation

// Release-mode timing of descent eval's metrics, printed as one JSON line for
// scripts/bench/eval_vs_sklearn.py:
//   EvalBenchmarks --input preds.csv --label y [--repeats R] [--threads T]
// reads the predictions once (CSVReader, timed) and computes every classification metric
// R times (ClassificationMetrics: the metrics of descent eval's "metrics" object, the
// confusion matrix and the reliability bins), reporting each time in milliseconds.

let arguments = Array(CommandLine.arguments.dropFirst())
func value(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
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
