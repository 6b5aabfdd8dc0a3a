import Foundation

/// Adan's rescaling (Xie et al. 2022), as pytorch-optimizer's `Adan`: with d = g − g_prev
/// (0 at the first step) and z = g + β₂d,
/// m ← m + (1 − β₁)(g − m), n ← n + (1 − β₂)(d − n), v ← β₃v + (1 − β₃)z²,
/// u ← (m/(1 − β₁ᵗ) + β₂·n/(1 − β₂ᵗ)) / (√v̂ + ε).
///
/// Here β₂ weighs the gradient difference (the paper's 1 − β₂ convention, as the reference).
/// The previous gradient is kept negated, as the reference's `previous_grad`.
public struct ScaleByAdan: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    public var beta3: Double
    public var eps: Float

    public init(beta1: Double = 0.98, beta2: Double = 0.92, beta3: Double = 0.99, eps: Float = 1e-8) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.beta3 = beta3
        self.eps = eps
    }

    public var name: String { "scale_by_adan" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["exp_avg", "exp_avg_sq", "exp_avg_diff", "previous_grad"], like: parameters, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let first = step == 1
        let (b2, b3, eps) = (Float(beta2), Float(beta3), eps)
        let (c1, c2, c3) = (Float(1 - beta1), Float(1 - beta2), Float(1 - beta3))
        let t = Double(step)
        let inverseBC1 = Float(1 / (1 - Foundation.pow(beta1, t)))
        let diffScale = Float(beta2 / (1 - Foundation.pow(beta2, t)))
        let bc3Sqrt = Float((1 - Foundation.pow(beta3, t)).squareRoot())
        let names = ["exp_avg", "exp_avg_sq", "exp_avg_diff", "previous_grad"]
        state.elementwise(&updates, names) { range, b in
            let (u, m, v, nd, prev) = (b[0], b[1], b[2], b[3], b[4])
            for i in range {
                let g = u[i]
                let d = first ? 0 : prev[i] + g
                let mi = torchLerp(m[i], g, c1)
                let ni = torchLerp(nd[i], d, c2)
                let z = d * b2 + g
                let vi = v[i] * b3 + c3 * z * z
                m[i] = mi
                nd[i] = ni
                v[i] = vi
                prev[i] = -g
                let denominator = vi.squareRoot() / bc3Sqrt + eps
                u[i] = inverseBC1 * (mi / denominator) + diffScale * (ni / denominator)
            }
        }
    }
}
