import CDescentKernels

/// NAdam as one fused pass over the parameter arena, equal to ``Chain/nadam(lr:beta1:beta2:eps:weightDecay:momentumDecay:decoupledWeightDecay:maximize:)``
/// (`torch.optim.NAdam`) up to float rounding; its state is that chain's
/// `scale_by_nadam` state (`exp_avg`, `exp_avg_sq`, `step`, `mu_product`).
public struct NAdam: Optimizer {
    public var lr: Float
    public var beta1: Float
    public var beta2: Float
    public var eps: Float
    public var weightDecay: Float
    public var momentumDecay: Float
    public var decoupledWeightDecay: Bool
    public var maximize: Bool
    private var fused = FusedState()

    public init(lr: Float = 2e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0,
                momentumDecay: Float = 4e-3, decoupledWeightDecay: Bool = false, maximize: Bool = false) {
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.momentumDecay = momentumDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.maximize = maximize
    }

    public var name: String { "nadam" }

    private var block: ScaleByNAdam { ScaleByNAdam(beta1: beta1, beta2: beta2, eps: eps, momentumDecay: momentumDecay) }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        let block = block
        fused.prepare(for: parameters, block.initialState)
        let step = fused.state.scalars["step"]! + 1
        fused.state.scalars["step"] = step
        var product = fused.state.scalars["mu_product"]!
        let c = ScaleByNAdam.coefficients(beta1: beta1, beta2: beta2, momentumDecay: momentumDecay, step: step, muProduct: &product)
        fused.state.scalars["mu_product"] = product
        let (lr, b1, b2, eps, wd, decoupled, maximize) = (lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, maximize)
        fused.run(&parameters, gradients, buffers: ["exp_avg", "exp_avg_sq"]) { range, b in
            descent_nadam_step(b[0], b[1], b[2], b[3], range.count, lr, b1, b2, eps, wd, decoupled ? 1 : 0, maximize ? 1 : 0,
                               c.gradient, c.moment, c.bc2)
        }
    }

    public func stateTensors() -> [String: Tensor] { fused.tensors() }

    public mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {
        try fused.load(tensors, for: parameters, block.initialState)
    }
}
