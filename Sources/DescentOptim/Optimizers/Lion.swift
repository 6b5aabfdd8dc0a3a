import CDescentKernels

/// Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), matching
/// lion-pytorch's `Lion`: p ← p·(1 − lr·λ) − lr·sign(β₁m + (1 − β₁)g), m ← β₂m + (1 − β₂)g.
///
/// One fused pass over the parameter arena (reads p, g, m; writes p, m) in a C kernel compiled
/// for several x86-64 levels, split across the compute threads; equal to the chain
/// `scale_by_lion → add_decayed_weights → scale_by_learning_rate`. With
/// `decoupledWeightDecay` the decay is λ/lr₀ (lion-pytorch's `decoupled_weight_decay`, so the
/// factor is 1 − λ whatever the learning rate). State is saved as `exp_avg/<parameter>`.
public struct Lion: Optimizer {
    public var lr: Float
    public var beta1: Float
    public var beta2: Float
    public var weightDecay: Float
    public var decoupledWeightDecay: Bool

    private var state: TransformationState?
    private var layout: [ParameterSet.Entry] = []

    public init(lr: Float = 1e-4, beta1: Float = 0.9, beta2: Float = 0.99, weightDecay: Float = 0,
                decoupledWeightDecay: Bool = false) {
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    public var name: String { "lion" }

    /// The factor the weights are multiplied by before the step.
    var decayFactor: Float { decoupledWeightDecay ? 1 - weightDecay : 1 - lr * weightDecay }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) {
        if layout != parameters.entries || state == nil {
            precondition(state == nil, "optimizer state belongs to another parameter layout")
            layout = parameters.entries
            state = ScaleByLion().initialState(for: parameters)
        }
        precondition(gradients.scalarCount == parameters.scalarCount, "gradients do not match the parameters")
        var m = state!.take("exp_avg")
        let (lr, beta1, beta2, decay) = (lr, beta1, beta2, decayFactor)
        let count = parameters.scalarCount
        parameters.storage.withUnsafeMutableBufferPointer { p in
            gradients.storage.withUnsafeBufferPointer { g in
                m.withMutablePointer { mp in
                    let pointers = UncheckedSendable((p.baseAddress!, g.baseAddress!, mp))
                    parallelChunks(count, grain: 1 << 16) { range in
                        let (p, g, m) = pointers.value
                        let o = range.lowerBound
                        descent_lion_step(p + o, g + o, m + o, range.count, lr, beta1, beta2, decay)
                    }
                }
            }
        }
        state!.put("exp_avg", m)
    }

    public func stateTensors() -> [String: Tensor] { state?.tensors() ?? [:] }

    public mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {
        var fresh = ScaleByLion().initialState(for: parameters)
        try fresh.load(tensors)
        layout = parameters.entries
        state = fresh
    }
}
