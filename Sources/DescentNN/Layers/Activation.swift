/// An elementwise nonlinearity as a layer (no parameters).
public struct Activation: Layer {
    /// The functions available by name.
    public enum Kind: String, Sendable, CaseIterable {
        case relu, gelu, tanh, sigmoid
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        switch kind {
        case .relu: input.relu()
        case .gelu: input.gelu()
        case .tanh: input.tanh()
        case .sigmoid: input.sigmoid()
        }
    }
}

/// Flattens every axis after the first (the batch axis).
public struct Flatten: Layer {
    public init() {}

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        input.reshaped(to: [input.shape[0], -1])
    }
}

/// Reshapes every sample to `shape` (the batch axis is kept).
public struct Reshape: Layer {
    public let shape: [Int]

    public init(_ shape: [Int]) { self.shape = shape }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        input.reshaped(to: [input.shape[0]] + shape)
    }
}
