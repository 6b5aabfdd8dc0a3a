/// Sophia (SophiaH) as an optimizer that also takes a Hessian-diagonal estimate: a chain
/// containing ``ScaleBySophia``, driven like ``TransformationOptimizer`` (same state keys),
/// with ``step(_:gradients:hessian:)`` for callers that compute Hutchinson's estimate.
///
/// ``step(_:gradients:)`` (the training loop, `descent optim replay`) gives no estimate:
/// ``ScaleBySophia`` then uses g ⊙ g every `update_period` steps.
public struct SophiaOptimizer: Optimizer {
    public let chain: Chain
    public let name: String
    public private(set) var state: TransformationState?
    private var layout: [ParameterSet.Entry] = []

    public init(_ chain: Chain, name: String = "sophia") {
        precondition(chain.parts.contains { $0 is ScaleBySophia }, "SophiaOptimizer needs a ScaleBySophia part")
        self.chain = chain
        self.name = name
    }

    private var sophiaIndex: Int { chain.parts.firstIndex { $0 is ScaleBySophia }! }

    private mutating func prepare(for parameters: ParameterSet) {
        guard layout != parameters.entries || state == nil else { return }
        precondition(state == nil, "optimizer state belongs to another parameter layout")
        layout = parameters.entries
        state = chain.initialState(for: parameters)
    }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        step(&parameters, gradients: gradients, hessian: nil)
    }

    /// One step with `hessian`, an estimate of the Hessian diagonal in the parameters'
    /// layout (SophiaH: z ⊙ ∇²f·z); it refreshes the Hessian moment on this step.
    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, hessian: ParameterSet?) {
        prepare(for: parameters)
        if let hessian {
            precondition(hessian.hasSameLayout(as: parameters), "the Hessian estimate does not match the parameters")
            state!.children[sophiaIndex].buffers["hessian"] = hessian
        }
        var updates = gradients
        chain.update(&updates, state: &state!, parameters: parameters)
        ApplyUpdates.add(updates, to: &parameters)
    }

    public func stateTensors() -> [String: Tensor] {
        state?.tensors(childNames: chain.partNames) ?? [:]
    }

    public mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {
        layout = parameters.entries
        var fresh = chain.initialState(for: parameters)
        try fresh.load(tensors, childNames: chain.partNames)
        state = fresh
    }
}
