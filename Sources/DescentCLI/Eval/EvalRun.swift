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
        let input = try PredictionInput.load(data ?? configuration.data, for: run)
        guard let targets = input.targets else { throw EvalError("\(data ?? configuration.data): no labels to evaluate against") }
        guard input.rows > 0 else { throw EvalError("\(path): no test examples to evaluate (the run's --test was 0); give --data") }
        let evaluated = try Dataset(features: input.features, targets: targets, task: task, classNames: classNames)
        let validation = preprocessing.standardizer.apply(to: splits.validation)
        return EvalRun(network: run.model, parameters: run.parameters, evaluated: evaluated,
                       validation: validation, configuration: configuration)
    }

    /// The model's outputs on `dataset` (logits, or regression values), in batches.
    func outputs(_ dataset: Dataset, batchSize: Int = 1024) -> Tensor {
        var parts: [Tensor] = []
        for start in stride(from: 0, to: dataset.count, by: batchSize) {
            parts.append(network(dataset.features.slice(alongAxis: 0, start..<min(start + batchSize, dataset.count)), parameters: parameters))
        }
        return Tensor.concatenate(parts, alongAxis: 0)
    }

    /// The softmax probabilities and labels of `dataset`, as predictions.
    func predictions(_ dataset: Dataset) throws -> ClassificationPredictions {
        let logits = outputs(dataset)
        let n = dataset.count, k = logits.shape[1]
        var p = [Double](repeating: 0, count: n * k)
        for i in 0..<n {
            var top = -Double.infinity
            for c in 0..<k { top = max(top, Double(logits.scalars[i * k + c])) }
            var total = 0.0
            for c in 0..<k {
                let w = exp(Double(logits.scalars[i * k + c]) - top)
                p[c * n + i] = w
                total += w
            }
            for c in 0..<k { p[c * n + i] /= total }
        }
        let classes = dataset.classNames ?? (0..<k).map(String.init)
        return try ClassificationPredictions(classes: classes, labels: dataset.targets.scalars.map { Int32($0) }, probabilities: p,
                                             source: configuration.data)
    }
}
