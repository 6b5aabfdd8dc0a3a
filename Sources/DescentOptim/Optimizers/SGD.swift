import CDescentKernels

/// `torch.optim.SGD` as one fused pass over the arena (a C kernel, split across the compute
/// threads), on the state of ``Chain/sgd(lr:momentum:dampening:weightDecay:nesterov:maximize:decayMask:)``.
struct FusedSGD: FusedUpdate {
    let trace: Int?, learningRate: Int
    let lr: LearningRate
    let momentum: Float, dampening: Float, weightDecay: Float
    let nesterov: Bool, maximize: Bool
    let decayMask: ParameterMask
    var stateDType: StateDType = .float32

    func prepare(_ state: inout TransformationState) {
        guard stateDType != .float32, let trace else { return }
        state.children[trace].quantize("momentum_buffer", to: stateDType, signed: true)
    }

    func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float, state: inout TransformationState) {
        let lr = lr(Int(state.children[learningRate].advance("count")))
        let scale = maximize ? -gradientScale : gradientScale
        let (mu, dampening, wd, nesterov) = (momentum, dampening, weightDecay, nesterov)
        guard let trace else {
            fusedPass(&parameters, gradients, &state, buffers: [], decay: decayMask) { n, b, decayed in
                descent_sgd_step(b[0], b[1], nil, n, lr, 0, 0, decayed ? wd : 0, 0, scale, 0)
            }
            return
        }
        let step = state.children[trace].advance("step") + 1
        let first = step == 1
        if stateDType != .float32 {
            var part = state.children[trace]
            state.children[trace] = TransformationState()
            var buffer = part.quantized.removeValue(forKey: "momentum_buffer")!
            // The kernel takes the step as it is, or the scaled gradient with the masked decay added here.
            let direct = LowPrecisionInputs.direct(gradientScale: gradientScale, mask: decayMask)
            let g = direct ? gradients : LowPrecisionInputs.gradient(gradients, scale: scale, coupled: wd, mask: decayMask,
                                                                     parameters: parameters)
            LowPrecisionStep.sgd(parameters: &parameters, gradients: g, momentumBuffer: &buffer, lr: lr, momentum: mu,
                                 dampening: dampening, weightDecay: direct ? wd : 0, nesterov: nesterov,
                                 maximize: direct && maximize, step: Int(step), seed: 0)
            part.quantized["momentum_buffer"] = buffer
            state.children[trace] = part
            return
        }
        fusedPass(&parameters, gradients, &state, buffers: [(trace, "momentum_buffer")], decay: decayMask) { n, b, decayed in
            descent_sgd_step(b[0], b[1], b[2], n, lr, mu, dampening, decayed ? wd : 0, nesterov ? 1 : 0, scale, first ? 1 : 0)
        }
    }
}

extension TransformationOptimizer {
    /// `torch.optim.SGD`: coupled weight decay, momentum with dampening or Nesterov (the
    /// buffer starts as the first gradient), lr; fused.
    public static func sgd(lr: LearningRate = 1e-3, momentum: Float = 0, dampening: Float = 0, weightDecay: Float = 0,
                           nesterov: Bool = false, maximize: Bool = false, decayMask: ParameterMask = .all,
                           stateDType: StateDType = .float32) -> TransformationOptimizer {
        let chain = Chain.sgd(lr: lr, momentum: momentum, dampening: dampening, weightDecay: weightDecay, nesterov: nesterov,
                              maximize: maximize, decayMask: decayMask)
        return TransformationOptimizer(chain, name: "sgd", fused: FusedSGD(
            trace: momentum != 0 ? chain.index(of: Trace.self) : nil, learningRate: chain.index(of: ScaleByLearningRate.self),
            lr: lr, momentum: momentum, dampening: dampening, weightDecay: weightDecay, nesterov: nesterov, maximize: maximize,
            decayMask: decayMask, stateDType: stateDType))
    }
}
