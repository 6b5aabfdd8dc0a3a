/// An optimizer made of a gradient transformation: each step transforms the gradients
/// into updates and adds them to the parameters (Optax's `apply_updates`).
///
/// State is saved by name: `0.scale_by_adam/exp_avg/encoder.0.weight` for the first part
/// of a chain, so loading into a model whose parameters come in another order works.
public struct TransformationOptimizer: Optimizer {
    public let transformation: any GradientTransformation
    public let name: String
    public private(set) var state: TransformationState?
    private var layout: [ParameterSet.Entry] = []
    private var updates = ParameterSet()

    public init(_ transformation: any GradientTransformation, name: String? = nil) {
        self.transformation = transformation
        self.name = name ?? transformation.name
    }

    private mutating func prepare(for parameters: ParameterSet) {
        guard layout != parameters.entries || state == nil else { return }
        precondition(state == nil, "optimizer state belongs to another parameter layout")
        layout = parameters.entries
        state = transformation.initialState(for: parameters)
    }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        prepare(for: parameters)
        // Reuse the update buffer: copy the gradients in place of the previous updates.
        if updates.hasSameLayout(as: gradients) {
            updates.storage.withUnsafeMutableBufferPointer { u in
                gradients.storage.withUnsafeBufferPointer { g in u.baseAddress!.update(from: g.baseAddress!, count: g.count) }
            }
        } else {
            updates = gradients
        }
        transformation.update(&updates, state: &state!, parameters: parameters)
        ApplyUpdates.add(updates, to: &parameters)
    }

    private var childNames: [String] {
        (transformation as? Chain)?.partNames ?? []
    }

    public func stateTensors() -> [String: Tensor] {
        guard let state else { return [:] }
        return state.tensors(childNames: childNames)
    }

    public mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {
        layout = parameters.entries
        var fresh = transformation.initialState(for: parameters)
        try fresh.load(tensors, childNames: childNames)
        state = fresh
    }
}

/// p ← p + u over the whole arena, on all compute threads.
public enum ApplyUpdates {
    public static func add(_ updates: ParameterSet, to parameters: inout ParameterSet) {
        precondition(updates.scalarCount == parameters.scalarCount, "updates do not match the parameters")
        let count = parameters.scalarCount
        parameters.storage.withUnsafeMutableBufferPointer { p in
            updates.storage.withUnsafeBufferPointer { u in
                let pointers = UncheckedSendable((p.baseAddress!, u.baseAddress!))
                parallelChunks(count, grain: 1 << 16) { range in
                    let (p, u) = pointers.value
                    for i in range { p[i] += u[i] }
                }
            }
        }
    }
}
