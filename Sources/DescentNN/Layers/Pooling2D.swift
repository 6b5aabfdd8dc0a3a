/// Max pooling over [N, C, H, W] (PyTorch's `MaxPool2d`; the stride defaults to the kernel).
public struct MaxPool2D: Layer {
    public let kernel: Int
    public let stride: Int
    public let padding: Int

    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        input.maxPool2d(kernel: kernel, stride: stride, padding: padding)
    }
}

/// Average pooling over [N, C, H, W] (PyTorch's `AvgPool2d`, padding counted).
public struct AvgPool2D: Layer {
    public let kernel: Int
    public let stride: Int
    public let padding: Int

    public init(kernel: Int, stride: Int? = nil, padding: Int = 0) {
        self.kernel = kernel
        self.stride = stride ?? kernel
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        input.avgPool2d(kernel: kernel, stride: stride, padding: padding)
    }
}
