/// Rescales each parameter tensor's update by a layer-wise trust ratio, as LARS (You et al.
/// 2017) and LAMB (You et al. 2020): for each parameter in `mask`,
/// r = η·w / (‖u‖ + λ·w + ε) with w = min(s·‖p‖, maxParameterNorm), then u ← (u + λp)·r.
///
/// The norms are per parameter tensor (the arena entries), never of the whole arena. r = 1
/// when w = 0, or when ‖u‖ = 0 and there is no decay term (pytorch-optimizer's guards).
/// LAMB: η = 1, λ = 0, ε = `eps`, `maxParameterNorm` 10 and `parameterScale` the decoupled
/// decay factor 1 − lr·λ (the reference measures the already decayed weights); LARS:
/// η = `trust_coefficient`, λ = `weight_decay` (added to the gradient inside the block, the
/// gradient's norm taken before), ε = 0, on matrices and higher-rank tensors only.
/// Optax's `scale_by_trust_ratio` is η = 1, λ = 0 with its own ε.
public struct ScaleByTrustRatio: GradientTransformation {
    public var trustCoefficient: Float
    public var eps: Float
    public var maxParameterNorm: Float
    public var weightDecay: Float
    public var parameterScale: Float
    public var mask: ParameterMask

    public init(trustCoefficient: Float = 1, eps: Float = 0, maxParameterNorm: Float = .infinity,
                weightDecay: Float = 0, parameterScale: Float = 1, mask: ParameterMask = .all) {
        self.trustCoefficient = trustCoefficient
        self.eps = eps
        self.maxParameterNorm = maxParameterNorm
        self.weightDecay = weightDecay
        self.parameterScale = parameterScale
        self.mask = mask
    }

    public var name: String { "scale_by_trust_ratio" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    /// The trust ratio of one parameter tensor, from its weight and update norms.
    func ratio(weightNorm: Float, updateNorm: Float) -> Float {
        let decayTerm = weightDecay * weightNorm
        guard weightNorm > 0, updateNorm > 0 || decayTerm > 0 else { return 1 }
        return trustCoefficient * weightNorm / (updateNorm + decayTerm + eps)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let wd = weightDecay
        parameters.storage.withUnsafeBufferPointer { p in
            updates.withMutablePointer { u in
                for entry in parameters.entries where mask.contains(entry) {
                    let (pp, up) = (p.baseAddress! + entry.offset, u + entry.offset)
                    let weightNorm = Swift.min(parameterScale * Float(squaredNorm(pp, count: entry.count).squareRoot()),
                                               maxParameterNorm)
                    let updateNorm = Float(squaredNorm(up, count: entry.count).squareRoot())
                    let r = ratio(weightNorm: weightNorm, updateNorm: updateNorm)
                    arenaKernel(count: entry.count, [up, UnsafeMutablePointer(mutating: pp)]) { range, b in
                        let (u, p) = (b[0], b[1])
                        for i in range { u[i] = (u[i] + wd * p[i]) * r }
                    }
                }
            }
        }
    }
}
