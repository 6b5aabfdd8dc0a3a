import DescentData
import DescentNN
import DescentOptim

/// Everything that defines a training run, saved as `config.json` in the run folder so that
/// `--resume` continues with the same data, model and optimizer.
struct RunConfiguration: Codable, Equatable {
    var data: String
    var label: String?
    /// How features are scaled. New runs always record it; absent in a run saved before
    /// the data's default was recorded, which was then per feature.
    var scaling: FeatureScaling?
    var model: String
    /// The weight initialiser's name (`pytorch` when absent).
    var initializer: String?
    var optimizer: String
    var hyperparameters: [String: Double]
    var epochs: Int
    var steps: Int?
    var batchSize: Int
    var seed: UInt64
    var splitSeed: UInt64
    var validationFraction: Double
    var testFraction: Double
    var earlyStopping: Int?
    var labelSmoothing: Float
    /// Schedule, clipping, decay groups, accumulation and state dtype; absent in runs saved
    /// before recipes existed (constant learning rate, nothing else).
    var recipe: TrainingRecipe?
    /// The compute threads the run used (BLAS reductions, and so the last bits of the
    /// results, depend on it); `--resume` uses it again unless `--threads` is given. Absent
    /// in runs saved before it was recorded.
    var threads: Int?

    /// Where the data comes from and how it is split and scaled.
    var dataSource: TrainingData.Source {
        TrainingData.Source(data: data, label: label, scaling: scaling ?? .perFeature, splitSeed: splitSeed,
                            validationFraction: validationFraction, testFraction: testFraction, labelSmoothing: labelSmoothing)
    }
}
