/// Multiplies updates by a constant (Optax's `scale`); `Scale(-1)` turns a descent rule
/// into ascent, which is how the presets implement PyTorch's `maximize=True`.
public struct Scale: GradientTransformation {
    public var factor: Float

    public init(_ factor: Float) { self.factor = factor }

    public var name: String { "scale" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let factor = factor
        state.elementwise(&updates, []) { range, b in for i in range { b[0][i] *= factor } }
    }
}
