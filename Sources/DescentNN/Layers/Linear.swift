/// y = x Wᵀ + b, with W of shape [outputs, inputs] as in PyTorch.
public struct Linear: Layer {
    public let inputs: Int
    public let outputs: Int
    public let bias: Bool
    public let initializer: Initializer

    public init(_ inputs: Int, _ outputs: Int, bias: Bool = true, initializer: Initializer = .pytorchDefault) {
        self.inputs = inputs
        self.outputs = outputs
        self.bias = bias
        self.initializer = initializer
    }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        var result = [(name: "weight", value: initializer.tensor([outputs, inputs], generator: &generator))]
        if bias {
            // PyTorch draws the bias from U(−1/√fanIn, 1/√fanIn) whatever the weight init.
            let bound = 1 / Float(inputs).squareRoot()
            result.append(("bias", Initializer.uniform(low: -bound, high: bound).tensor([outputs], generator: &generator)))
        }
        return result
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        precondition(input.shape.last == inputs, "Linear(\(inputs), \(outputs)) got input of shape \(input.shape)")
        return linear(input, weight: parameters["weight"], bias: bias ? parameters["bias"] : nil)
    }
}
