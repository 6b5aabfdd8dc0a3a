/// Rescales updates by the ratio of running root mean squares of past steps and of
/// gradients (Zeiler 2012; Optax's `scale_by_adadelta`): v ← ρv + (1 − ρ)g²,
/// δ ← √(a + ε)/√(v + ε)·g, a ← ρa + (1 − ρ)δ², u ← δ.
///
/// PyTorch and Optax agree on this form (ε inside both roots); both multiply δ by the
/// learning rate afterwards (PyTorch's default lr is 1).
public struct ScaleByAdadelta: GradientTransformation {
    public var rho: Float
    public var eps: Float

    public init(rho: Float = 0.9, eps: Float = 1e-6) {
        self.rho = rho
        self.eps = eps
    }

    public var name: String { "scale_by_adadelta" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: ["square_avg", "acc_delta"], like: parameters)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let (rho, w, eps) = (rho, 1 - rho, eps)
        state.elementwise(&updates, ["square_avg", "acc_delta"]) { range, p in
            let (u, v, a) = (p[0], p[1], p[2])
            for i in range {
                let g = u[i]
                let vi = rho * v[i] + w * g * g
                v[i] = vi
                let delta = (a[i] + eps).squareRoot() / (vi + eps).squareRoot() * g
                a[i] = rho * a[i] + w * delta * delta
                u[i] = delta
            }
        }
    }
}
