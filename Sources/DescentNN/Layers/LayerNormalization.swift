/// Layer normalisation over the last axis with a learned scale (`weight`, ones) and shift
/// (`bias`, zeros), as PyTorch's `LayerNorm(width)`.
public struct LayerNormalization: Layer {
    public let width: Int
    public let eps: Float

    public init(_ width: Int, eps: Float = 1e-5) {
        self.width = width
        self.eps = eps
    }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        [("weight", Tensor.ones([width])), ("bias", Tensor.zeros([width]))]
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        layerNorm(input, weight: parameters["weight"], bias: parameters["bias"], eps: eps)
    }
}
