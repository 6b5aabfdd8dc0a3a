/// Resilient backpropagation (Riedmiller & Braun 1993), as `torch.optim.Rprop` and Optax's
/// `scale_by_rprop`: each element's step size grows by η₊ while the gradient keeps its
/// sign and shrinks by η₋ when it flips (clamped to [min, max]); u ← sign(g)·step, and
/// after a flip the gradient counts as 0 (no step, no flip next time).
///
/// The step sizes start at the learning rate (PyTorch's `lr`), so a preset follows this
/// with `Scale(-1)` rather than a learning rate, as Optax's `rprop` does.
public struct ScaleByRprop: GradientTransformation {
    public var initialStepSize: Float
    public var etaMinus: Float
    public var etaPlus: Float
    public var stepSizeMin: Float
    public var stepSizeMax: Float

    public init(initialStepSize: Float = 1e-2, etaMinus: Float = 0.5, etaPlus: Float = 1.2,
                stepSizeMin: Float = 1e-6, stepSizeMax: Float = 50) {
        self.initialStepSize = initialStepSize
        self.etaMinus = etaMinus
        self.etaPlus = etaPlus
        self.stepSizeMin = stepSizeMin
        self.stepSizeMax = stepSizeMax
    }

    public var name: String { "scale_by_rprop" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["prev": parameters.zeros(), "step_size": parameters.filled(with: initialStepSize)])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let (minus, plus, low, high) = (etaMinus, etaPlus, stepSizeMin, stepSizeMax)
        state.elementwise(&updates, ["prev", "step_size"]) { range, p in
            let (u, prev, size) = (p[0], p[1], p[2])
            for i in range {
                let g = u[i]
                let product = g * prev[i]
                let factor: Float = product > 0 ? plus : (product < 0 ? minus : 1)
                let stepSize = Swift.min(Swift.max(size[i] * factor, low), high)
                size[i] = stepSize
                // PyTorch zeroes the gradient where the factor equals η₋.
                let kept: Float = factor == minus ? 0 : g
                prev[i] = kept
                u[i] = kept > 0 ? stepSize : (kept < 0 ? -stepSize : 0)
            }
        }
    }
}
