/// 2-D convolution over [N, C, H, W] inputs, weight [out, in, kh, kw] as in PyTorch.
public struct Conv2D: Layer {
    public let inChannels: Int
    public let outChannels: Int
    public let kernel: Int
    public let stride: Int
    public let padding: Int
    public let bias: Bool
    public let initializer: Initializer

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, initializer: Initializer = .pytorchDefault) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.bias = bias
        self.initializer = initializer
    }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        var result = [(name: "weight", value: initializer.tensor([outChannels, inChannels, kernel, kernel], generator: &generator))]
        if bias {
            let bound = 1 / Float(inChannels * kernel * kernel).squareRoot()
            result.append(("bias", Initializer.uniform(low: -bound, high: bound).tensor([outChannels], generator: &generator)))
        }
        return result
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        conv2d(input, parameters["weight"], bias: bias ? parameters["bias"] : nil, stride: stride, padding: padding)
    }
}
