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
///
/// Saved as flat named tensors, as PyTorch names an optimizer's state: `exp_avg/<parameter>`
/// for a buffer, `step` for a scalar. A chain's parts share that namespace, so the fused
/// AdamW and the chain `scale_by_adam → add_decayed_weights → scale_by_learning_rate` save the
/// same keys; only a part whose keys would collide with another's is prefixed with its
/// place and name (`1.trace/step`).
public struct TransformationState: Sendable, Equatable {
    /// Buffers with the parameters' layout (`exp_avg`, `momentum_buffer`).
    public var buffers: [String: ParameterSet]
    /// Scalars such as the step count, in Float32 as PyTorch keeps `state["step"]`, so
    /// that a saved state restores them exactly.
    public var scalars: [String: Float]
    /// The states of inner transformations (a chain's parts, in order).
    public var children: [TransformationState]
    /// The inner transformations' names, for prefixes of colliding keys (a chain's part names).
    public var childNames: [String]
    /// Buffers a fused kernel keeps in low precision (bfloat16 or 8-bit), with the parameter
    /// layout they follow; saved in their dtype by parameter name (``StateBufferCodec``).
    package var quantized: [String: QuantizedStateBuffer] = [:]
    package var quantizedLayout = ParameterSet()

    public init(buffers: [String: ParameterSet] = [:], scalars: [String: Float] = [:], children: [TransformationState] = [],
                childNames: [String] = []) {
        self.buffers = buffers
        self.scalars = scalars
        self.children = children
        self.childNames = childNames
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

    /// The keys this state's own buffers and scalars save under.
    private var ownKeys: [String] {
        var keys = Array(scalars.keys)
        for (name, buffer) in buffers { keys += buffer.entries.map { name + "/" + $0.name } }
        for (name, buffer) in quantized { keys += StateBufferCodec.keys(name, dtype: buffer.dtype, layout: quantizedLayout.entries) }
        return keys
    }

    /// Stores buffer `name` in `dtype` (signed or unsigned 8-bit map) from now on.
    package mutating func quantize(_ name: String, to dtype: StateDType, signed: Bool) {
        let buffer = take(name)
        quantizedLayout = buffer.zeros()
        quantized[name] = QuantizedStateBuffer(from: buffer.storage, dtype: dtype, signed: signed,
                                               segments: buffer.entries.map(\.count))
    }

    /// This state with every low-precision buffer back in float32 (for the composed form).
    package func dequantized() -> TransformationState {
        var copy = self
        for (name, buffer) in quantized {
            var floats = quantizedLayout
            floats.storage = buffer.floats()
            copy.buffers[name] = floats
        }
        copy.quantized = [:]
        copy.children = children.map { $0.dequantized() }
        return copy
    }

    /// Every key of this state and its children, as ``tensors(prefix:)`` names them.
    public var keys: [String] {
        ownKeys + childKeyNames.flatMap { $0.map(\.saved) }
    }

    /// For each child, its keys as it names them and as this state saves them: a key that
    /// collides with one of this state's own or another child's gets the child's place and
    /// name in front.
    private var childKeyNames: [[(inner: String, saved: String)]] {
        let inner = children.map(\.keys)
        var count: [String: Int] = [:]
        for key in ownKeys { count[key, default: 0] += 1 }
        for keys in inner { for key in Set(keys) { count[key, default: 0] += 1 } }
        return inner.enumerated().map { index, keys in
            let prefix = "\(index).\(index < childNames.count ? childNames[index] : "part")/"
            return keys.map { ($0, count[$0]! > 1 ? prefix + $0 : $0) }
        }
    }

    /// The state as named tensors (see the type's documentation), with `prefix` prepended:
    /// F32, and low-precision buffers in their dtype (``StateBufferCodec``).
    public func tensors(prefix: String = "") -> [String: SafeTensors.Value] {
        var result: [String: SafeTensors.Value] = [:]
        for (name, buffer) in buffers {
            for (key, tensor) in buffer.namedTensors(keyPrefix: prefix + name + "/") { result[key] = .float32(tensor) }
        }
        for (name, value) in scalars { result[prefix + name] = .float32(Tensor(value)) }
        for (name, buffer) in quantized {
            result.merge(StateBufferCodec.encode(buffer, name: prefix + name, layout: quantizedLayout.entries)) { a, _ in a }
        }
        for (child, names) in zip(children, childKeyNames) {
            let saved = Dictionary(uniqueKeysWithValues: names.map { ($0.inner, $0.saved) })
            for (key, tensor) in child.tensors() { result[prefix + saved[key]!] = tensor }
        }
        return result
    }

    /// Fills this state (as made by `initialState`) from ``tensors(prefix:)`` output,
    /// matching buffers by parameter name; a buffer saved in another dtype is converted
    /// (``StateBufferCodec``). Throws naming the first missing or mismatched entry.
    public mutating func load(_ tensors: [String: SafeTensors.Value], prefix: String = "") throws {
        for name in buffers.keys.sorted() {
            let layout = buffers[name]!.entries
            buffers[name]!.storage = try StateBufferCodec.decode(
                tensors, name: prefix + name, layout: layout, as: .float32, signed: true,
                what: "optimizer state \(prefix)\(name) for parameter").values
        }
        for name in quantized.keys.sorted() {
            let buffer = quantized[name]!
            quantized[name] = try StateBufferCodec.decode(
                tensors, name: prefix + name, layout: quantizedLayout.entries, as: buffer.dtype, signed: buffer.isSigned,
                what: "optimizer state \(prefix)\(name) for parameter")
        }
        for name in scalars.keys.sorted() {
            guard let tensor = tensors[prefix + name]?.float32, tensor.count == 1 else {
                throw OptimizerStateError("optimizer state has no scalar \(prefix)\(name)")
            }
            guard tensor.scalars[0].isFinite else {
                throw OptimizerStateError("optimizer state \(prefix)\(name) is \(tensor.scalars[0])")
            }
            scalars[name] = tensor.scalars[0]
        }
        for (index, names) in childKeyNames.enumerated() {
            var inner: [String: SafeTensors.Value] = [:]
            for (key, saved) in names {
                // A buffer saved in 8-bit brings its absmax and map, under the same part prefix.
                let outer = prefix + saved.dropLast(key.count)
                for name in [key] + StateBufferCodec.companions(of: key) {
                    if let tensor = tensors[outer + name] { inner[name] = tensor }
                }
            }
            try children[index].load(inner)
        }
    }

}
