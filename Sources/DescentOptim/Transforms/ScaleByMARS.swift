import Foundation

/// MARS's variance-reduced AdamW direction (Yuan et al. 2024, `mars_type` 'adamw' or 'lion'), as
/// pytorch-optimizer's `MARS`: on each matrix (or higher-rank) parameter,
/// c = g + γ·β₁/(1 − β₁)·(g − g_prev), scaled to norm 1 when its norm exceeds 1 (per parameter
/// tensor), then m ← m + (1 − β₁)(c − m), v ← β₂v + (1 − β₂)c² and
/// u = m / ((√(v + 10⁻¹⁵) + ε) / √(1 − β₂ᵗ) · (1 − β₁ᵗ)) (ε outside the root, before the
/// correction, as the reference).
///
/// Vectors (unless `optimize1D`) take a plain AdamW direction on g with `beta1_1d`/`beta2_1d`,
/// multiplied by `scale1D` (the reference's `lr_1d / lr`, so that one learning rate serves
/// both groups). `amsBound` uses the running maximum of v. The previous gradient is kept in
/// the state (`last_grad`). With `signOfMomentum` (`mars_type='lion'`) the corrected
/// parameters take sign(m) instead, and keep no v.
public struct ScaleByMARS: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    public var gamma: Float
    public var eps: Float
    public var amsBound: Bool
    public var optimize1D: Bool
    public var beta1For1D: Double
    public var beta2For1D: Double
    public var scale1D: Float
    public var signOfMomentum: Bool

    public init(beta1: Double = 0.95, beta2: Double = 0.99, gamma: Float = 0.025, eps: Float = 1e-8, amsBound: Bool = false,
                optimize1D: Bool = false, beta1For1D: Double = 0.9, beta2For1D: Double = 0.95, scale1D: Float = 1,
                signOfMomentum: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.gamma = gamma
        self.eps = eps
        self.amsBound = amsBound
        self.optimize1D = optimize1D
        self.beta1For1D = beta1For1D
        self.beta2For1D = beta2For1D
        self.scale1D = scale1D
        self.signOfMomentum = signOfMomentum
    }

    public var name: String { "scale_by_mars" }

    /// Whether a parameter takes the variance-reduced direction (else plain AdamW).
    public func isCorrected(_ entry: ParameterSet.Entry) -> Bool { optimize1D || entry.shape.count >= 2 }

    /// The moments and the last gradient, and the running maximum of v with `amsBound`.
    private var bufferNames: [String] {
        amsBound ? ["exp_avg", "exp_avg_sq", "last_grad", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq", "last_grad"]
    }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: bufferNames, like: parameters, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let t = Double(step)
        let entries = parameters.entries
        let (eps, amsBound) = (eps, amsBound)
        updates.withMutablePointer { base in state.withBuffers(bufferNames) { buffers in
            for entry in entries {
                let o = entry.offset
                let (u, m, v, last) = (base + o, buffers[0] + o, buffers[1] + o, buffers[2] + o)
                let vmax = amsBound ? buffers[3] + o : v
                let corrected = isCorrected(entry)
                let (beta1, beta2) = corrected ? (self.beta1, self.beta2) : (beta1For1D, beta2For1D)
                let (b2, c1, c2) = (Float(beta2), Float(1 - beta1), Float(1 - beta2))
                let bc1 = Float(1 - Foundation.pow(beta1, t))
                let bc2Sqrt = Float((1 - Foundation.pow(beta2, t)).squareRoot())
                let scale: Float = corrected ? 1 : scale1D
                if corrected {
                    // c = (g − g_prev)·γβ₁/(1 − β₁) + g, normalised per tensor when its norm exceeds 1.
                    let weight = Float(Double(gamma) * (beta1 / (1 - beta1)))
                    for i in 0..<entry.count {
                        let g = u[i]
                        u[i] = (g - last[i]) * weight + g
                        last[i] = g
                    }
                    let norm = Float(squaredNorm(u, count: entry.count).squareRoot())
                    if norm > 1 { for i in 0..<entry.count { u[i] /= norm } }
                } else {
                    for i in 0..<entry.count { last[i] = u[i] }
                }
                if corrected && signOfMomentum {
                    for i in 0..<entry.count {
                        let mi = torchLerp(m[i], u[i], c1)
                        m[i] = mi
                        u[i] = torchSign(mi)
                    }
                    continue
                }
                arenaKernel(count: entry.count, [u, m, v, vmax]) { range, b in
                    let (u, m, v, vmax) = (b[0], b[1], b[2], b[3])
                    for i in range {
                        let (mi, vi) = torchAdamMoments(m, v, i, u[i], w1: c1, beta2: b2, w2: c2)
                        var second = vi
                        if amsBound {
                            second = Swift.max(vmax[i], vi)
                            vmax[i] = second
                        }
                        u[i] = scale * (mi / (((second + 1e-15).squareRoot() + eps) / bc2Sqrt * bc1))
                    }
                }
            }
        } }
    }
}
