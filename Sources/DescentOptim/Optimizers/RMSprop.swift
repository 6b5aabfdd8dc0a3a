import CDescentKernels

/// RMSprop as one fused pass over the parameter arena, equal to
/// ``Chain/rmsprop(lr:alpha:eps:weightDecay:momentum:centered:maximize:)``
/// (`torch.optim.RMSprop`) up to float rounding; state `square_avg`, `grad_avg`
/// (centred) and `momentum_buffer` (momentum > 0), named as PyTorch names them.
public struct RMSprop: Optimizer {
    public var lr: Float
    public var alpha: Float
    public var eps: Float
    public var weightDecay: Float
    public var momentum: Float
    public var centered: Bool
    public var maximize: Bool
    private var fused = FusedState()

    public init(lr: Float = 1e-2, alpha: Float = 0.99, eps: Float = 1e-8, weightDecay: Float = 0, momentum: Float = 0,
                centered: Bool = false, maximize: Bool = false) {
        self.lr = lr
        self.alpha = alpha
        self.eps = eps
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        self.maximize = maximize
    }

    public var name: String { "rmsprop" }

    private func initialState(for parameters: ParameterSet) -> TransformationState {
        var state = ScaleByRMS(alpha: alpha, eps: eps, centered: centered).initialState(for: parameters)
        if momentum > 0 { state.buffers["momentum_buffer"] = parameters.zeros() }
        return state
    }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        fused.prepare(for: parameters, initialState)
        let (lr, alpha, eps, wd, mu, centered, maximize) = (lr, alpha, eps, weightDecay, momentum, centered, maximize)
        var names = ["square_avg"]
        if centered { names.append("grad_avg") }
        if mu > 0 { names.append("momentum_buffer") }
        fused.run(&parameters, gradients, buffers: names) { range, b in
            let gavg = centered ? b[3] : nil
            let buf = mu > 0 ? b[centered ? 4 : 3] : nil
            descent_rmsprop_step(b[0], b[1], b[2], gavg, buf, range.count, lr, alpha, eps, wd, mu, centered ? 1 : 0, maximize ? 1 : 0)
        }
    }

    public func stateTensors() -> [String: Tensor] { fused.tensors() }

    public mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {
        try fused.load(tensors, for: parameters, initialState)
    }
}
