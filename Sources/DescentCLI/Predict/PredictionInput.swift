import DescentCore
import DescentData
import DescentNN
import Foundation

/// The examples `descent predict` runs a trained model on: features encoded and scaled as
/// in training, shaped as the model's inputs, with their labels when the data has them.
struct PredictionInput {
    /// [rows, featureShape...], standardised.
    var features: Tensor
    /// Class indices [rows] or regression targets [rows, outputs]; nil when the data has no labels.
    var targets: Tensor?
    /// What was read, for messages: "the test part of digits (270 rows)".
    var description: String

    var rows: Int { features.shape.first ?? 0 }

    /// The examples `spec` names for `run`:
    /// - the run's own `--data` spec: its test part (the same seeded split as training; for
    ///   `idx:` data with t10k files, those files);
    /// - `csv:PATH`: every row; for a run trained on CSV data the columns are found by name and
    ///   encoded with the run's encoding (the label column is optional), otherwise every column
    ///   is a feature in order except one named `label`;
    /// - any other spec (`idx:DIR`, `npy:X,Y`, a generator): all its examples.
    static func load(_ spec: String, for run: TrainedRun) throws -> PredictionInput {
        guard let preprocessing = run.preprocessing else {
            throw CommandFailure("\(run.folder.path) holds a language model (\(run.configuration.model)); predict takes classification and regression runs")
        }
        let configuration = run.configuration
        let dataSpec = try DatasetSpec(parsing: spec)
        if dataSpec.isCorpus { throw CommandFailure("\(spec): text data is for language models; this run is \(configuration.model)") }
        let ownSpec = try? DatasetSpec(parsing: configuration.data)
        var features: Tensor, targets: Tensor?, description: String
        if spec == configuration.data || dataSpec == ownSpec {
            let (splits, _) = try DatasetSpec(parsing: configuration.data).splitsAndEncoding(
                label: configuration.label, validation: configuration.validationFraction, test: configuration.testFraction,
                seed: configuration.splitSeed)
            guard splits.test.count > 0 else {
                throw CommandFailure("\(run.folder.path): the run held out no test part (--test 0); give --data csv:PATH or another dataset")
            }
            (features, targets) = (splits.test.features, splits.test.targets)
            description = "the test part of \(configuration.data)"
        } else if case .csv(let path) = dataSpec {
            if let encoding = preprocessing.encoding {
                (features, targets) = try Dataset.csvFeatures(path: path, encoding: encoding)
            } else {
                let table = try Dataset.csvNumbers(path: path)
                guard table.featureNames.count == preprocessing.featureCount else {
                    throw CommandFailure("\(path): \(table.featureNames.count) feature columns (besides label), but the run's model takes \(preprocessing.featureCount) features per example")
                }
                features = table.features
                targets = try table.targets.map { try labels($0, path: path, preprocessing: preprocessing) }
            }
            description = path
        } else {
            let dataset = try dataSpec.load()
            guard dataset.featureCount == preprocessing.featureCount else {
                throw CommandFailure("\(spec): examples of shape \(dataset.featureShape), but the run's model takes \(preprocessing.featureShape)")
            }
            switch (dataset.task, preprocessing.classCount) {
            case (.classification(let classes), let count?) where classes <= count: targets = dataset.targets
            case (.regression(let outputs), nil) where outputs == preprocessing.outputs: targets = dataset.targets
            default:
                throw CommandFailure("\(spec): its labels (\(dataset.task)) do not fit the run's model (\(preprocessing.isClassification ? "\(preprocessing.classCount!) classes" : "\(preprocessing.outputs) regression outputs"))")
            }
            features = dataset.features
            description = spec
        }
        let rows = features.shape.first ?? 0
        features = preprocessing.standardizer.apply(to: features.reshaped(to: [rows, preprocessing.featureCount]))
            .reshaped(to: [rows] + preprocessing.featureShape)
        return PredictionInput(features: features, targets: targets, description: "\(description) (\(rows) rows)")
    }

    /// A `label` column's numbers as targets: class indices in range, or regression values.
    private static func labels(_ values: [Double], path: String, preprocessing: FeaturePreprocessing) throws -> Tensor {
        if let classes = preprocessing.classCount {
            if let row = values.firstIndex(where: { !($0 >= 0 && $0 < Double(classes) && $0.rounded() == $0) }) {
                throw CommandFailure("\(path): row \(row + 1), column label: \(values[row]) is not a class index in 0..<\(classes)")
            }
            return Tensor(values.map { Float($0) })
        }
        guard preprocessing.outputs == 1 else {
            throw CommandFailure("\(path): a single label column cannot hold the run's \(preprocessing.outputs) regression outputs")
        }
        return Tensor(shape: [values.count, 1], scalars: values.map { Float($0) })
    }
}
