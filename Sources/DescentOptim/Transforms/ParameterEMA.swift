/// Keeps an exponential moving average of the parameters after each update (Polyak
/// averaging with a constant weight, as `torch.optim.swa_utils.AveragedModel` with
/// `get_ema_multi_avg_fn(decay)`): the first update copies p + u, later ones set
/// ema ← ema + (1 − decay)·(p + u − ema). Updates pass through unchanged.
///
/// Put it last in a chain so that p + u are the new parameters. The average lives in the
/// state buffer `ema` (saved with the optimizer as `N.parameter_ema/ema/<parameter>`);
/// read it with ``average(in:)`` or `TransformationOptimizer.parameterAverage`. Optax's
/// `ema` averages updates, not parameters; this is the model-averaging form.
public struct ParameterEMA: GradientTransformation {
    public var decay: Float

    public init(decay: Float = 0.999) {
        precondition(decay >= 0 && decay <= 1, "decay must be in [0, 1]")
        self.decay = decay
    }

    public var name: String { "parameter_ema" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(buffers: ["ema": parameters.zeros()], scalars: ["count": 0])
    }

    /// The averaged parameters held in `state` (a state made by this transformation).
    public static func average(in state: TransformationState) -> ParameterSet { state.buffers["ema"]! }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let first = state.scalars["count"]! == 0
        state.scalars["count"]! += 1
        let weight = 1 - decay
        state.elementwise(&updates, ["ema"], parameters: parameters) { range, b in
            let (u, w, ema) = (b[0], b[1], b[2])
            for i in range {
                let next = w[i] + u[i]
                ema[i] = first ? next : ema[i] + weight * (next - ema[i])
            }
        }
    }
}

extension TransformationOptimizer {
    /// The parameters averaged by the first ``ParameterEMA`` in the transformation, if any
    /// (nil before the first step).
    public var parameterAverage: ParameterSet? {
        guard let state else { return nil }
        return TransformationLookup.states(of: ParameterEMA.self, in: transformation, state: state).first
            .map { ParameterEMA.average(in: $0.state) }
    }
}
