/// A lookup table from token indices to vectors; weight [count, width], N(0, 1) as in PyTorch.
public struct Embedding: Layer {
    public let count: Int
    public let width: Int
    public let initializer: Initializer

    public init(_ count: Int, _ width: Int, initializer: Initializer = .normal(std: 1)) {
        self.count = count
        self.width = width
        self.initializer = initializer
    }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        [("weight", initializer.tensor([count, width], generator: &generator))]
    }

    /// `input` holds token indices (as Float); the result has shape `input.shape + [width]`.
    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        let indices = input.scalars.map { Int($0) }
        return parameters["weight"].gathering(rows: indices, indexShape: input.shape)
    }
}
