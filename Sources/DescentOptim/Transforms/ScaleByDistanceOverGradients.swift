/// DoG's step size, distance over gradients (Ivgi, Hinder & Carmon, 2023; the authors'
/// `dog-optimizer` package, `DoG`): u = −η·g with η = lr·r̄/√G, where r̄ is the largest distance
/// ‖x − x₀‖ seen so far and G the running sum of ‖g‖², both over the whole arena (one
/// parameter group).
///
/// At the first step r̄ = reps_rel·(1 + ‖x₀‖) and G = ‖g‖² + ε; `initEta` > 0 replaces the
/// first step size, without lr (the reference's `init_eta`; 0 stands for its `None`). The
/// output is the whole update: `lr` (the paper's c) is part of η, as `init_eta` bypasses it.
public struct ScaleByDistanceOverGradients: GradientTransformation {
    public var repsRel: Float
    public var lr: Float
    public var eps: Float
    public var initEta: Float

    public init(repsRel: Float = 1e-6, lr: Float = 1, eps: Float = 1e-8, initEta: Float = 0) {
        self.repsRel = repsRel
        self.lr = lr
        self.eps = eps
        self.initEta = initEta
    }

    public var name: String { "scale_by_distance_over_gradients" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        var x0 = parameters.zeros()
        x0.storage = parameters.storage
        return TransformationState(buffers: ["init_buffer": x0], scalars: ["rbar": 0, "G": 0, "step": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let step = state.scalars["step"]!
        let x0 = state.take("init_buffer")
        defer { state.put("init_buffer", x0) }
        // Per-parameter norms, then the norm of the norms, as the reference stacks them.
        var squaredGradient: Float = 0, squaredDistance: Float = 0
        parameters.storage.withUnsafeBufferPointer { p in
            updates.storage.withUnsafeBufferPointer { g in
                x0.storage.withUnsafeBufferPointer { x in
                    for entry in parameters.entries {
                        var gg = 0.0, dd = 0.0
                        for i in entry.range {
                            gg += Double(g[i] * g[i])
                            let delta = step == 0 ? p[i] : p[i] - x[i]
                            dd += Double(delta * delta)
                        }
                        squaredGradient += Float(gg)
                        let norm = Float(dd.squareRoot())
                        squaredDistance += norm * norm
                    }
                }
            }
        }
        var rbar = state.scalars["rbar"]!, G = state.scalars["G"]!
        if step == 0 {
            rbar = repsRel * (1 + squaredDistance.squareRoot())
            G = squaredGradient + eps
        } else {
            rbar = Swift.max(rbar, squaredDistance.squareRoot())
            G += squaredGradient
        }
        precondition(G > 0, "DoG needs a positive sum of squared gradients, got \(G)")
        state.scalars["rbar"] = rbar
        state.scalars["G"] = G
        state.scalars["step"] = step + 1
        let eta = -(step == 0 && initEta > 0 ? initEta : lr * rbar / G.squareRoot())
        state.elementwise(&updates, []) { range, b in for i in range { b[0][i] *= eta } }
    }
}
