/// An optimizer made of a gradient transformation: each step transforms the gradients
/// into updates and adds them to the parameters (Optax's `apply_updates`).
///
/// Where a fused kernel exists (AdamW, SGD, Lion, …) it does the same update in one pass
/// over the arena, reading and writing the transformation's own state, so the fused and
/// the composed form save the same keys and a checkpoint moves between them. State is
/// saved by parameter name (`exp_avg/encoder.0.weight`), so loading into a model whose
/// parameters come in another order works.
public struct TransformationOptimizer: Optimizer {
    public private(set) var transformation: any GradientTransformation
    public let name: String
    /// The one-pass form of ``transformation``, if any.
    package private(set) var fused: (any FusedUpdate)?
    public private(set) var state: TransformationState?
    private var layout: [ParameterSet.Entry] = []
    private var updates = ParameterSet()

    public init(_ transformation: any GradientTransformation, name: String? = nil) {
        self.transformation = transformation
        self.name = name ?? transformation.name
    }

    package init(_ transformation: any GradientTransformation, name: String, fused: any FusedUpdate) {
        self.init(transformation, name: name)
        self.fused = fused
    }

    /// Whether steps run the fused kernel.
    public var isFused: Bool { fused != nil }

    /// The same optimizer, state included, stepping through its composed transformation.
    public var composed: TransformationOptimizer {
        var copy = self
        copy.fused = nil
        copy.state = state?.dequantized()
        return copy
    }

    /// Takes the update rule (new hyperparameter values) of `other` and keeps this state, as
    /// a PyTorch scheduler changes a parameter group's `lr` between steps.
    package mutating func adoptRule(of other: TransformationOptimizer) {
        transformation = other.transformation
        if other.fused == nil, let current = state, !current.quantized.isEmpty || current.children.contains(where: { !$0.quantized.isEmpty }) {
            state = current.dequantized()
        }
        fused = other.fused
    }

    private mutating func prepare(for parameters: ParameterSet) {
        guard layout != parameters.entries || state == nil else { return }
        precondition(state == nil, "optimizer state belongs to another parameter layout")
        layout = parameters.entries
        state = transformation.initialState(for: parameters)
        fused?.prepare(&state!)
    }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float) {
        precondition(gradients.scalarCount == parameters.scalarCount, "gradients do not match the parameters")
        prepare(for: parameters)
        if let fused {
            fused.step(&parameters, gradients: gradients, gradientScale: gradientScale, state: &state!)
            return
        }
        // Reuse the update buffer: copy the (scaled) gradients in place of the previous updates.
        if !updates.hasSameLayout(as: gradients) { updates = gradients.zeros() }
        let n = gradients.scalarCount
        updates.withMutablePointer { u in
            gradients.withReadPointer { g in
                if gradientScale == 1 {
                    u.update(from: g, count: n)
                } else {
                    arenaKernel(count: n, [u, g]) { range, b in for i in range { b[0][i] = b[1][i] * gradientScale } }
                }
            }
        }
        transformation.update(&updates, state: &state!, parameters: parameters)
        ApplyUpdates.add(updates, to: &parameters)
    }

    /// Sets a state buffer of the first part of type `T` (Sophia's Hessian estimate, which a
    /// caller computes by Hutchinson's method) before the next step.
    public mutating func setBuffer<T: GradientTransformation>(_ name: String, of type: T.Type, to value: ParameterSet) {
        prepare(for: value)
        precondition(value.entries == layout, "\(name) does not match the parameters' layout")
        state = TransformationLookup.replacingBuffer(name, of: type, in: transformation, state: state!, with: value)
    }

    public func stateTensors() -> [String: SafeTensors.Value] { state?.tensors() ?? [:] }

    public mutating func loadStateTensors(_ tensors: [String: SafeTensors.Value], for parameters: ParameterSet) throws {
        var fresh = transformation.initialState(for: parameters)
        fused?.prepare(&fresh)
        try fresh.load(tensors)
        layout = parameters.entries
        state = fresh
    }
}

/// A transformation's update and its application done in one pass over the arena, on the
/// transformation's own state (see ``TransformationOptimizer``).
package protocol FusedUpdate: Sendable {
    /// p ← p + update(gradientScale · g), advancing `state` exactly as the composed form does.
    func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float, state: inout TransformationState)
    /// Adapts the composed form's initial state to the kernel (low-precision buffers).
    func prepare(_ state: inout TransformationState)
}

extension FusedUpdate {
    package func prepare(_ state: inout TransformationState) {}
}

/// p ← p + u over the whole arena, on all compute threads.
public enum ApplyUpdates {
    public static func add(_ updates: ParameterSet, to parameters: inout ParameterSet) {
        precondition(updates.scalarCount == parameters.scalarCount, "updates do not match the parameters")
        let count = parameters.scalarCount
        parameters.withMutablePointer { p in
            updates.withReadPointer { u in
                arenaKernel(count: count, [p, u]) { range, b in for i in range { b[0][i] += b[1][i] } }
            }
        }
    }
}
