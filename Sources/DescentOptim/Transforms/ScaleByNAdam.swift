import Foundation

/// Rescales updates by Nesterov-accelerated Adam with momentum decay (Dozat 2016), as
/// `torch.optim.NAdam`: μₜ = β₁(1 − ½·0.96^(t·ψ)), Πₜ = Πₜ₋₁μₜ,
/// u ← (1 − μₜ)/(1 − Πₜ)·g/d + μₜ₊₁/(1 − Πₜμₜ₊₁)·m/d with d = √(v/(1 − β₂ᵗ)) + ε.
///
/// Optax's `nadam` uses no momentum schedule (μ = β₁ throughout); `momentumDecay: 0`
/// gives that schedule here, but the bias corrections stay PyTorch's.
public struct ScaleByNAdam: GradientTransformation {
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var momentumDecay: Float

    public init(beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, momentumDecay: Float = 4e-3) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.momentumDecay = momentumDecay
    }

    public var name: String { "scale_by_nadam" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["exp_avg", "exp_avg_sq"], like: parameters, scalars: ["step": 0, "mu_product": 1])
    }

    /// The step's coefficients (PyTorch computes them in double precision and keeps the
    /// running product Π in float32): the gradient's, the moment's and 1 − β₂ᵗ.
    static func coefficients(beta1: Float, beta2: Float, momentumDecay: Float, step: Float, muProduct: inout Float)
        -> (gradient: Float, moment: Float, bc2: Float) {
        let (b1, t, psi) = (Double(beta1), Double(step), Double(momentumDecay))
        let mu = b1 * (1 - 0.5 * pow(0.96, t * psi))
        let muNext = b1 * (1 - 0.5 * pow(0.96, (t + 1) * psi))
        muProduct *= Float(mu)
        let product = Double(muProduct)
        return (Float((1 - mu) / (1 - product)), Float(muNext / (1 - product * muNext)),
                Float(1 - pow(Double(beta2), t)))
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        var product = state.scalars["mu_product"]!
        let c = Self.coefficients(beta1: beta1, beta2: beta2, momentumDecay: momentumDecay, step: step, muProduct: &product)
        state.scalars["mu_product"] = product
        let (w1, b2, w2, eps) = (1 - beta1, beta2, 1 - beta2, eps)
        state.elementwise(&updates, ["exp_avg", "exp_avg_sq"]) { range, p in
            let (u, m, v) = (p[0], p[1], p[2])
            for i in range {
                let g = u[i]
                let (mi, vi) = torchAdamMoments(m, v, i, g, w1: w1, beta2: b2, w2: w2)
                let d = (vi / c.bc2).squareRoot() + eps
                u[i] = c.gradient * g / d + c.moment * mi / d
            }
        }
    }
}
