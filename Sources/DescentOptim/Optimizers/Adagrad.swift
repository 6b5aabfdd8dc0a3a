import CDescentKernels

/// `torch.optim.Adagrad` as one fused pass over the arena, on the state of
/// ``Chain/adagrad(lr:lrDecay:weightDecay:initialAccumulatorValue:eps:maximize:decayMask:)``.
struct FusedAdagrad: FusedUpdate {
    let rss: Int, learningRate: Int
    let schedule: InverseTimeDecaySchedule
    let eps: Float, weightDecay: Float, maximize: Bool
    let decayMask: ParameterMask

    func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float, state: inout TransformationState) {
        let clr = schedule(Int(state.children[learningRate].advance("count")))
        let (eps, wd) = (eps, weightDecay)
        let scale = maximize ? -gradientScale : gradientScale
        fusedPass(&parameters, gradients, &state, buffers: [(rss, "sum")], decay: decayMask) { n, b, decayed in
            descent_adagrad_step(b[0], b[1], b[2], n, clr, eps, decayed ? wd : 0, scale)
        }
    }
}

extension TransformationOptimizer {
    /// `torch.optim.Adagrad`; fused.
    public static func adagrad(lr: Float = 1e-2, lrDecay: Float = 0, weightDecay: Float = 0, initialAccumulatorValue: Float = 0,
                               eps: Float = 1e-10, maximize: Bool = false, decayMask: ParameterMask = .all) -> TransformationOptimizer {
        let chain = Chain.adagrad(lr: lr, lrDecay: lrDecay, weightDecay: weightDecay, initialAccumulatorValue: initialAccumulatorValue,
                                  eps: eps, maximize: maximize, decayMask: decayMask)
        return TransformationOptimizer(chain, name: "adagrad", fused: FusedAdagrad(
            rss: chain.index(of: ScaleByRSS.self), learningRate: chain.index(of: ScaleByLearningRate.self),
            schedule: InverseTimeDecaySchedule(initial: Double(lr), rate: Double(lrDecay)), eps: eps, weightDecay: weightDecay,
            maximize: maximize, decayMask: decayMask))
    }
}
