import Foundation

/// Rescales updates by rectified Adam (Liu et al. 2020), as `torch.optim.RAdam`: with
/// ρ∞ = 2/(1 − β₂) − 1 and ρₜ = ρ∞ − 2tβ₂ᵗ/(1 − β₂ᵗ), u ← m̂·r·√(1 − β₂ᵗ)/(√v + ε) when
/// ρₜ > 5 (r the variance rectification), else u ← m̂ (momentum alone).
///
/// PyTorch adds ε to the uncorrected √v and switches at ρₜ > 5; Optax's `scale_by_radam`
/// adds ε to √v̂ and switches at ρₜ ≥ 5, which `epsOnCorrected: true` selects (the
/// threshold comparison then also becomes ≥).
public struct ScaleByRAdam: GradientTransformation {
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var threshold: Double
    public var epsOnCorrected: Bool

    public init(beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, threshold: Double = 5, epsOnCorrected: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.threshold = threshold
        self.epsOnCorrected = epsOnCorrected
    }

    public var name: String { "scale_by_radam" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["exp_avg", "exp_avg_sq"], like: parameters, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let (t, b1, b2) = (Double(step), Double(beta1), Double(beta2))
        let bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t)
        let rhoInf = 2 / (1 - b2) - 1
        let rho = rhoInf - 2 * t * pow(b2, t) / bc2
        let rectified = epsOnCorrected ? rho >= threshold : rho > threshold
        let rect = rectified ? ((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho)).squareRoot() : 0
        let (w1, beta2f, w2, eps, onCorrected) = (1 - beta1, beta2, 1 - beta2, eps, epsOnCorrected)
        let (bc1f, bc2Sqrt, rectf) = (Float(bc1), Float(bc2.squareRoot()), Float(rect))
        state.elementwise(&updates, ["exp_avg", "exp_avg_sq"]) { range, p in
            let (u, m, v) = (p[0], p[1], p[2])
            for i in range {
                let (mi, vi) = torchAdamMoments(m, v, i, u[i], w1: w1, beta2: beta2f, w2: w2)
                let mHat = mi / bc1f
                if !rectified {
                    u[i] = mHat
                } else if onCorrected {
                    u[i] = mHat * rectf / (vi.squareRoot() / bc2Sqrt + eps)
                } else {
                    u[i] = mHat * (bc2Sqrt / (vi.squareRoot() + eps)) * rectf
                }
            }
        }
    }
}
