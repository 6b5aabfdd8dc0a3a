import Testing
@testable import DescentNN

/// The tape-free inference path equals the taped forward pass (evaluation mode) for every
/// model kind, bit for bit (the same sgemm calls and kernels), at batch 1 and at a full
/// batch, and keeps doing so when its buffers are reused.
struct PredictorTests {
    /// Inputs drawn from N(0, 1), with a fixed seed.
    static func inputs(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = RandomGenerator(seed: seed)
        return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.normal() })
    }

    /// The predictor's outputs against the taped forward pass's, at `batches` batch sizes, twice each (buffers reused).
    static func expectEqualToTaped(_ model: any Layer, inputShape: [Int], batches: [Int], maxBatch: Int,
                                   makeInput: ([Int], UInt64) -> Tensor = inputs,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parameters = model.makeParameters(seed: 7)
        var predictor = try Predictor(model: model, parameters: parameters, inputShape: inputShape, maxBatch: maxBatch)
        for (round, batch) in (batches + batches).enumerated() {
            let x = makeInput([batch] + inputShape, UInt64(round))
            let expected = model(x, parameters: parameters)
            let got = predictor.predict(x)
            #expect(got.shape == expected.shape, sourceLocation: sourceLocation)
            let difference = zip(got.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(got == expected, "batch \(batch): largest difference \(difference)", sourceLocation: sourceLocation)
        }
    }

    @Test func mlpEqualsTheTapedForwardPass() throws {
        try Self.expectEqualToTaped(MLP(inputs: 784, hidden: [512, 512], outputs: 10), inputShape: [784],
                                    batches: [1, 256, 3], maxBatch: 256)
    }

    @Test func mlpWithOtherActivationsAndDropout() throws {
        for activation in Activation.Kind.allCases {
            try Self.expectEqualToTaped(MLP(inputs: 20, hidden: [16, 8], outputs: 3, activation: activation, dropout: 0.5),
                                        inputShape: [20], batches: [1, 5], maxBatch: 8)
        }
    }

    @Test func cnnEqualsTheTapedForwardPass() throws {
        // 256 examples make two im2col groups in the second convolution (148 samples each at most).
        try Self.expectEqualToTaped(ConvolutionalNetwork(inputShape: [1, 28, 28], channels: [16, 64], outputs: 10),
                                    inputShape: [1, 28, 28], batches: [1, 256], maxBatch: 256)
        // Flat examples, odd sizes (the pooling floors), three channels in.
        try Self.expectEqualToTaped(ConvolutionalNetwork(inputShape: [3, 9, 11], channels: [4, 5], outputs: 2),
                                    inputShape: [3, 9, 11], batches: [1, 6], maxBatch: 6)
        try Self.expectEqualToTaped(ConvolutionalNetwork(inputShape: [1, 8, 8], channels: [6], outputs: 10),
                                    inputShape: [64], batches: [2], maxBatch: 4)
    }

    @Test func sequentialLayersAndUnfusedPooling() throws {
        let model = Sequential {
            Conv2D(2, 3, kernel: 3, stride: 2, padding: 1, bias: false)
            MaxPool2D(kernel: 3, stride: 1, padding: 1)
            Activation(.tanh)
            MaxPool2D(kernel: 2)
            Flatten()
            Linear(3 * 2 * 2, 4)
            Activation(.sigmoid)
        }
        try Self.expectEqualToTaped(model, inputShape: [2, 7, 8], batches: [1, 3], maxBatch: 3)
    }

    @Test func nanReachesThePredictionAsInTheTapedPass() throws {
        let model = ConvolutionalNetwork(inputShape: [1, 6, 6], channels: [2], outputs: 2)
        let parameters = model.makeParameters(seed: 1)
        var x = Self.inputs([1, 1, 6, 6], seed: 3).scalars
        x[7] = .nan
        let input = Tensor(shape: [1, 1, 6, 6], scalars: x)
        var predictor = try Predictor(model: model, parameters: parameters, inputShape: [1, 6, 6], maxBatch: 1)
        let got = predictor.predict(input), expected = model(input, parameters: parameters)
        #expect(got.shape == expected.shape)
        #expect(got.scalars.map(\.isNaN) == expected.scalars.map(\.isNaN))
        #expect(got.scalars.contains { $0.isNaN })
    }

    @Test func transformerEqualsTheTapedForwardPass() throws {
        let model = TransformerLanguageModel(vocabulary: 11, contextLength: 8, layers: 2, heads: 2, width: 16)
        let tokens: ([Int], UInt64) -> Tensor = { shape, seed in
            var generator = RandomGenerator(seed: seed)
            return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(Int(generator.uniform(0, 11)) % 11) })
        }
        try Self.expectEqualToTaped(model, inputShape: [8], batches: [1, 4], maxBatch: 4, makeInput: tokens)
        // Shorter sequences than the context.
        try Self.expectEqualToTaped(model, inputShape: [5], batches: [2], maxBatch: 2, makeInput: tokens)
    }

    @Test func layerPredictSplitsLargeBatchesAndFallsBack() throws {
        let model = MLP(inputs: 6, hidden: [5], outputs: 2)
        let parameters = model.makeParameters(seed: 2)
        let x = Self.inputs([10, 6], seed: 4)
        #expect(model.predict(x, parameters: parameters, batchSize: 4) == model(x, parameters: parameters))
        let pooled = AvgPool2D(kernel: 2)
        let image = Self.inputs([1, 1, 4, 4], seed: 5)
        #expect(pooled.predict(image, parameters: ParameterSet()) == pooled(image, parameters: ParameterSet()))
    }

    @Test func missingOrMisshapenParametersAreRefused() {
        let model = MLP(inputs: 6, hidden: [5], outputs: 2)
        #expect(throws: UnsupportedLayerError.self) {
            try Predictor(model: model, parameters: ParameterSet(), inputShape: [6], maxBatch: 1)
        }
        #expect(throws: UnsupportedLayerError.self) {
            try Predictor(model: model, parameters: MLP(inputs: 7, hidden: [5], outputs: 2).makeParameters(seed: 0),
                          inputShape: [6], maxBatch: 1)
        }
        #expect(throws: UnsupportedLayerError.self) {
            try Predictor(model: AvgPool2D(kernel: 2), parameters: ParameterSet(), inputShape: [1, 4, 4], maxBatch: 1)
        }
    }
}
