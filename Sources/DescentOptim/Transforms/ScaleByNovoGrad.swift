/// NovoGrad's layer-wise normalisation (Ginsburg et al. 2019), as pytorch-optimizer's
/// `NovoGrad`: for each parameter tensor, n ← ‖g‖² at the first step and
/// n ← n + (1 − β₂)(‖g‖² − n) afterwards, then u ← g / (√n + ε).
///
/// The second moment is one scalar per parameter tensor (the arena entries), kept in the
/// state as the scalar `grads_ema/<parameter>`. The momentum that follows is a separate
/// block (``HeavyBallMomentum`` with `copyFirst`).
public struct ScaleByNovoGrad: GradientTransformation {
    public var beta2: Double
    public var eps: Float

    public init(beta2: Double = 0.98, eps: Float = 1e-8) {
        self.beta2 = beta2
        self.eps = eps
    }

    public var name: String { "scale_by_novograd" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var scalars: [String: Float] = ["step": 0]
        for entry in parameters.entries { scalars["grads_ema/" + entry.name] = 0 }
        return TransformationState(scalars: scalars)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let first = state.scalars["step"]! == 0
        state.scalars["step"]! += 1
        let entries = updates.entries
        updates.withMutablePointer { u in
            for entry in entries {
                let up = u + entry.offset
                let squares = Float(squaredNorm(up, count: entry.count))
                let key = "grads_ema/" + entry.name
                let ema = first ? squares : torchLerp(state.scalars[key]!, squares, Float(1 - beta2))
                state.scalars[key] = ema
                let denominator = ema.squareRoot() + eps
                arenaKernel(count: entry.count, [up]) { range, b in
                    let u = b[0]
                    for i in range { u[i] /= denominator }
                }
            }
        }
    }
}
