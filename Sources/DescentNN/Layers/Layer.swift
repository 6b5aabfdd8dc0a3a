/// A building block of a model: it declares its parameters and maps an input to an output.
///
/// Layers are descriptions (value types); their parameters live in a ``ParameterSet``
/// under names relative to the layer (`weight`, `0.bias`), which a parent prefixes with
/// its own child names (`encoder.0.weight`), as PyTorch's `state_dict` does.
public protocol Layer: Sendable {
    /// The parameters this layer owns, with their initial values, in a fixed order.
    func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)]

    /// Applies the layer to `input`, reading its parameters from `parameters`.
    func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor
}

extension Layer {
    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] { [] }

    /// A fresh parameter set for this layer, initialised from `seed`.
    public func makeParameters(seed: UInt64) -> ParameterSet {
        var generator = RandomGenerator(seed: seed)
        return ParameterSet(initialParameters(generator: &generator))
    }

    /// Applies the layer in evaluation mode (no dropout).
    public func callAsFunction(_ input: Tensor, parameters: ParameterSet) -> Tensor {
        var context = ForwardContext(training: false, generator: RandomGenerator(seed: 0))
        return self(input, parameters: ParameterScope(parameters), context: &context)
    }
}

/// A view of a ``ParameterSet`` under a name prefix.
public struct ParameterScope: Sendable {
    public let parameters: ParameterSet
    public let prefix: String

    /// The whole set, with no prefix.
    public init(_ parameters: ParameterSet, prefix: String = "") {
        self.parameters = parameters
        self.prefix = prefix
    }

    /// The parameter `name` relative to this scope.
    public subscript(name: String) -> Tensor { parameters[prefix + name] }

    /// Whether `name` exists relative to this scope.
    public func contains(_ name: String) -> Bool { parameters.contains(prefix + name) }

    /// The scope of a child layer.
    public func child(_ name: String) -> ParameterScope {
        ParameterScope(parameters, prefix: prefix + name + ".")
    }
}

/// What a forward pass needs besides parameters: the mode and a generator for dropout.
public struct ForwardContext: Sendable {
    /// Training mode enables dropout.
    public var training: Bool
    /// The stream dropout draws from.
    public var generator: RandomGenerator

    public init(training: Bool, generator: RandomGenerator) {
        self.training = training
        self.generator = generator
    }
}

/// Prefixes `parameters`' names with `name.`.
func prefixed(_ name: String, _ parameters: [(name: String, value: Tensor)]) -> [(name: String, value: Tensor)] {
    parameters.map { (name + "." + $0.name, $0.value) }
}
