/// Lion's update (Chen et al. 2023): u ← sign(β₁m + (1 − β₁)g), then m ← β₂m + (1 − β₂)g
/// (lion-pytorch's `update_fn`; Optax's `scale_by_lion`).
///
/// The sign is taken of the interpolation with the *old* momentum, which is updated
/// afterwards with the other rate β₂. `sign(0) = 0`, as `torch.sgn`.
public struct ScaleByLion: GradientTransformation {
    public var beta1: Float
    public var beta2: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.99) {
        self.beta1 = beta1
        self.beta2 = beta2
    }

    public var name: String { "scale_by_lion" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["exp_avg": parameters.zeros()])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let (b1, b2) = (beta1, beta2)
        state.elementwise(&updates, ["exp_avg"]) { range, b in
            let (u, m) = (b[0], b[1])
            for i in range {
                let g = u[i]
                u[i] = torchSign(m[i] * b1 + (1 - b1) * g)
                m[i] = m[i] * b2 + (1 - b2) * g
            }
        }
    }
}
