/// Negates the updates, so that the chain ascends: PyTorch's `maximize=True` (placed first,
/// before any decay or moment sees the gradients).
public struct FlipSign: GradientTransformation {
    public init() {}

    public var name: String { "flip_sign" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let n = updates.scalarCount
        updates.withMutablePointer { u in
            arenaKernel(count: n, [u]) { range, b in
                let u = b[0]
                for i in range { u[i] = -u[i] }
            }
        }
    }
}
