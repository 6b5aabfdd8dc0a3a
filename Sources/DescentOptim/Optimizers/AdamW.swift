import CDescentKernels

/// AdamW and Adam as one fused pass over the parameter arena (a C kernel compiled for
/// several x86-64 levels, split across the compute threads), on the state of
/// ``Chain/adamw(lr:beta1:beta2:eps:weightDecay:amsgrad:maximize:decayMask:)``.
struct FusedAdam: FusedUpdate {
    var adam: Int, learningRate: Int
    let lr: LearningRate
    let beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    let amsgrad: Bool, maximize: Bool, decoupled: Bool
    let decayMask: ParameterMask
    var stateDType: StateDType = .float32

    func prepare(_ state: inout TransformationState) {
        guard stateDType != .float32 else { return }
        state.children[adam].quantize("exp_avg", to: stateDType, signed: true)
        state.children[adam].quantize("exp_avg_sq", to: stateDType, signed: false)
    }

    func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float, state: inout TransformationState) {
        let step = state.children[adam].advance("step") + 1
        let lr = lr(Int(state.children[learningRate].advance("count")))
        let (beta1, beta2, eps, amsgrad) = (beta1, beta2, eps, amsgrad)
        let bc1 = 1 - Math.pow(beta1, step), bc2Sqrt = (1 - Math.pow(beta2, step)).squareRoot()
        let scale = maximize ? -gradientScale : gradientScale
        let wd = weightDecay
        if stateDType != .float32 {
            var part = state.children[adam]
            state.children[adam] = TransformationState()
            var m = part.quantized.removeValue(forKey: "exp_avg")!, v = part.quantized.removeValue(forKey: "exp_avg_sq")!
            // The kernel takes the step as it is, or the scaled, masked inputs with the decay done here.
            let direct = LowPrecisionInputs.direct(gradientScale: gradientScale, mask: decayMask)
            let g = direct ? gradients : LowPrecisionInputs.gradient(gradients, scale: scale, coupled: decoupled ? 0 : wd,
                                                                     mask: decayMask, parameters: parameters)
            if !direct && decoupled { LowPrecisionInputs.decay(&parameters, factor: 1 - lr * wd, mask: decayMask) }
            LowPrecisionStep.adamw(parameters: &parameters, gradients: g, m: &m, v: &v, lr: lr, beta1: beta1, beta2: beta2, eps: eps,
                                   weightDecay: direct ? wd : 0, decoupled: decoupled, maximize: direct && maximize,
                                   step: Int(step), seed: 0)
            part.quantized["exp_avg"] = m
            part.quantized["exp_avg_sq"] = v
            state.children[adam] = part
            return
        }
        var names = ["exp_avg", "exp_avg_sq"]
        if amsgrad { names.append("max_exp_avg_sq") }
        let decoupled = decoupled
        fusedPass(&parameters, gradients, &state, buffers: names.map { (adam, $0) }, decay: decayMask) { n, b, decayed in
            // Decoupled decay shrinks p; coupled (L2) decay adds λp to the gradient in the same pass.
            let (decay, coupled): (Float, Float) = !decayed ? (0, 0) : decoupled ? (wd, 0) : (0, wd)
            descent_adamw_step(b[0], b[1], b[2], b[3], amsgrad ? b[4] : nil, n, lr, beta1, beta2, eps, decay, coupled,
                               bc1, bc2Sqrt, amsgrad ? 1 : 0, scale)
        }
    }
}

extension TransformationOptimizer {
    /// `torch.optim.AdamW`: decoupled weight decay p ← p·(1 − lr·λ), then Adam's bias-corrected step; fused.
    public static func adamw(lr: LearningRate = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                             weightDecay: Float = 1e-2, amsgrad: Bool = false, maximize: Bool = false,
                             decayMask: ParameterMask = .all, stateDType: StateDType = .float32) -> TransformationOptimizer {
        fusedAdam(Chain.adamw(lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                              maximize: maximize, decayMask: decayMask),
                  FusedAdam(adam: 0, learningRate: 0, lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay,
                            amsgrad: amsgrad, maximize: maximize, decoupled: true, decayMask: decayMask, stateDType: stateDType))
    }

    /// `torch.optim.Adam`: weight decay added to the gradient (L2), then Adam's step; fused.
    public static func adam(lr: LearningRate = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                            weightDecay: Float = 0, amsgrad: Bool = false, maximize: Bool = false,
                            decayMask: ParameterMask = .all, stateDType: StateDType = .float32) -> TransformationOptimizer {
        fusedAdam(Chain.adam(lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay, amsgrad: amsgrad,
                             maximize: maximize, decayMask: decayMask),
                  FusedAdam(adam: 0, learningRate: 0, lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay,
                            amsgrad: amsgrad, maximize: maximize, decoupled: false, decayMask: decayMask, stateDType: stateDType))
    }

    /// `chain` with `kernel` pointed at the chain's Adam and learning-rate parts.
    private static func fusedAdam(_ chain: Chain, _ kernel: FusedAdam) -> TransformationOptimizer {
        precondition(!kernel.amsgrad || kernel.stateDType == .float32, "amsgrad keeps its state in float32")
        var kernel = kernel
        kernel.adam = chain.index(of: ScaleByAdam.self)
        kernel.learningRate = chain.index(of: ScaleByLearningRate.self)
        return TransformationOptimizer(chain, name: kernel.decoupled ? "adamw" : "adam", fused: kernel)
    }
}
