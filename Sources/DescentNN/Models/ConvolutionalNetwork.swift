/// A small CNN for images [N, C, H, W]: per entry of `channels`, a 3×3 convolution
/// (padding 1), ReLU and 2×2 max pooling (computed as pooling then ReLU: the same function
/// and gradients, cheaper); then a linear classifier.
public struct ConvolutionalNetwork: Layer {
    public let inputShape: [Int]
    public let channels: [Int]
    public let outputs: Int
    public let initializer: Initializer

    /// `inputShape` is one sample's [C, H, W].
    public init(inputShape: [Int], channels: [Int] = [16, 32], outputs: Int, initializer: Initializer = .pytorchDefault) {
        precondition(inputShape.count == 3, "a CNN needs samples of shape [C, H, W], got \(inputShape)")
        self.inputShape = inputShape
        self.channels = channels
        self.outputs = outputs
        self.initializer = initializer
    }

    public var sequential: Sequential {
        var (height, width) = (inputShape[1], inputShape[2])
        var layers: [any Layer] = []
        var previous = inputShape[0]
        for c in channels {
            // Max pooling before the ReLU: max and ReLU commute (values, argmax and gradients
            // alike), and the ReLU then touches a quarter of the elements. The layer indices,
            // hence the parameter names, are those of conv → ReLU → pool.
            layers += [Conv2D(previous, c, kernel: 3, padding: 1, initializer: initializer), MaxPool2D(kernel: 2), Activation(.relu)]
            (height, width) = (height / 2, width / 2)
            previous = c
        }
        precondition(height > 0 && width > 0, "\(channels.count) pooling stages are too many for \(inputShape)")
        layers += [Flatten(), Linear(previous * height * width, outputs, initializer: initializer)]
        return Sequential(layers)
    }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        sequential.initialParameters(generator: &generator)
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        let x = input.rank == 2 ? input.reshaped(to: [input.shape[0]] + inputShape) : input
        return sequential(x, parameters: parameters, context: &context)
    }
}
