/// LAMB's adaptive direction before the trust ratio, as pytorch-optimizer's `Lamb` and the
/// reference LAMB: m ← β₁m + c·g (c = 1 − β₁, or 1 without `gradAveraging`),
/// v ← β₂v + (1 − β₂)g², u ← m / (√v + ε), with no bias correction of v.
///
/// The first moment's correction 1/(1 − β₁ᵗ) is applied after the trust ratio
/// (``ScaleByBiasCorrection``), as the reference's step size lr/(1 − β₁ᵗ) is; Optax's
/// `lamb` uses `scale_by_adam` (both moments corrected) instead.
public struct ScaleByLAMBMoments: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    public var eps: Float
    public var gradAveraging: Bool

    public init(beta1: Double = 0.9, beta2: Double = 0.999, eps: Float = 1e-6, gradAveraging: Bool = true) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.gradAveraging = gradAveraging
    }

    public var name: String { "scale_by_lamb_moments" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["exp_avg", "exp_avg_sq"], like: parameters)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let (b1, b2, eps) = (Float(beta1), Float(beta2), eps)
        let c2 = Float(1 - beta2)
        let c = gradAveraging ? Float(1 - beta1) : 1
        state.elementwise(&updates, ["exp_avg", "exp_avg_sq"]) { range, b in
            let (u, m, v) = (b[0], b[1], b[2])
            for i in range {
                let g = u[i]
                let mi = m[i] * b1 + c * g
                let vi = v[i] * b2 + c2 * g * g
                m[i] = mi
                v[i] = vi
                u[i] = mi / (vi.squareRoot() + eps)
            }
        }
    }
}
