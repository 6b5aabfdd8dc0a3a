/// SignSGD and Signum (Bernstein et al. 2018): u ← sign(b) with b ← b + (1 − μ)(g − b), an
/// exponential moving average of the gradients (pytorch-optimizer's `SignSGD`); with
/// `momentum` 0 it is the sign of the gradient itself and keeps no state.
public struct ScaleBySign: GradientTransformation {
    public var momentum: Float

    public init(momentum: Float = 0) { self.momentum = momentum }

    public var name: String { "scale_by_sign" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        momentum > 0 ? TransformationState(buffers: ["momentum_buffer": parameters.zeros()]) : TransformationState()
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        guard momentum > 0 else {
            state.elementwise(&updates, []) { range, b in
                let u = b[0]
                for i in range { u[i] = torchSign(u[i]) }
            }
            return
        }
        let weight = 1 - momentum
        state.elementwise(&updates, ["momentum_buffer"]) { range, b in
            let (u, m) = (b[0], b[1])
            for i in range {
                let mi = torchLerp(m[i], u[i], weight)
                m[i] = mi
                u[i] = torchSign(mi)
            }
        }
    }
}
