/// Scales all updates down together when their global L2 norm exceeds `maxNorm` (Optax's
/// `clip_by_global_norm`, PyTorch's `clip_grad_norm_`): u ← u · maxNorm / max(‖u‖, maxNorm).
public struct ClipByGlobalNorm: GradientTransformation {
    public var maxNorm: Float

    public init(_ maxNorm: Float) {
        precondition(maxNorm > 0, "the maximum norm must be positive")
        self.maxNorm = maxNorm
    }

    public var name: String { "clip_by_global_norm" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let norm = GradientClipping.globalNorm(updates)
        guard norm > maxNorm, norm.isFinite else { return }
        let scale = maxNorm / norm
        state.elementwise(&updates, []) { range, b in for i in range { b[0][i] *= scale } }
    }
}
