import Foundation

/// AdEMAMix's rescaling (Pagliardini et al. 2024), as pytorch-optimizer's `AdEMAMix`: a fast
/// and a slow EMA of the gradients over Adam's second moment,
/// u ← (m̂ + α·m_slow) / (√v̂ + ε) with m_slow ← m_slow + (1 − β₃)(g − m_slow) (no bias correction).
///
/// With `tAlphaBeta3` > 0, α and β₃ warm up over that many steps: α(t) = min(tα/T, α) and
/// β₃(t) = min(exp(ln β₁·ln β₃ / ((1 − t/T)·ln β₃ + (t/T)·ln β₁)), β₃), the paper's schedulers;
/// 0 is the reference's `None` (no warm-up).
public struct ScaleByAdEMAMix: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    public var beta3: Double
    public var alpha: Float
    public var tAlphaBeta3: Double
    public var eps: Float

    public init(beta1: Double = 0.9, beta2: Double = 0.999, beta3: Double = 0.9999, alpha: Float = 5,
                tAlphaBeta3: Double = 0, eps: Float = 1e-8) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.beta3 = beta3
        self.alpha = alpha
        self.tAlphaBeta3 = tAlphaBeta3
        self.eps = eps
    }

    public var name: String { "scale_by_ademamix" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["exp_avg", "exp_avg_sq", "exp_avg_slow"], like: parameters, scalars: ["step": 0])
    }

    /// α and β₃ at step `t` (1-based), in double precision as the reference computes them.
    func schedules(step t: Double) -> (alpha: Float, oneMinusBeta3: Float) {
        let (a, b1, b3) = (Double(alpha), beta1, beta3)
        guard tAlphaBeta3 > 0 else { return (alpha, Float(1 - beta3)) }
        let fraction = t / tAlphaBeta3
        let (logB1, logB3) = (Foundation.log(b1), Foundation.log(b3))
        let beta3t = Swift.min(Foundation.exp(logB1 * logB3 / ((1 - fraction) * logB3 + fraction * logB1)), b3)
        return (Float(Swift.min(t * a / tAlphaBeta3, a)), Float(1 - beta3t))
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let t = Double(step)
        let (alphaT, c3) = schedules(step: t)
        let (b2, eps) = (Float(beta2), eps)
        let (c1, c2) = (Float(1 - beta1), Float(1 - beta2))
        let bc1 = Float(1 - Foundation.pow(beta1, t))
        let bc2Sqrt = Float((1 - Foundation.pow(beta2, t)).squareRoot())
        state.elementwise(&updates, ["exp_avg", "exp_avg_sq", "exp_avg_slow"]) { range, b in
            let (u, m, v, slow) = (b[0], b[1], b[2], b[3])
            for i in range {
                let g = u[i]
                let (mi, vi) = torchAdamMoments(m, v, i, g, w1: c1, beta2: b2, w2: c2)
                let si = torchLerp(slow[i], g, c3)
                slow[i] = si
                u[i] = (mi / bc1 + alphaT * si) / (vi.squareRoot() / bc2Sqrt + eps)
            }
        }
    }
}
