import DescentNN

/// The training, validation and test parts of a run's data, as batch sources, with what
/// the model needs to know about them.
public struct TrainingData: Sendable {
    public var train: any BatchSource
    public var validation: (any BatchSource)?
    public var test: (any BatchSource)?
    public var objective: Objective
    /// One sample's shape.
    public var inputShape: [Int]
    /// Classes, regression outputs or vocabulary size.
    public var outputs: Int
    /// The corpus's unigram entropy in nats, for language models.
    public var unigramEntropy: Double?
    /// How raw examples became the model's inputs (encoding and scaling); nil for text.
    public var preprocessing: FeaturePreprocessing?

    /// Where the data comes from and how it is split and scaled.
    public struct Source: Sendable {
        public var data: String
        public var label: String?
        public var scaling: FeatureScaling
        public var splitSeed: UInt64
        public var validationFraction: Double
        public var testFraction: Double
        public var labelSmoothing: Float

        public init(data: String, label: String?, scaling: FeatureScaling, splitSeed: UInt64, validationFraction: Double,
                    testFraction: Double, labelSmoothing: Float) {
            self.data = data
            self.label = label
            self.scaling = scaling
            self.splitSeed = splitSeed
            self.validationFraction = validationFraction
            self.testFraction = testFraction
            self.labelSmoothing = labelSmoothing
        }
    }

    /// Loads and splits the data `configuration` names; `contextLength` is the language
    /// model's (text data needs one, other data must not have one).
    public static func load(_ configuration: Source, contextLength: Int?) throws -> TrainingData {
        let spec = try DatasetSpec(parsing: configuration.data)
        if spec.isCorpus {
            guard let contextLength else {
                throw ModelSpecError("text data trains a language model: use --model transformer:...")
            }
            let corpus = try spec.loadCorpus(contextLength: contextLength, validationFraction: configuration.validationFraction)
            return TrainingData(
                train: CorpusWindows(corpus: corpus, part: .train), validation: CorpusWindows(corpus: corpus, part: .validation),
                test: nil, objective: .languageModel, inputShape: [contextLength],
                outputs: corpus.vocabulary.count, unigramEntropy: corpus.unigramEntropy)
        }
        if contextLength != nil {
            throw ModelSpecError("a transformer language model needs text data (--data text or text:PATH)")
        }
        let (raw, encoding) = try spec.splitsAndEncoding(label: configuration.label, validation: configuration.validationFraction,
                                                          test: configuration.testFraction, seed: configuration.splitSeed)
        let preprocessing = FeaturePreprocessing(fitting: raw.train, scaling: configuration.scaling, encoding: encoding)
        let scaler = preprocessing.standardizer
        let splits = DatasetSplits(train: scaler.apply(to: raw.train), validation: scaler.apply(to: raw.validation),
                                   test: scaler.apply(to: raw.test))
        let objective: Objective
        let outputs: Int
        switch splits.train.task {
        case .classification(let classes):
            objective = .classification(labelSmoothing: configuration.labelSmoothing)
            outputs = classes
        case .regression(let n):
            objective = .regression
            outputs = n
        }
        func source(_ d: Dataset) -> (any BatchSource)? {
            d.count == 0 ? nil : TensorBatchSource(inputs: d.features, targets: d.targets)
        }
        guard splits.train.count > 0 else { throw TrainingError("\(configuration.data): no training examples after the split") }
        return TrainingData(train: source(splits.train)!, validation: source(splits.validation), test: source(splits.test),
                            objective: objective, inputShape: splits.train.featureShape, outputs: outputs, unigramEntropy: nil,
                            preprocessing: preprocessing)
    }
}

/// Non-overlapping windows of a character corpus part, as examples: input tokens and the
/// next tokens.
public struct CorpusWindows: BatchSource {
    public let corpus: CharacterCorpus
    public let part: CharacterCorpus.Part

    public init(corpus: CharacterCorpus, part: CharacterCorpus.Part) {
        self.corpus = corpus
        self.part = part
    }

    public var exampleCount: Int { (max(corpus.windowCount(part), 0) + corpus.contextLength - 1) / corpus.contextLength }

    public func batch(rows: [Int]) -> (input: Tensor, target: Tensor) {
        let (x, y) = corpus.batch(part: part, starts: rows.map { $0 * corpus.contextLength })
        return (x, y)
    }
}
