import CDescentKernels

/// Adagrad as one fused pass over the parameter arena, equal to
/// ``Chain/adagrad(lr:lrDecay:weightDecay:initialAccumulatorValue:eps:maximize:)``
/// (`torch.optim.Adagrad`) up to float rounding; state `sum` and `step`.
public struct Adagrad: Optimizer {
    public var lr: Float
    public var lrDecay: Float
    public var weightDecay: Float
    public var initialAccumulatorValue: Float
    public var eps: Float
    public var maximize: Bool
    private var fused = FusedState()

    public init(lr: Float = 1e-2, lrDecay: Float = 0, weightDecay: Float = 0, initialAccumulatorValue: Float = 0,
                eps: Float = 1e-10, maximize: Bool = false) {
        self.lr = lr
        self.lrDecay = lrDecay
        self.weightDecay = weightDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.eps = eps
        self.maximize = maximize
    }

    public var name: String { "adagrad" }

    private func initialState(for parameters: ParameterSet) -> TransformationState {
        var state = ScaleByRSS(initialAccumulator: initialAccumulatorValue, eps: eps).initialState(for: parameters)
        state.scalars["step"] = 0
        return state
    }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        fused.prepare(for: parameters, initialState)
        let step = fused.state.scalars["step"]!
        fused.state.scalars["step"] = step + 1
        let clr = InverseTimeDecaySchedule(initial: Double(lr), rate: Double(lrDecay))(Int(step))
        let (eps, wd, maximize) = (eps, weightDecay, maximize)
        fused.run(&parameters, gradients, buffers: ["sum"]) { range, b in
            descent_adagrad_step(b[0], b[1], b[2], range.count, clr, eps, wd, maximize ? 1 : 0)
        }
    }

    public func stateTensors() -> [String: Tensor] { fused.tensors() }

    public mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {
        try fused.load(tensors, for: parameters, initialState)
    }
}
