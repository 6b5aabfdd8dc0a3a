/// Lookahead (Zhang et al. 2019; Optax's `lookahead`): the inner optimizer moves the
/// "fast" weights (the parameters); every `syncPeriod` updates the slow weights move a
/// fraction `alpha` towards them, slow ← slow + α(fast − slow), and the fast weights are
/// reset to the slow ones.
///
/// The slow weights live in the state buffer `slow`, initialised to the parameters at the
/// first step (Optax's `LookaheadParams.init_synced`); the parameters the training loop
/// holds are the fast weights, as in `pytorch-optimizer`'s `Lookahead`. The inner state is
/// kept across syncs (Optax's `reset_state=False`). Defaults are the paper's k = 5, α = 0.5.
public struct Lookahead: CompositeTransformation {
    public var inner: any GradientTransformation
    public var syncPeriod: Int
    public var alpha: Float

    public init(_ inner: any GradientTransformation, syncPeriod: Int = 5, alpha: Float = 0.5) {
        precondition(syncPeriod >= 1, "the sync period must be at least 1")
        precondition(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1]")
        self.inner = inner
        self.syncPeriod = syncPeriod
        self.alpha = alpha
    }

    public var name: String { "lookahead" }

    public var innerTransformations: [any GradientTransformation] { [inner] }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["slow": parameters], scalars: ["steps_since_sync": 0],
                            children: [inner.initialState(for: parameters)])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        inner.update(&updates, state: &state.children[0], parameters: parameters)
        let steps = state.scalars["steps_since_sync"]! + 1
        guard Int(steps) >= syncPeriod else {
            state.scalars["steps_since_sync"] = steps
            return
        }
        state.scalars["steps_since_sync"] = 0
        let alpha = alpha
        state.elementwise(&updates, ["slow"], parameters: parameters) { range, b in
            let (u, p, s) = (b[0], b[1], b[2])
            for i in range {
                let fast = p[i] + u[i]
                let synced = s[i] + alpha * (fast - s[i])
                s[i] = synced
                u[i] = synced - p[i]
            }
        }
    }
}
