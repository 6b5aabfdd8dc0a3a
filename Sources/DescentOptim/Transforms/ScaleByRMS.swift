/// Rescales updates by a running root mean square: v ← αv + (1 − α)g², u ← g / (√v + ε)
/// (RMSprop; Optax's `scale_by_rms`, and `scale_by_stddev` when `centered`).
///
/// `centered` also keeps the running mean m ← m + (1 − α)(g − m) and divides by
/// √(v − m²) + ε. PyTorch adds ε outside the square root (the default); Optax adds it
/// inside, √(v + ε), which `epsInsideSqrt: true` selects. Both start v at
/// `initialScale` (PyTorch 0).
public struct ScaleByRMS: GradientTransformation {
    public var alpha: Float
    public var eps: Float
    public var centered: Bool
    public var epsInsideSqrt: Bool
    public var initialScale: Float

    public init(alpha: Float = 0.99, eps: Float = 1e-8, centered: Bool = false, epsInsideSqrt: Bool = false, initialScale: Float = 0) {
        self.alpha = alpha
        self.eps = eps
        self.centered = centered
        self.epsInsideSqrt = epsInsideSqrt
        self.initialScale = initialScale
    }

    public var name: String { "scale_by_rms" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var buffers = ["square_avg": parameters.filled(with: initialScale)]
        if centered { buffers["grad_avg"] = parameters.zeros() }
        return TransformationState(buffers: buffers)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let (alpha, oneMinusAlpha, eps, centered, inside) = (alpha, 1 - alpha, eps, centered, epsInsideSqrt)
        let names = centered ? ["square_avg", "grad_avg"] : ["square_avg"]
        state.elementwise(&updates, names) { range, p in
            let (u, v) = (p[0], p[1])
            for i in range {
                let g = u[i]
                let vi = alpha * v[i] + oneMinusAlpha * g * g
                v[i] = vi
                var second = vi
                if centered {
                    let mi = torchLerp(p[2][i], g, oneMinusAlpha)
                    p[2][i] = mi
                    second = vi - mi * mi
                }
                u[i] = inside ? g / (second + eps).squareRoot() : g / (second.squareRoot() + eps)
            }
        }
    }
}
