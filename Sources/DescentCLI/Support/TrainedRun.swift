import DescentCore
import DescentData
import DescentNN
import Foundation

/// A run folder written by `descent train`, loaded for use after training (`descent
/// predict`, and `descent eval --run`): its configuration, its model with the latest
/// checkpoint's weights (a schedule-free run's evaluation point), and how its data was
/// encoded and scaled.
struct TrainedRun {
    let folder: URL
    let configuration: RunConfiguration
    let modelSpec: ModelSpec
    let model: any Layer
    let parameters: ParameterSet
    /// The encoding and scaling of the run's data; nil for language models (text data).
    let preprocessing: FeaturePreprocessing?
    /// The optimizer steps the weights were trained for.
    let step: Int

    /// Loads the run in `path`; throws one line naming the file at fault.
    ///
    /// `preprocessing.json` is written by every run since it existed; for an older run the
    /// encoding and the scaling statistics are fitted again on the run's training part
    /// (the split is seeded, so they come out the same as long as the data has not changed).
    static func load(_ path: String) throws -> TrainedRun {
        let folder = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("\(path): no such run folder")
        }
        let configurationFile = folder.appendingPathComponent("config.json")
        guard let bytes = FileManager.default.contents(atPath: configurationFile.path) else {
            throw CommandFailure("\(configurationFile.path): not a run folder (missing config.json)")
        }
        guard let configuration = try? JSONDecoder().decode(RunConfiguration.self, from: bytes) else {
            throw CommandFailure("\(configurationFile.path): not a run configuration")
        }
        let modelSpec = try ModelSpec(parsing: configuration.model)
        guard Checkpoint.exists(in: folder) else { throw CommandFailure("\(path): the run has no checkpoint yet") }
        let checkpoint = try Checkpoint.load(from: folder)
        // The weights to serve: a schedule-free run's evaluation point, else the iterates.
        let weights = checkpoint.servingParameters
        try Checkpoint.checkFinite(weights, source: path)

        let preprocessing: FeaturePreprocessing?
        let inputShape: [Int], outputs: Int
        if let context = modelSpec.contextLength {
            preprocessing = nil
            guard let head = weights["lm_head.weight"], head.rank == 2 else {
                throw CommandFailure("\(path): the checkpoint has no lm_head.weight for its language model")
            }
            (inputShape, outputs) = ([context], head.shape[0])
        } else {
            let file = folder.appendingPathComponent(FeaturePreprocessing.fileName)
            if let saved = FileManager.default.contents(atPath: file.path) {
                do {
                    preprocessing = try JSONDecoder().decode(FeaturePreprocessing.self, from: saved)
                } catch {
                    throw CommandFailure("\(file.path): not a run's preprocessing record")
                }
            } else {
                preprocessing = try TrainingData.load(configuration.dataSource, contextLength: nil).preprocessing
            }
            guard let preprocessing, preprocessing.standardizer.mean.count == preprocessing.featureCount else {
                throw CommandFailure("\(file.path): its scaling statistics do not match its feature shape")
            }
            (inputShape, outputs) = (preprocessing.featureShape, preprocessing.outputs)
        }
        guard let initializer = Initializer(named: configuration.initializer ?? "pytorch") else {
            throw CommandFailure("\(configurationFile.path): unknown initializer '\(configuration.initializer ?? "")'")
        }
        let model = try modelSpec.build(inputShape: inputShape, outputs: outputs, initializer: initializer)
        let parameters = try model.makeParameters(seed: configuration.seed).loading(weights, source: path)
        return TrainedRun(folder: folder, configuration: configuration, modelSpec: modelSpec, model: model, parameters: parameters,
                          preprocessing: preprocessing, step: checkpoint.step)
    }
}
