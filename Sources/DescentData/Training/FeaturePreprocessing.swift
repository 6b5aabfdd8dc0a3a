import Foundation

/// What turns a run's raw examples into its model's inputs, fitted on the training part and
/// saved in the run folder (`preprocessing.json`) so that `descent predict` treats new files
/// exactly as training treated its data: the CSV encoding (columns, categories, classes) and
/// the standardiser's statistics.
public struct FeaturePreprocessing: Sendable, Codable, Equatable {
    /// The scaling the standardiser was fitted with.
    public var scaling: FeatureScaling
    /// Means and scales, one per feature of a flattened example.
    public var standardizer: Standardizer
    /// One example's shape.
    public var featureShape: [Int]
    /// The features' names, when the data has them (CSV columns, `column=value` for categories).
    public var featureNames: [String]?
    /// The classes, for classification; nil for regression.
    public var classCount: Int?
    /// The classes' names, when known.
    public var classNames: [String]?
    /// Regression outputs (1 for classification's label column).
    public var outputs: Int
    /// How a CSV file's columns were encoded, for runs trained on `csv:` data.
    public var encoding: TabularEncoding?

    public init(scaling: FeatureScaling, standardizer: Standardizer, featureShape: [Int], featureNames: [String]?,
                classCount: Int?, classNames: [String]?, outputs: Int, encoding: TabularEncoding?) {
        self.scaling = scaling
        self.standardizer = standardizer
        self.featureShape = featureShape
        self.featureNames = featureNames
        self.classCount = classCount
        self.classNames = classNames
        self.outputs = outputs
        self.encoding = encoding
    }

    /// The preprocessing of a training part: `train` holds the raw (unscaled) training examples.
    public init(fitting train: Dataset, scaling: FeatureScaling, encoding: TabularEncoding?) {
        let classCount: Int?, outputs: Int
        switch train.task {
        case .classification(let classes): (classCount, outputs) = (classes, classes)
        case .regression(let n): (classCount, outputs) = (nil, n)
        }
        self.init(scaling: scaling, standardizer: Standardizer(fitting: train, scaling: scaling), featureShape: train.featureShape,
                  featureNames: train.featureNames, classCount: classCount, classNames: train.classNames, outputs: outputs,
                  encoding: encoding)
    }

    /// The file name in a run folder.
    public static let fileName = "preprocessing.json"

    private enum CodingKeys: String, CodingKey {
        case scaling, standardizer, outputs, encoding
        case featureShape = "feature_shape", featureNames = "feature_names", classCount = "class_count", classNames = "class_names"
    }

    /// Features per example.
    public var featureCount: Int { featureShape.reduce(1, *) }

    /// Whether the model is a classifier.
    public var isClassification: Bool { classCount != nil }
}
