/// Keeps the running average of the parameters after each step (Polyak & Juditsky 1992),
/// as `torch.optim.ASGD`'s `ax`: ax ← ax + μ(p + u − ax) with μₜ = 1/max(1, t − t₀), so
/// the average starts once t₀ steps have passed (before that ax follows p). Updates
/// pass through unchanged; read the average from the state buffer `ax`.
public struct PolyakAveraging: GradientTransformation {
    public var t0: Float

    public init(t0: Float = 1e6) { self.t0 = t0 }

    public var name: String { "polyak_averaging" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["ax": parameters.zeros()], scalars: ["step": 0, "mu": 1])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.advance("step") + 1
        let mu = state.scalars["mu"]!
        // As PyTorch: the weight used now was set at the previous step.
        state.scalars["mu"] = Float(1 / Swift.max(1, Double(step) - Double(t0)))
        state.elementwise(&updates, ["ax"], parameters: parameters) { range, p in
            let (u, w, ax) = (p[0], p[1], p[2])
            for i in range {
                let next = w[i] + u[i]
                ax[i] = mu == 1 ? next : ax[i] + (next - ax[i]) * mu
            }
        }
    }
}
