/// Clips every update element to [−maxDelta, maxDelta] (Optax's `clip`, PyTorch's
/// `clip_grad_value_`).
public struct ClipByValue: GradientTransformation {
    public var maxDelta: Float

    public init(_ maxDelta: Float) {
        precondition(maxDelta >= 0, "the clipping bound must be non-negative")
        self.maxDelta = maxDelta
    }

    public var name: String { "clip" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let (hi, lo) = (maxDelta, -maxDelta)
        state.elementwise(&updates, []) { range, b in
            let u = b[0]
            for i in range {
                let x = u[i]
                u[i] = x > hi ? hi : (x < lo ? lo : x)  // NaN passes through, as jnp.clip
            }
        }
    }
}
