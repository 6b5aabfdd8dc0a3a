import Foundation

/// ADOPT's rescaling (Taniguchi et al. 2024), as pytorch-optimizer's `ADOPT`: the gradient is
/// normalised by the *previous* second moment, then averaged:
/// u ← m ← m + (1 − β₁)(clip(g / max(√v, ε), c(t)) − m), and only then v ← β₂v + (1 − β₂)g².
///
/// The first step only sets v = g² and returns a zero update. ε is a floor on √v (not added
/// to it). The clip bound is c(t) = t^`clipExponent` (the reference's default `clip_lambda`
/// t^0.25); `clipExponent` nil disables clipping (`clip_lambda=None`). No bias correction.
public struct ScaleByADOPT: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    public var eps: Float
    public var clipExponent: Double?

    public init(beta1: Double = 0.9, beta2: Double = 0.9999, eps: Float = 1e-6, clipExponent: Double? = 0.25) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.clipExponent = clipExponent
    }

    public var name: String { "scale_by_adopt" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["exp_avg", "exp_avg_sq"], like: parameters, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let first = step == 1
        let (b2, eps) = (Float(beta2), eps)
        let (c1, c2) = (Float(1 - beta1), Float(1 - beta2))
        let clip = clipExponent.map { Float(Foundation.pow(Double(step), $0)) } ?? .infinity
        state.elementwise(&updates, ["exp_avg", "exp_avg_sq"]) { range, b in
            let (u, m, v) = (b[0], b[1], b[2])
            for i in range {
                let g = u[i]
                if first {
                    v[i] += g * g
                    u[i] = 0
                    continue
                }
                let normed = Swift.min(Swift.max(g / Swift.max(v[i].squareRoot(), eps), -clip), clip)
                let mi = torchLerp(m[i], normed, c1)
                m[i] = mi
                u[i] = mi
                v[i] = v[i] * b2 + c2 * g * g
            }
        }
    }
}
