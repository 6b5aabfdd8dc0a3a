/// Rescales updates by Adam's bias-corrected moments: u ← m̂ / (√v̂ + ε), with
/// m ← β₁m + (1 − β₁)g and v ← β₂v + (1 − β₂)g² (Optax's `scale_by_adam`).
///
/// ε is added outside the square root, as both PyTorch and Optax do; `epsRoot` (Optax's
/// `eps_root`) adds inside it. `amsgrad` keeps the running maximum of v̂ (PyTorch's form:
/// the maximum of the raw v, bias-corrected afterwards).
public struct ScaleByAdam: GradientTransformation {
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var epsRoot: Float
    public var amsgrad: Bool

    public init(beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, epsRoot: Float = 0, amsgrad: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.epsRoot = epsRoot
        self.amsgrad = amsgrad
    }

    public var name: String { "scale_by_adam" }

    /// The moments, and the running maximum of v with `amsgrad`.
    private var bufferNames: [String] { amsgrad ? ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["exp_avg", "exp_avg_sq"] }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(zeros: bufferNames, like: parameters, scalars: ["step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let (b1, b2, eps, epsRoot, amsgrad) = (beta1, beta2, eps, epsRoot, amsgrad)
        let bc1 = 1 - Math.pow(b1, step), bc2Sqrt = (1 - Math.pow(b2, step)).squareRoot()
        state.elementwise(&updates, bufferNames) { range, b in
            let (u, m, v, vm) = (b[0], b[1], b[2], amsgrad ? b[3] : b[2])
            for i in range {
                let g = u[i]
                let mi = b1 * m[i] + (1 - b1) * g
                let vi = b2 * v[i] + (1 - b2) * g * g
                m[i] = mi
                v[i] = vi
                var second = vi
                if amsgrad {
                    second = Swift.max(vm[i], vi)
                    vm[i] = second
                }
                u[i] = (mi / bc1) / ((second + epsRoot).squareRoot() / bc2Sqrt + eps)
            }
        }
    }
}
