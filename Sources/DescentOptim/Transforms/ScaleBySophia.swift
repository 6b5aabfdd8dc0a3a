/// Sophia's clipped, Hessian-scaled step (Liu et al., 2024; pytorch-optimizer's `SophiaH`):
/// m ← β₁m + (1−β₁)g, h ← β₂h + (1−β₂)ĥ on Hessian-refresh steps, u = clip(m / max(h, ε), −ρ, ρ).
///
/// ĥ is an estimate of the Hessian diagonal, a second input besides the gradient: SophiaH
/// uses Hutchinson's z ⊙ (∇²f·z). Give it by putting a buffer named `hessian` (the
/// parameters' layout) into this transformation's state before the update, as
/// ``SophiaOptimizer/step(_:gradients:hessian:)`` does; it is consumed by the update and
/// refreshes h on that step, as the reference's `step(hessian=…)`. Without one, h is
/// refreshed every `updatePeriod` steps (steps 1, 1 + period, …) from the Gauss–Newton-style
/// estimate g ⊙ g, so that gradient-only callers (`descent optim replay`) get a defined,
/// deterministic rule. The sign is kept: follow with ``ScaleByLearningRate``.
public struct ScaleBySophia: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    /// The clip bound ρ (the reference's `p`).
    public var clip: Float
    public var updatePeriod: Int
    public var eps: Float

    public init(beta1: Double = 0.96, beta2: Double = 0.99, clip: Float = 1e-2, updatePeriod: Int = 10, eps: Float = 1e-12) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.clip = clip
        self.updatePeriod = updatePeriod
        self.eps = eps
    }

    public var name: String { "scale_by_sophia" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["momentum", "hessian_moment"], like: parameters, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step")
        // A Hessian estimate given for this step (``TransformationOptimizer/setBuffer(_:of:to:)``) is used once.
        let fromGradient = state.buffers["hessian"] == nil
        let refresh = !fromGradient || Int(step) % updatePeriod == 0
        let (w1, w2, rho, eps) = (Float(1 - beta1), Float(1 - beta2), clip, eps)
        state.elementwise(&updates, ["momentum", "hessian_moment"] + (fromGradient ? [] : ["hessian"])) { range, b in
            let (u, m, h) = (b[0], b[1], b[2])
            let e = fromGradient ? u : b[3]
            for i in range {
                let g = u[i]
                let mi = m[i] + w1 * (g - m[i])
                m[i] = mi
                var hi = h[i]
                if refresh {
                    let estimate = fromGradient ? g * g : e[i]
                    hi += w2 * (estimate - hi)
                    h[i] = hi
                }
                u[i] = Swift.min(Swift.max(mi / Swift.max(hi, eps), -rho), rho)
            }
        }
        state.buffers["hessian"] = nil
    }
}
