import DescentData
import DescentEval
import DescentNN
import Foundation

/// A run folder of `descent train` loaded for evaluation: the run's model and weights
/// (``TrainedRun``, as `descent predict` loads them), its validation part, and the evaluated
/// examples: its test part, or `--data` encoded and scaled as `descent predict` does it.
struct EvalRun {
    let network: any Layer
    let parameters: ParameterSet
    /// The evaluated examples: the test part, or `--data`.
    let evaluated: Dataset
    /// The run's validation part (temperature and selective threshold are fitted there).
    let validation: Dataset
    let configuration: RunConfiguration
    /// The data spec the evaluated examples came from (`--data`, or the run's own).
    let dataSpec: String
    /// When the evaluated examples are rows of a CSV file: the file, and the 0-based data row
    /// of each evaluated example (the test part's rows of the run's own file, or every row of
    /// `--data csv:PATH`), so that its columns can slice and weight them.
    let sourceRows: (path: String, rows: [Int])?

    static func load(folder path: String, data: String?) throws -> EvalRun {
        let run = try TrainedRun.load(path)
        guard let preprocessing = run.preprocessing else {
            throw EvalError("\(path): a language-model run; descent eval evaluates classifiers and regression models")
        }
        if !preprocessing.isClassification && preprocessing.outputs != 1 {
            throw EvalError("\(path): \(preprocessing.outputs) regression outputs; descent eval evaluates one")
        }
        let configuration = run.configuration
        let (splits, _) = try DatasetSpec(parsing: configuration.data).splitsAndEncoding(
            label: configuration.label, validation: configuration.validationFraction, test: configuration.testFraction,
            seed: configuration.splitSeed)
        let task = splits.train.task, classNames = preprocessing.classNames ?? splits.train.classNames
        let spec = data ?? configuration.data
        let input = try PredictionInput.load(spec, for: run)
        guard let targets = input.targets else { throw EvalError("\(spec): no labels to evaluate against") }
        guard input.rows > 0 else { throw EvalError("\(path): no test examples to evaluate (the run's --test was 0); give --data") }
        let evaluated = try Dataset(features: input.features, targets: targets, task: task, classNames: classNames)
        let validation = preprocessing.standardizer.apply(to: splits.validation)

        // Which rows of a CSV file were evaluated (PredictionInput takes the run's own spec as its test part).
        var sourceRows: (path: String, rows: [Int])?
        let parsed = try DatasetSpec(parsing: spec)
        if case .csv(let file) = parsed {
            if spec == configuration.data || parsed == (try? DatasetSpec(parsing: configuration.data)) {
                let total = splits.train.count + splits.validation.count + splits.test.count
                let parts = try Dataset.splitRows(count: total, train: 1 - configuration.validationFraction - configuration.testFraction,
                                                  validation: configuration.validationFraction, seed: configuration.splitSeed)
                sourceRows = (file, parts[2])
            } else {
                sourceRows = (file, Array(0..<input.rows))
            }
            guard sourceRows!.rows.count == evaluated.count else {
                throw EvalError("\(file): \(sourceRows!.rows.count) rows found for \(evaluated.count) evaluated examples")
            }
        }
        return EvalRun(network: run.model, parameters: run.parameters, evaluated: evaluated, validation: validation,
                       configuration: configuration, dataSpec: spec, sourceRows: sourceRows)
    }

    /// The model's outputs on `dataset` (logits, or regression values), computed by the
    /// tape-free ``Predictor`` in batches (equal to the taped forward pass bit for bit).
    func outputs(_ dataset: Dataset, batchSize: Int = 1024) -> Tensor {
        network.predict(dataset.features, parameters: parameters, batchSize: batchSize)
    }

    /// The taped forward pass on `dataset`, in batches: what ``outputs(_:batchSize:)`` equals.
    func tapedOutputs(_ dataset: Dataset, batchSize: Int = 1024) -> Tensor {
        var parts: [Tensor] = []
        for start in stride(from: 0, to: dataset.count, by: batchSize) {
            parts.append(network(dataset.features.slice(alongAxis: 0, start..<min(start + batchSize, dataset.count)), parameters: parameters))
        }
        return Tensor.concatenate(parts, alongAxis: 0)
    }

    /// The softmax probabilities and labels of `dataset`, as predictions, each row weighted
    /// by `weights` when given.
    func predictions(_ dataset: Dataset, weights: SampleWeights? = nil) throws -> ClassificationPredictions {
        try Self.predictions(logits: outputs(dataset), dataset: dataset, weights: weights, source: dataSpec)
    }

    /// Softmax of `logits` [n, k] (in float64), class-major, with `dataset`'s labels.
    static func predictions(logits: Tensor, dataset: Dataset, weights: SampleWeights?, source: String) throws -> ClassificationPredictions {
        let n = dataset.count, k = logits.shape[1]
        var p = [Double](repeating: 0, count: n * k)
        logits.scalars.withUnsafeBufferPointer { z in
            p.withUnsafeMutableBufferPointer { p in
                for i in 0..<n {
                    var top = -Double.infinity
                    for c in 0..<k { top = max(top, Double(z[i * k + c])) }
                    var total = 0.0
                    for c in 0..<k {
                        let w = exp(Double(z[i * k + c]) - top)
                        p[c * n + i] = w
                        total += w
                    }
                    for c in 0..<k { p[c * n + i] /= total }
                }
            }
        }
        let classes = dataset.classNames ?? (0..<k).map(String.init)
        return try ClassificationPredictions(classes: classes, labels: dataset.targets.scalars.map { Int32($0) }, probabilities: p,
                                             source: source, weights: weights)
    }
}
