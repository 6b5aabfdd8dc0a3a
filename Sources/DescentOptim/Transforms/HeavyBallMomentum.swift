/// Heavy-ball momentum with dampening and an optional Nesterov look-ahead:
/// b ← μb + (1 − τ)g, u ← g + μb (Nesterov) or b.
///
/// The buffer starts at zero (pytorch-optimizer's LARS, Optax's `trace`); with `copyFirst`
/// it is set to g at the first step instead, as `torch.optim.SGD` and NovoGrad do.
public struct HeavyBallMomentum: GradientTransformation {
    public var momentum: Float
    public var dampening: Float
    public var nesterov: Bool
    public var copyFirst: Bool

    public init(momentum: Float, dampening: Float = 0, nesterov: Bool = false, copyFirst: Bool = false) {
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.copyFirst = copyFirst
    }

    public var name: String { "heavy_ball_momentum" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["momentum_buffer": parameters.zeros()], scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let copy = copyFirst && state.scalars["step"]! == 0
        state.scalars["step"]! += 1
        let (mu, keep, nesterov) = (momentum, 1 - dampening, nesterov)
        let n = updates.scalarCount
        withArenaPointers(&updates, &state, buffers: ["momentum_buffer"], parameters: parameters) { pointers in
            arenaKernel(count: n, [pointers[0], pointers[2]]) { range, b in
                let (u, m) = (b[0], b[1])
                for i in range {
                    let g = u[i]
                    let mi = copy ? g : m[i] * mu + keep * g
                    m[i] = mi
                    u[i] = nesterov ? g + mu * mi : mi
                }
            }
        }
    }
}
