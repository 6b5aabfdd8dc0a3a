/// Gradient centralisation (Yong et al. 2020; Optax's `centralize`): for parameters of
/// rank ≥ 2, subtracts from each slice along the first axis (one output unit in PyTorch's
/// `[out, in, ...]` layout) its mean; vectors pass unchanged.
public struct CentralizeGradients: GradientTransformation {
    public init() {}

    public var name: String { "centralize" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let entries = updates.entries.filter { $0.shape.count > 1 && $0.count > 0 }
        updates.storage.withUnsafeMutableBufferPointer { g in
            for entry in entries {
                let rows = entry.shape[0], size = entry.count / rows
                for r in 0..<rows {
                    let start = entry.offset &+ r &* size
                    var sum: Float = 0
                    for i in start..<(start &+ size) { sum += g[i] }
                    let mean = sum / Float(size)
                    for i in start..<(start &+ size) { g[i] -= mean }
                }
            }
        }
    }
}
