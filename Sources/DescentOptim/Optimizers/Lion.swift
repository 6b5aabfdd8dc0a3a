import CDescentKernels

/// Lion (Chen et al. 2023) as one fused pass over the arena (reads p, g, m; writes p, m),
/// on the state of ``Chain/lion(lr:beta1:beta2:weightDecay:decoupledWeightDecay:decayMask:)``.
struct FusedLion: FusedUpdate {
    let lion: Int, learningRate: Int
    let lr: LearningRate
    let beta1: Float, beta2: Float, weightDecay: Float
    let decoupledWeightDecay: Bool
    let decayMask: ParameterMask
    var stateDType: StateDType = .float32

    func prepare(_ state: inout TransformationState) {
        guard stateDType != .float32 else { return }
        state.children[lion].quantize("exp_avg", to: stateDType, signed: true)
    }

    func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float, state: inout TransformationState) {
        let lr = lr(Int(state.children[learningRate].advance("count")))
        // lion-pytorch's decoupled_weight_decay divides λ by the initial lr: the factor is 1 − λ.
        let decay = decoupledWeightDecay ? 1 - weightDecay : 1 - lr * weightDecay
        let (beta1, beta2) = (beta1, beta2)
        if stateDType != .float32 {
            var part = state.children[lion]
            state.children[lion] = TransformationState()
            var m = part.quantized.removeValue(forKey: "exp_avg")!
            let step = Int(state.children[learningRate].scalars["count"]!)
            var g = gradients
            if gradientScale != 1 {
                g = LowPrecisionInputs.gradient(gradients, scale: gradientScale, coupled: 0, mask: decayMask, parameters: parameters)
            }
            LowPrecisionInputs.decay(&parameters, factor: decay, mask: decayMask)
            LowPrecisionStep.lion(parameters: &parameters, gradients: g, m: &m, lr: lr, beta1: beta1, beta2: beta2, weightDecay: 0,
                                  step: step, seed: 0)
            part.quantized["exp_avg"] = m
            state.children[lion] = part
            return
        }
        fusedPass(&parameters, gradients, &state, buffers: [(lion, "exp_avg")], decay: decayMask) { n, b, decayed in
            descent_lion_step(b[0], b[1], b[2], n, lr, beta1, beta2, decayed ? decay : 1, gradientScale)
        }
    }
}

extension TransformationOptimizer {
    /// Lion, as lion-pytorch's `Lion`: p ← p·(1 − lr·λ) − lr·sign(β₁m + (1 − β₁)g),
    /// m ← β₂m + (1 − β₂)g; fused.
    public static func lion(lr: LearningRate = 1e-4, beta1: Float = 0.9, beta2: Float = 0.99, weightDecay: Float = 0,
                            decoupledWeightDecay: Bool = false, decayMask: ParameterMask = .all,
                            stateDType: StateDType = .float32) -> TransformationOptimizer {
        let chain = Chain.lion(lr: lr, beta1: beta1, beta2: beta2, weightDecay: weightDecay,
                               decoupledWeightDecay: decoupledWeightDecay, decayMask: decayMask)
        return TransformationOptimizer(chain, name: "lion", fused: FusedLion(
            lion: chain.index(of: ScaleByLion.self), learningRate: chain.index(of: ScaleByLearningRate.self), lr: lr,
            beta1: beta1, beta2: beta2, weightDecay: weightDecay, decoupledWeightDecay: decoupledWeightDecay,
            decayMask: decayMask, stateDType: stateDType))
    }
}
