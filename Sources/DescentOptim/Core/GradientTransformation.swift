/// A gradient transformation, as in Optax: an initial state, and an update that maps
/// gradients (transformed in place into updates) and the state to new updates and state.
///
/// Updates are added to the parameters at the end (`p ← p + u`), so a transformation that
/// descends produces negative updates (``ScaleByLearningRate`` does the negation).
/// Every buffer a transformation keeps lives in its ``TransformationState``, in the
/// parameter arena's layout, so it can be saved by parameter name.
public protocol GradientTransformation: Sendable {
    /// The name used in state keys and in `descent optim show` (`scale_by_adam`).
    var name: String { get }

    /// The state before the first step, for parameters with this layout.
    func initialState(for parameters: ParameterSet) -> TransformationState

    /// Transforms `updates` in place (gradients on the first transformation of a chain),
    /// reading `parameters` where the rule needs them.
    func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet)
}

/// All the state of a transformation: named buffers in the arena's layout, named scalars
/// (step counters, running values) and the states of inner transformations.
public struct TransformationState: Sendable, Equatable {
    /// Buffers with the parameters' layout (`exp_avg`, `momentum_buffer`).
    public var buffers: [String: ParameterSet]
    /// Scalars such as the step count, in Float32 as PyTorch keeps `state["step"]`, so
    /// that a saved state restores them exactly.
    public var scalars: [String: Float]
    /// The states of inner transformations (a chain's parts, in order).
    public var children: [TransformationState]

    public init(buffers: [String: ParameterSet] = [:], scalars: [String: Float] = [:], children: [TransformationState] = []) {
        self.buffers = buffers
        self.scalars = scalars
        self.children = children
    }

    /// Moves buffer `name` out of the state (without copying its storage), for a kernel
    /// that needs several buffers mutably at once; put it back with ``put(_:_:)``.
    public mutating func take(_ name: String) -> ParameterSet {
        guard let buffer = buffers.removeValue(forKey: name) else {
            preconditionFailure("transformation state has no buffer \(name)")
        }
        return buffer
    }

    /// Puts a buffer back into the state.
    public mutating func put(_ name: String, _ buffer: ParameterSet) { buffers[name] = buffer }

    /// The state as named tensors: `buffer/parameter` for buffers, `scalar` for scalars,
    /// `index.childname/...` for children; `prefix` is prepended to every key.
    public func tensors(prefix: String = "", childNames: [String] = []) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (name, buffer) in buffers {
            for entry in buffer.entries { result[prefix + name + "/" + entry.name] = buffer[entry.name] }
        }
        for (name, value) in scalars { result[prefix + name] = Tensor(value) }
        for (index, child) in children.enumerated() {
            let childName = index < childNames.count ? childNames[index] : "\(index)"
            result.merge(child.tensors(prefix: prefix + "\(index).\(childName)/")) { a, _ in a }
        }
        return result
    }

    /// Fills this state (as made by `initialState`) from ``tensors(prefix:childNames:)``
    /// output, matching buffers by parameter name; throws naming the first missing or
    /// mismatched entry.
    public mutating func load(_ tensors: [String: Tensor], prefix: String = "", childNames: [String] = []) throws {
        for name in buffers.keys.sorted() {
            var buffer = take(name)
            for entry in buffer.entries {
                let key = prefix + name + "/" + entry.name
                guard let tensor = tensors[key] else {
                    throw OptimizerStateError("optimizer state has no \(prefix)\(name) for parameter \(entry.name)")
                }
                guard tensor.shape == entry.shape else {
                    throw OptimizerStateError("optimizer state \(prefix)\(name) for parameter \(entry.name) has shape \(tensor.shape), expected \(entry.shape)")
                }
                buffer[entry.name] = tensor
            }
            put(name, buffer)
        }
        for name in scalars.keys.sorted() {
            guard let tensor = tensors[prefix + name], tensor.count == 1 else {
                throw OptimizerStateError("optimizer state has no scalar \(prefix)\(name)")
            }
            scalars[name] = tensor.scalars[0]
        }
        for index in children.indices {
            let childName = index < childNames.count ? childNames[index] : "\(index)"
            try children[index].load(tensors, prefix: prefix + "\(index).\(childName)/")
        }
    }
}
