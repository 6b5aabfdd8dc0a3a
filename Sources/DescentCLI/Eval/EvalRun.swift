import DescentData
import DescentEval
import DescentNN
import Foundation

/// A run folder of `descent train` loaded for evaluation: its model with the checkpoint's
/// weights, and its data split and scaled as training split and scaled it (`--data` replaces
/// the test part, scaled with the training part's statistics).
///
/// Kept in this one file so that it can move to the shared run loader of `descent predict`.
struct EvalRun {
    let network: any Layer
    let parameters: ParameterSet
    /// The evaluated examples: the test part, or `--data`.
    let evaluated: Dataset
    /// The run's validation part (temperature and selective threshold are fitted there).
    let validation: Dataset
    let configuration: RunConfiguration

    static func load(folder path: String, data: String?) throws -> EvalRun {
        let folder = URL(fileURLWithPath: path)
        let file = folder.appendingPathComponent("config.json")
        guard let bytes = FileManager.default.contents(atPath: file.path) else {
            throw EvalError("\(file.path): no run to evaluate (missing config.json)")
        }
        guard let configuration = try? JSONDecoder().decode(RunConfiguration.self, from: bytes) else {
            throw EvalError("\(file.path): not a run configuration")
        }
        let spec = try DatasetSpec(parsing: configuration.data)
        guard !spec.isCorpus else { throw EvalError("\(path): a language-model run; descent eval evaluates classifiers and regression models") }
        let splits = try spec.splits(label: configuration.label, validation: configuration.validationFraction,
                                     test: configuration.testFraction, seed: configuration.splitSeed)
        let scaler = Standardizer(fitting: splits.train, scaling: configuration.scaling ?? .perFeature)
        var evaluated = splits.test
        if let data {
            let other = try DatasetSpec(parsing: data).load(label: configuration.label)
            guard other.featureShape == splits.train.featureShape else {
                throw EvalError("\(data): examples of shape \(other.featureShape), the run's model takes \(splits.train.featureShape)")
            }
            guard other.task == splits.train.task else {
                throw EvalError("\(data): \(other.task), the run's model was trained for \(splits.train.task)")
            }
            if let a = other.classNames, let b = splits.train.classNames, a != b {
                throw EvalError("\(data): classes \(a.joined(separator: ", ")) differ from the run's \(b.joined(separator: ", "))")
            }
            evaluated = other
        }
        guard evaluated.count > 0 else { throw EvalError("\(path): no test examples to evaluate (the run's --test was 0); give --data") }
        let outputs: Int
        switch splits.train.task {
        case .classification(let classes): outputs = classes
        case .regression(let n):
            guard n == 1 else { throw EvalError("\(path): \(n) regression outputs; descent eval evaluates one") }
            outputs = 1
        }
        let modelSpec = try ModelSpec(parsing: configuration.model)
        let network = try modelSpec.build(inputShape: splits.train.featureShape, outputs: outputs)
        let checkpoint = try Checkpoint.load(from: folder)
        let parameters = try network.makeParameters(seed: 0).loading(checkpoint.parameters, source: folder.path)
        return EvalRun(network: network, parameters: parameters, evaluated: scaler.apply(to: evaluated),
                       validation: scaler.apply(to: splits.validation), configuration: configuration)
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
