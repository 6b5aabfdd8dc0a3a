/// Zeroes each element with probability `probability` in training (scaling the rest by
/// 1 / (1 − p)); the identity in evaluation.
public struct Dropout: Layer {
    public let probability: Float

    public init(_ probability: Float) {
        precondition(probability >= 0 && probability <= 1, "dropout probability must be in [0, 1]")
        self.probability = probability
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        guard context.training, probability > 0 else { return input }
        return dropout(input, probability: probability, generator: &context.generator)
    }
}
