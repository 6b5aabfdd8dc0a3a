import CDescentKernels

/// `torch.optim.RMSprop` as one fused pass over the arena, on the state of
/// ``Chain/rmsprop(lr:alpha:eps:weightDecay:momentum:centered:maximize:decayMask:)``.
struct FusedRMSprop: FusedUpdate {
    let rms: Int, trace: Int?, learningRate: Int
    let lr: Float, alpha: Float, eps: Float, weightDecay: Float, momentum: Float
    let centered: Bool, maximize: Bool
    let decayMask: ParameterMask

    func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float, state: inout TransformationState) {
        _ = state.children[learningRate].advance("count")
        if let trace { _ = state.children[trace].advance("step") }
        let (lr, alpha, eps, wd, mu, centered) = (lr, alpha, eps, weightDecay, momentum, centered)
        let scale = maximize ? -gradientScale : gradientScale
        var buffers = [(part: rms, name: "square_avg")]
        if centered { buffers.append((rms, "grad_avg")) }
        if let trace { buffers.append((trace, "momentum_buffer")) }
        let hasMomentum = trace != nil
        fusedPass(&parameters, gradients, &state, buffers: buffers, decay: decayMask) { n, b, decayed in
            let gavg = centered ? b[3] : nil
            let buf = hasMomentum ? b[centered ? 4 : 3] : nil
            descent_rmsprop_step(b[0], b[1], b[2], gavg, buf, n, lr, alpha, eps, decayed ? wd : 0, hasMomentum ? mu : 0,
                                 centered ? 1 : 0, scale)
        }
    }
}

extension TransformationOptimizer {
    /// `torch.optim.RMSprop`; fused.
    public static func rmsprop(lr: Float = 1e-2, alpha: Float = 0.99, eps: Float = 1e-8, weightDecay: Float = 0, momentum: Float = 0,
                               centered: Bool = false, maximize: Bool = false, decayMask: ParameterMask = .all) -> TransformationOptimizer {
        let chain = Chain.rmsprop(lr: lr, alpha: alpha, eps: eps, weightDecay: weightDecay, momentum: momentum, centered: centered,
                                  maximize: maximize, decayMask: decayMask)
        return TransformationOptimizer(chain, name: "rmsprop", fused: FusedRMSprop(
            rms: chain.index(of: ScaleByRMS.self), trace: momentum > 0 ? chain.index(of: Trace.self) : nil,
            learningRate: chain.index(of: ScaleByLearningRate.self), lr: lr, alpha: alpha, eps: eps, weightDecay: weightDecay,
            momentum: momentum, centered: centered, maximize: maximize, decayMask: decayMask))
    }
}
