import Foundation

/// Yogi's rescaling (Zaheer et al. 2018), as pytorch-optimizer's `Yogi`: m ← m + (1 − β₁)(g − m),
/// v ← v − (1 − β₂)·sign(v − g²)·g², u ← m̂ / (√v̂ + ε).
///
/// Both moments start at `initialAccumulator` (10⁻⁶, the paper's choice; Optax's
/// `scale_by_yogi` also starts at 10⁻⁶ but defaults `eps` to 10⁻³ as here).
public struct ScaleByYogi: GradientTransformation {
    public var beta1: Double
    public var beta2: Double
    public var eps: Float
    public var initialAccumulator: Float

    public init(beta1: Double = 0.9, beta2: Double = 0.999, eps: Float = 1e-3, initialAccumulator: Float = 1e-6) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.initialAccumulator = initialAccumulator
    }

    public var name: String { "scale_by_yogi" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        let start = parameters.filled(with: initialAccumulator)
        return TransformationState(buffers: ["exp_avg": start, "exp_avg_sq": start], scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let eps = eps
        let (c1, c2) = (Float(1 - beta1), Float(1 - beta2))
        let t = Double(step)
        let inverseBC1 = Float(1 / (1 - Foundation.pow(beta1, t)))
        let bc2Sqrt = Float((1 - Foundation.pow(beta2, t)).squareRoot())
        state.elementwise(&updates, ["exp_avg", "exp_avg_sq"]) { range, b in
            let (u, m, v) = (b[0], b[1], b[2])
            for i in range {
                let g = u[i]
                let mi = torchLerp(m[i], g, c1)
                let g2 = g * g
                let vi = v[i] + (-c2) * torchSign(v[i] - g2) * g2
                m[i] = mi
                v[i] = vi
                u[i] = inverseBC1 * (mi / (vi.squareRoot() / bc2Sqrt + eps))
            }
        }
    }
}
