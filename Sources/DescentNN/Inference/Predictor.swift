/// A model's forward pass for inference, without the tape: the layers compiled once into
/// steps over preallocated buffers that every call reuses (what a prediction server holds
/// per worker).
///
/// Linear layers start from their bias and let sgemm add the product, with the following
/// ReLU, GELU, tanh or sigmoid applied in place; a convolution's bias, ReLU and max pooling
/// are one pass over the sgemm's output; dropout is skipped; the transformer's residual adds
/// are in place and its attention keeps one T×T score matrix at a time. The arithmetic is
/// the taped forward pass's (the same sgemm calls and kernels), so the outputs equal
/// `model(input, parameters:)` bit for bit.
///
/// ```swift
/// var predictor = try Predictor(model: model, parameters: parameters, inputShape: [784], maxBatch: 256)
/// let logits = predictor.predict(batch)          // [rows, outputs]; no allocation but the result
/// ```
public struct Predictor: Sendable {
    /// One example's input shape.
    public let inputShape: [Int]
    /// One example's output shape (classes, regression outputs, or [time, vocabulary]).
    public let outputShape: [Int]
    /// The most examples one call may hold; ``predict(_:)`` splits larger batches.
    public let maxBatch: Int
    let steps: [InferenceStep]
    /// The parameter arena's storage (shared with the caller's set, not copied).
    let weights: [Float]
    /// Ping-pong activation buffers, `maxBatch` examples of the widest activation each.
    var front: [Float]
    var back: [Float]
    /// Scratch for im2col matrices, sgemm outputs and the transformer's intermediates.
    var workspace: [Float]

    /// Floats per example of the input and the output.
    public var inputWidth: Int { inputShape.reduce(1, *) }
    public var outputWidth: Int { outputShape.reduce(1, *) }

    /// Compiles `model` (an ``MLP``, a ``ConvolutionalNetwork``, a ``TransformerLanguageModel``,
    /// or a ``Sequential`` of linear, convolution, pooling, activation, flatten and dropout
    /// layers) for examples of `inputShape` and batches of up to `maxBatch` examples.
    ///
    /// Throws ``UnsupportedLayerError`` for a layer it has no step for, or when `parameters`
    /// lack one of the model's.
    public init(model: any Layer, parameters: ParameterSet, inputShape: [Int], maxBatch: Int) throws {
        precondition(maxBatch > 0, "maxBatch must be positive")
        var compiler = InferenceCompiler(parameters: parameters, shape: inputShape)
        try compiler.add(model, prefix: "")
        self.inputShape = inputShape
        outputShape = compiler.shape
        self.maxBatch = maxBatch
        steps = compiler.steps
        weights = parameters.storage
        let widest = ([inputShape.reduce(1, *)] + steps.map(\.outputWidth)).max() ?? 0
        front = [Float](repeating: 0, count: maxBatch * widest)
        back = [Float](repeating: 0, count: maxBatch * widest)
        workspace = [Float](repeating: 0, count: steps.map { $0.workspace(batch: maxBatch) }.max() ?? 0)
    }

    /// The model's outputs for `rows` examples at `input` (`rows × inputWidth` floats),
    /// written to `output` (`rows × outputWidth` floats); `rows` at most ``maxBatch``.
    public mutating func predict(_ input: UnsafePointer<Float>, rows: Int, into output: UnsafeMutablePointer<Float>) {
        precondition(rows >= 0 && rows <= maxBatch, "\(rows) examples is more than the predictor's batch of \(maxBatch)")
        guard rows > 0 else { return }
        let steps = self.steps
        let inputWidth = self.inputWidth
        guard !steps.isEmpty else {
            output.update(from: input, count: rows * inputWidth)
            return
        }
        weights.withUnsafeBufferPointer { w in
            front.withUnsafeMutableBufferPointer { f in
                back.withUnsafeMutableBufferPointer { b in
                    workspace.withUnsafeMutableBufferPointer { s in
                        let buffers = (f.baseAddress!, b.baseAddress!)
                        var current = input
                        var next = 0
                        for (index, step) in steps.enumerated() {
                            let isLast = index == steps.count - 1
                            let destination: UnsafeMutablePointer<Float>
                            if isLast {
                                destination = output
                            } else if step.isInPlace && (current == UnsafePointer(buffers.0) || current == UnsafePointer(buffers.1)) {
                                destination = UnsafeMutablePointer(mutating: current)
                            } else {
                                destination = next == 0 ? buffers.0 : buffers.1
                                next = 1 - next
                            }
                            step.run(current, rows: rows, into: destination, weights: w.baseAddress!, workspace: s.baseAddress)
                            current = UnsafePointer(destination)
                        }
                    }
                }
            }
        }
    }

    /// The model's outputs for `input` [rows, inputShape...] as a tensor [rows, outputShape...],
    /// in batches of at most ``maxBatch``.
    public mutating func predict(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1 && input.count == input.shape[0] * inputWidth,
                     "the predictor expects examples of shape \(inputShape), got a batch of shape \(input.shape)")
        let rows = input.shape[0]
        let (inputWidth, outputWidth, maxBatch) = (self.inputWidth, self.outputWidth, self.maxBatch)
        return input.scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: [rows] + outputShape) { out in
                var start = 0
                while start < rows {
                    let count = Swift.min(maxBatch, rows - start)
                    predict(x.baseAddress! + start * inputWidth, rows: count, into: out.baseAddress! + start * outputWidth)
                    start += count
                }
            }
        }
    }
}

extension Layer {
    /// The outputs for `input` in evaluation mode through a ``Predictor`` (no tape, buffers
    /// reused within the call); the taped forward pass for layers it cannot compile.
    public func predict(_ input: Tensor, parameters: ParameterSet, batchSize: Int = 256) -> Tensor {
        let rows = input.shape.first ?? 0
        if rows > 0, var predictor = try? Predictor(model: self, parameters: parameters, inputShape: Array(input.shape.dropFirst()),
                                                    maxBatch: Swift.min(rows, Swift.max(batchSize, 1))) {
            return predictor.predict(input)
        }
        return self(input, parameters: parameters)
    }
}

/// A model holds a layer the inference path has no step for, or its parameters are missing.
public struct UnsupportedLayerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
