import ArgumentParser
import DescentCore
import DescentData
import DescentNN
import Foundation

/// `descent predict`: runs a trained model on a dataset and writes its predictions as CSV.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a trained run: one CSV row per example (row, label, p_<class>... or prediction).",
        discussion: """
        --data is the run's own dataset (the default: its test part, the same seeded split as training), csv:PATH (columns found by name and encoded and scaled as in training; the label column may be absent) or any other dataset spec (all its examples). Rows are numbered from 1 in the data's order; label is the example's true label when the data has one (empty otherwise); classifiers get one probability column per class (p_<class name>), regressors a prediction column (prediction_<j> for several outputs). The file is written whole or not at all.

        With --json: {"rows", "batch_size", "seconds", "rows_per_second", "output", "total_seconds"}; seconds and rows_per_second count the model's forward passes only (not reading data or writing the file), total_seconds everything.

        Examples:
          descent predict --run runs/a --out predictions.csv
          descent predict --run runs/a --data csv:new.csv --batch-size 1 --out p.csv --json
        """
    )

    @Option(name: .customLong("run"), help: "The run folder written by descent train --out.") var runFolder: String
    @Option(help: "The examples (default: the run's own dataset, its test part).") var data: String?
    @Option(help: "Examples per forward pass.") var batchSize: Int = 256
    @Option(help: "The CSV file to write (default: standard output).") var out: String?
    @OptionGroup var compute: ComputeOptions
    @Flag(help: "Print one JSON object about the run of predictions (needs --out).") var json = false

    /// What predict prints with --json.
    struct Report: JSONReport {
        var rows: Int
        var batchSize: Int
        var seconds: Double
        var rowsPerSecond: Double?
        var output: String?
        var totalSeconds: Double

        enum CodingKeys: String, CodingKey {
            case rows, seconds, output
            case batchSize = "batch_size", rowsPerSecond = "rows_per_second", totalSeconds = "total_seconds"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(rows, forKey: .rows)
            try c.encode(batchSize, forKey: .batchSize)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(finite(rowsPerSecond), forKey: .rowsPerSecond)
            try c.encode(output, forKey: .output)
            try c.encode(totalSeconds, forKey: .totalSeconds)
        }
    }

    func run() throws {
        try CommandFailure.run("predict") { try compute.run { try predict() } }
    }

    func predict() throws {
        let started = Date()
        guard batchSize >= 1 else { throw CommandFailure("--batch-size must be a positive integer, got \(batchSize)") }
        if json && out == nil { throw CommandFailure("--json reports on the predictions file: give --out FILE") }
        if let out { try Self.checkWritable(out) }
        let trained = try TrainedRun.load(runFolder)
        let input = try PredictionInput.load(data ?? trained.configuration.data, for: trained)
        let rows = input.rows
        var predictor = try Predictor(model: trained.model, parameters: trained.parameters,
                                      inputShape: Array(input.features.shape.dropFirst()), maxBatch: min(batchSize, max(rows, 1)))
        let (outputs, seconds) = Self.forward(&predictor, input.features, batchSize: batchSize)
        let table = PredictionTable(outputs: outputs, targets: input.targets, preprocessing: trained.preprocessing!)
        let text = table.csv
        if let out {
            try OutputFile.write(text, to: out)
        } else {
            Console.emit(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        }
        if json {
            Console.emit(Report(rows: rows, batchSize: batchSize, seconds: seconds, rowsPerSecond: seconds > 0 ? Double(rows) / seconds : nil,
                                output: out, totalSeconds: Date().timeIntervalSince(started)).text)
        }
    }

    /// The model's outputs for every example, in batches of `batchSize`, and the seconds the
    /// forward passes took (only they are timed: the batches are slices of one buffer).
    static func forward(_ predictor: inout Predictor, _ features: Tensor, batchSize: Int) -> (Tensor, Double) {
        let rows = features.shape.first ?? 0
        let (inputWidth, outputWidth) = (predictor.inputWidth, predictor.outputWidth)
        var seconds = 0.0
        let outputs = features.scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: [rows] + predictor.outputShape) { out in
                var start = 0
                while start < rows {
                    let count = min(batchSize, rows - start)
                    let clock = DispatchTime.now().uptimeNanoseconds
                    predictor.predict(x.baseAddress! + start * inputWidth, rows: count, into: out.baseAddress! + start * outputWidth)
                    seconds += Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9
                    start += count
                }
            }
        }
        return (outputs, seconds)
    }

    /// Throws a one-line error unless `path`'s folder exists and `path` is not a folder.
    static func checkWritable(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw CommandFailure("\(path): --out names a folder, not a file")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("\(path): folder \(folder.path) does not exist")
        }
    }
}
