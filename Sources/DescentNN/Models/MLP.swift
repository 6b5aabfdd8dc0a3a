/// A multi-layer perceptron: Linear layers with an activation between them, named as
/// PyTorch's `nn.Sequential` would (`0.weight`, `2.weight`, …). Inputs of more than two
/// axes are flattened after the batch axis.
public struct MLP: Layer {
    public let inputs: Int
    public let hidden: [Int]
    public let outputs: Int
    public let activation: Activation.Kind
    public let dropout: Float
    public let initializer: Initializer

    public init(inputs: Int, hidden: [Int], outputs: Int, activation: Activation.Kind = .relu, dropout: Float = 0,
                initializer: Initializer = .pytorchDefault) {
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.activation = activation
        self.dropout = dropout
        self.initializer = initializer
    }

    /// The equivalent sequence of layers.
    public var sequential: Sequential {
        let widths = [inputs] + hidden
        return Sequential {
            for (index, width) in hidden.enumerated() {
                Linear(widths[index], width, initializer: initializer)
                Activation(activation)
                if dropout > 0 { Dropout(dropout) }
            }
            Linear(widths.last!, outputs, initializer: initializer)
        }
    }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        sequential.initialParameters(generator: &generator)
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        let flat = input.rank > 2 ? input.reshaped(to: [input.shape[0], -1]) : input
        return sequential(flat, parameters: parameters, context: &context)
    }
}
