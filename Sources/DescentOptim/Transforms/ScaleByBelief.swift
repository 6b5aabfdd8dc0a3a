import Foundation

/// AdaBelief's rescaling (Zhuang et al. 2020) as the authors' `adabelief-pytorch` 0.2 does it:
/// m ← β₁m + (1 − β₁)g, s ← β₂s + (1 − β₂)(g − m)² + ε, u ← m̂ / (√ŝ + ε).
///
/// ε is added to the stored belief `s` at every step (inside the square root, and kept in
/// the state), then once more outside it; Optax's `scale_by_belief` has the same form with
/// `eps_root` inside. `rectify` (the package's default) applies RAdam's variance
/// rectification: while the SMA length ρ is below 5 the step is m̂ (`degeneratedToSGD`) or
/// nothing, afterwards r·m̂/(√s + ε) with RAdam's r and no second-moment bias correction.
/// `amsgrad` uses the running maximum of s (unrectified steps only, as the package).
public struct ScaleByBelief: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    public var eps: Float
    public var amsgrad: Bool
    public var rectify: Bool
    public var degeneratedToSGD: Bool

    public init(beta1: Double = 0.9, beta2: Double = 0.999, eps: Float = 1e-16, amsgrad: Bool = false,
                rectify: Bool = true, degeneratedToSGD: Bool = true) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.amsgrad = amsgrad
        self.rectify = rectify
        self.degeneratedToSGD = degeneratedToSGD
    }

    public var name: String { "scale_by_belief" }

    /// The moments, and the running maximum of s with `amsgrad`.
    private var bufferNames: [String] { amsgrad ? ["exp_avg", "exp_avg_var", "max_exp_avg_var"] : ["exp_avg", "exp_avg_var"] }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: bufferNames, like: parameters, scalars: ["step": 0])
    }

    /// How a step uses the moments: m̂/(√ŝ + ε) scaled by `scale`, m scaled by `scale`, or nothing.
    enum Form { case adaptive(rectified: Bool), momentum, none }

    /// RAdam's rectification for step `t`, in double precision as the package computes it:
    /// the form of the step and its scale (including 1/(1 − β₁ᵗ)).
    static func rectification(step t: Double, beta1: Double, beta2: Double, degeneratedToSGD: Bool) -> (Form, Double) {
        let beta2t = Foundation.pow(beta2, t)
        let smaMax = 2 / (1 - beta2) - 1
        let sma = smaMax - 2 * t * beta2t / (1 - beta2t)
        let bc1 = 1 - Foundation.pow(beta1, t)
        if sma >= 5 {
            let r = ((1 - beta2t) * (sma - 4) / (smaMax - 4) * (sma - 2) / sma * smaMax / (smaMax - 2)).squareRoot()
            return (.adaptive(rectified: true), r / bc1)
        }
        return degeneratedToSGD ? (.momentum, 1 / bc1) : (.none, 0)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let (b1, b2, eps, amsgrad) = (Float(beta1), Float(beta2), eps, amsgrad)
        let (c1, c2) = (Float(1 - beta1), Float(1 - beta2))
        let t = Double(step)
        let (form, scale): (Form, Double) = rectify
            ? Self.rectification(step: t, beta1: beta1, beta2: beta2, degeneratedToSGD: degeneratedToSGD)
            : (.adaptive(rectified: false), 1 / (1 - Foundation.pow(beta1, t)))
        let stepScale = Float(scale)
        let bc2Sqrt = Float((1 - Foundation.pow(beta2, t)).squareRoot())
        state.elementwise(&updates, bufferNames) { range, b in
            let (u, m, s) = (b[0], b[1], b[2])
            let smax = amsgrad ? b[3] : b[2]
            for i in range {
                let g = u[i]
                let mi = m[i] * b1 + c1 * g
                let residual = g - mi
                let si = s[i] * b2 + c2 * residual * residual + eps
                m[i] = mi
                s[i] = si
                var second = si
                if amsgrad {
                    second = Swift.max(smax[i], si)
                    smax[i] = second
                }
                switch form {
                case .adaptive(rectified: false): u[i] = stepScale * (mi / (second.squareRoot() / bc2Sqrt + eps))
                case .adaptive(rectified: true): u[i] = stepScale * (mi / (si.squareRoot() + eps))
                case .momentum: u[i] = stepScale * mi
                case .none: u[i] = 0
                }
            }
        }
    }
}
