import Foundation

/// Rescales updates by Adam's first moment over an infinity norm:
/// m ← β₁m + (1 − β₁)g, n ← max(β₂n, |g| + ε), u ← m / ((1 − β₁ᵗ)·n) (Adamax; Optax's
/// `scale_by_adamax`).
///
/// PyTorch adds ε to |g| inside the maximum (the default); Optax takes max(β₂n, |g|)
/// and divides by n + ε, which `epsInsideMax: false` selects.
public struct ScaleByAdamax: GradientTransformation {
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var epsInsideMax: Bool

    public init(beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, epsInsideMax: Bool = true) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.epsInsideMax = epsInsideMax
    }

    public var name: String { "scale_by_adamax" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["exp_avg", "exp_inf"], like: parameters, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let bc1 = Float(1 - pow(Double(beta1), Double(step)))
        let (w1, b2, eps, inside) = (1 - beta1, beta2, eps, epsInsideMax)
        state.elementwise(&updates, ["exp_avg", "exp_inf"]) { range, p in
            let (u, m, e) = (p[0], p[1], p[2])
            for i in range {
                let g = u[i]
                let mi = torchLerp(m[i], g, w1)
                let ei = Swift.max(b2 * e[i], inside ? abs(g) + eps : abs(g))
                m[i] = mi
                e[i] = ei
                u[i] = inside ? mi / ei / bc1 : mi / bc1 / (ei + eps)
            }
        }
    }
}
