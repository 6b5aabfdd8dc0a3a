/// The parameter arena: named tensors laid out one after another in one contiguous buffer.
///
/// Gradients and every optimizer state buffer use the same layout (``zeros()``), so an
/// optimizer step is one pass over memory. Names are stable (`encoder.0.weight`), so
/// checkpoints and parameter groups refer to parameters by name.
public struct ParameterSet: Sendable {
    /// One parameter's place in the arena.
    public struct Entry: Sendable, Hashable {
        public let name: String
        public let shape: [Int]
        /// Index of the first element in ``ParameterSet/storage``.
        public let offset: Int
        /// The number of elements.
        public var count: Int { shape.reduce(1, *) }
        /// The elements' range in ``ParameterSet/storage``.
        public var range: Range<Int> { offset..<(offset + count) }
    }

    /// The parameters in layout order.
    public private(set) var entries: [Entry] = []
    /// All elements, parameter after parameter.
    public var storage: [Float] = []
    private var positions: [String: Int] = [:]
    /// The tape this set is traced on, inside ``valueWithGradient(at:_:)``.
    var tape: Tape?

    /// An empty set.
    public init() {}

    /// A set holding `parameters` in the given order.
    public init(_ parameters: [(name: String, value: Tensor)]) {
        for (name, value) in parameters { append(name, value) }
    }

    /// Adds a parameter at the end of the arena; names must be unique.
    public mutating func append(_ name: String, _ value: Tensor) {
        precondition(positions[name] == nil, "duplicate parameter name \(name)")
        positions[name] = entries.count
        entries.append(Entry(name: name, shape: value.shape, offset: storage.count))
        storage.append(contentsOf: value.scalars)
    }

    /// The number of parameters (tensors).
    public var parameterCount: Int { entries.count }

    /// The total number of elements.
    public var scalarCount: Int { storage.count }

    /// The parameter names in layout order.
    public var names: [String] { entries.map(\.name) }

    /// The entry named `name`, if any.
    public func entry(named name: String) -> Entry? {
        positions[name].map { entries[$0] }
    }

    /// Whether the two sets have the same names, shapes and order.
    public func hasSameLayout(as other: ParameterSet) -> Bool { entries == other.entries }

    /// A set with this layout and every element zero.
    public func zeros() -> ParameterSet { filled(with: 0) }

    /// A set with this layout and every element `value`.
    public func filled(with value: Float) -> ParameterSet {
        var copy = self
        copy.tape = nil
        copy.storage = [Float](repeating: value, count: storage.count)
        return copy
    }

    /// The parameter named `name`; traced for differentiation inside ``valueWithGradient(at:_:)``.
    public subscript(name: String) -> Tensor {
        get {
            guard let position = positions[name] else {
                preconditionFailure("no parameter named \(name); have \(names.prefix(8).joined(separator: ", "))")
            }
            return self[position]
        }
        set {
            guard let position = positions[name] else { preconditionFailure("no parameter named \(name)") }
            let entry = entries[position]
            precondition(newValue.shape == entry.shape, "parameter \(name) has shape \(entry.shape), got \(newValue.shape)")
            storage.replaceSubrange(entry.range, with: newValue.scalars)
        }
    }

    /// The parameter at `position` in layout order.
    public subscript(position: Int) -> Tensor {
        let entry = entries[position]
        var tensor = Tensor(shape: entry.shape, scalars: Array(storage[entry.range]))
        if let tape { tensor.tracker = Tracker(tape: tape, index: position) }
        return tensor
    }

    /// Whether a parameter named `name` exists.
    public func contains(_ name: String) -> Bool { positions[name] != nil }
}

extension ParameterSet: Equatable {
    /// Same layout and bitwise-equal elements.
    public static func == (lhs: ParameterSet, rhs: ParameterSet) -> Bool {
        lhs.entries == rhs.entries && lhs.storage == rhs.storage
    }
}

/// The value of `f` at `parameters` and its gradient, in the arena's layout.
///
/// `f` reads parameters by name from the set it is given; they are traced, so every
/// operation on them is recorded for this call only.
public func valueWithGradient(
    at parameters: ParameterSet, _ f: (ParameterSet) throws -> Tensor
) rethrows -> (value: Float, gradient: ParameterSet) {
    var gradient = parameters.zeros()
    let value = try valueWithGradient(at: parameters, into: &gradient, f)
    return (value, gradient)
}

/// The value of `f` at `parameters`; its gradient is written into `gradient`, which must
/// have the same layout (reusing it saves an allocation per step).
public func valueWithGradient(
    at parameters: ParameterSet, into gradient: inout ParameterSet, _ f: (ParameterSet) throws -> Tensor
) rethrows -> Float {
    precondition(gradient.hasSameLayout(as: parameters), "gradient buffer does not match the parameters' layout")
    let tape = Tape()
    for _ in parameters.entries { _ = tape.leaf(Tensor(0)) }
    var traced = parameters
    traced.tape = tape
    let output = try f(traced)
    precondition(output.count == 1, "can only differentiate a scalar, got shape \(output.shape)")
    let found = tape.gradients(of: output)
    gradient.storage.withUnsafeMutableBufferPointer { g in
        for (position, entry) in parameters.entries.enumerated() {
            let destination = g.baseAddress! + entry.offset
            if let grad = found[position] {
                grad.scalars.withUnsafeBufferPointer { destination.update(from: $0.baseAddress!, count: entry.count) }
            } else {
                destination.update(repeating: 0, count: entry.count)
            }
        }
    }
    return output.scalars[0]
}
