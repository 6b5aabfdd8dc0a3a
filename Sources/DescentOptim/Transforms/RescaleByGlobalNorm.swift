/// Multiplies all updates by min(1, maxNorm / (‖u‖ + ε)), ‖u‖ the L2 norm over the whole
/// arena: pytorch-optimizer's gradient pre-normalisation (`max_grad_norm` in LAMB and Adan).
///
/// Unlike ``ClipByGlobalNorm`` (PyTorch's `clip_grad_norm_`), ε sits in the denominator, so
/// gradients just under the limit are scaled by slightly less than 1. `maxNorm` 0 disables it.
public struct RescaleByGlobalNorm: GradientTransformation {
    public var maxNorm: Float
    public var eps: Float

    public init(maxNorm: Float, eps: Float) {
        self.maxNorm = maxNorm
        self.eps = eps
    }

    public var name: String { "rescale_by_global_norm" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        guard maxNorm > 0 else { return }
        let n = updates.scalarCount
        let norm = updates.storage.withUnsafeBufferPointer { Float(squaredNorm($0.baseAddress!, count: n).squareRoot()) }
        let scale = Swift.min(maxNorm / (norm + eps), 1)
        guard scale != 1 else { return }
        updates.withMutablePointer { u in
            arenaKernel(count: n, [u]) { range, b in
                let u = b[0]
                for i in range { u[i] *= scale }
            }
        }
    }
}
