import CDescentKernels

/// `torch.optim.NAdam` as one fused pass over the arena, on the state of
/// ``Chain/nadam(lr:beta1:beta2:eps:weightDecay:momentumDecay:decoupledWeightDecay:maximize:decayMask:)``.
struct FusedNAdam: FusedUpdate {
    let nadam: Int, learningRate: Int
    let lr: Float, beta1: Float, beta2: Float, eps: Float, weightDecay: Float, momentumDecay: Float
    let decoupledWeightDecay: Bool, maximize: Bool
    let decayMask: ParameterMask

    func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float, state: inout TransformationState) {
        _ = state.children[learningRate].advance("count")
        let step = state.children[nadam].advance("step") + 1
        var product = state.children[nadam].scalars["mu_product"]!
        let c = ScaleByNAdam.coefficients(beta1: beta1, beta2: beta2, momentumDecay: momentumDecay, step: step, muProduct: &product)
        state.children[nadam].scalars["mu_product"] = product
        let (lr, b1, b2, eps, wd, decoupled) = (lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay)
        let scale = maximize ? -gradientScale : gradientScale
        fusedPass(&parameters, gradients, &state, buffers: [(nadam, "exp_avg"), (nadam, "exp_avg_sq")], decay: decayMask) { n, b, decayed in
            descent_nadam_step(b[0], b[1], b[2], b[3], n, lr, b1, b2, eps, decayed ? wd : 0, decoupled ? 1 : 0, scale,
                               c.gradient, c.moment, c.bc2)
        }
    }
}

extension TransformationOptimizer {
    /// `torch.optim.NAdam`; fused.
    public static func nadam(lr: Float = 2e-3, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0,
                             momentumDecay: Float = 4e-3, decoupledWeightDecay: Bool = false, maximize: Bool = false,
                             decayMask: ParameterMask = .all) -> TransformationOptimizer {
        let chain = Chain.nadam(lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay, momentumDecay: momentumDecay,
                                decoupledWeightDecay: decoupledWeightDecay, maximize: maximize, decayMask: decayMask)
        return TransformationOptimizer(chain, name: "nadam", fused: FusedNAdam(
            nadam: chain.index(of: ScaleByNAdam.self), learningRate: chain.index(of: ScaleByLearningRate.self), lr: lr,
            beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay, momentumDecay: momentumDecay,
            decoupledWeightDecay: decoupledWeightDecay, maximize: maximize, decayMask: decayMask))
    }
}
