/// Rows of examples the training loop can draw mini-batches from.
public protocol BatchSource: Sendable {
    /// The number of examples.
    var exampleCount: Int { get }
    /// The inputs and targets of the examples at `rows`, stacked along a new first axis.
    func batch(rows: [Int]) -> (input: Tensor, target: Tensor)
}

/// A batch source over two tensors whose first axes are the examples.
public struct TensorBatchSource: BatchSource {
    public let inputs: Tensor
    public let targets: Tensor

    public init(inputs: Tensor, targets: Tensor) {
        precondition(inputs.shape.first == targets.shape.first,
                     "\(inputs.shape.first ?? 0) inputs but \(targets.shape.first ?? 0) targets")
        self.inputs = inputs
        self.targets = targets
    }

    public var exampleCount: Int { inputs.shape.first ?? 0 }

    public func batch(rows: [Int]) -> (input: Tensor, target: Tensor) {
        (inputs.gathering(rows: rows), targets.gathering(rows: rows))
    }
}
