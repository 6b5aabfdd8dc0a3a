/// Rescales updates by the root of the sum of all squared gradients so far:
/// s ← s + g², u ← g / (√s + ε) (Adagrad; Optax's `scale_by_rss`).
///
/// PyTorch starts s at `initial_accumulator_value` (default 0) and adds ε outside the
/// square root; Optax starts at 0.1 and computes g / √(s + ε) (0 where s = 0), which
/// `epsInsideSqrt: true` selects. Adagrad's `lr_decay` is not part of this block: it is
/// the learning-rate schedule lr / (1 + k·lr_decay) (``InverseTimeDecaySchedule``).
public struct ScaleByRSS: GradientTransformation {
    public var initialAccumulator: Float
    public var eps: Float
    public var epsInsideSqrt: Bool

    public init(initialAccumulator: Float = 0, eps: Float = 1e-10, epsInsideSqrt: Bool = false) {
        self.initialAccumulator = initialAccumulator
        self.eps = eps
        self.epsInsideSqrt = epsInsideSqrt
    }

    public var name: String { "scale_by_rss" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["sum": parameters.filled(with: initialAccumulator)])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let (eps, inside) = (eps, epsInsideSqrt)
        state.elementwise(&updates, ["sum"]) { range, p in
            let (u, s) = (p[0], p[1])
            for i in range {
                let g = u[i]
                let si = s[i] + g * g
                s[i] = si
                if inside {
                    u[i] = si > 0 ? g / (si + eps).squareRoot() : 0
                } else {
                    u[i] = g / (si.squareRoot() + eps)
                }
            }
        }
    }
}
