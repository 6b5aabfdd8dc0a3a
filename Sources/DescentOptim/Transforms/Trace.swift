/// Momentum: b ← μb + (1 − τ)u, then u ← b, or u ← (1 − τ)u + μb with Nesterov momentum
/// (Optax's `trace`; the momentum buffer of `torch.optim.SGD`, `RMSprop` and `Muon`).
///
/// PyTorch's SGD starts the buffer at the first update itself (b₁ = u₁, without the
/// dampening factor); Optax and `torch.optim.Muon` start it at zero, which
/// `firstStepIsUpdate: false` selects. With dampening τ = μ the buffer is an exponential
/// moving average, and the Nesterov form (1 − μ)u + μb is Muon's `grad.lerp(buf, μ)`;
/// with τ = 0 it is SGD's u + μb. pytorch-optimizer's LARS keeps the whole update in its
/// Nesterov form whatever τ (u + μb), which `dampensNesterovUpdate: false` selects.
public struct Trace: GradientTransformation {
    public var momentum: Float
    public var dampening: Float
    public var nesterov: Bool
    public var firstStepIsUpdate: Bool
    public var dampensNesterovUpdate: Bool

    public init(momentum: Float, dampening: Float = 0, nesterov: Bool = false, firstStepIsUpdate: Bool = true,
                dampensNesterovUpdate: Bool = true) {
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.firstStepIsUpdate = firstStepIsUpdate
        self.dampensNesterovUpdate = dampensNesterovUpdate
    }

    public var name: String { "trace" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["momentum_buffer": parameters.zeros()], scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step")
        let first = step == 0 && firstStepIsUpdate
        let (mu, keep, nesterov) = (momentum, 1 - dampening, nesterov)
        let nesterovKeep = dampensNesterovUpdate ? keep : 1
        state.elementwise(&updates, ["momentum_buffer"]) { range, p in
            let (u, b) = (p[0], p[1])
            for i in range {
                let g = u[i]
                let bi = first ? g : mu * b[i] + keep * g
                b[i] = bi
                u[i] = nesterov ? nesterovKeep * g + mu * bi : bi
            }
        }
    }
}
