/// Scales all updates down together when their global L2 norm exceeds `maxNorm` (Optax's
/// `clip_by_global_norm`, PyTorch's `clip_grad_norm_`): u ← u · maxNorm / max(‖u‖, maxNorm).
public struct ClipByGlobalNorm: GradientTransformation {
    public var maxNorm: Float

    public init(_ maxNorm: Float) {
        precondition(maxNorm > 0, "the maximum norm must be positive")
        self.maxNorm = maxNorm
    }

    public var name: String { "clip_by_global_norm" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    /// The L2 norm of all elements, accumulated in double precision.
    static func globalNorm(_ values: [Float]) -> Float {
        var total: Double = 0
        values.withUnsafeBufferPointer { x in
            var acc = SIMD8<Double>()
            var i = 0
            while i + 8 <= x.count {
                var lane = SIMD8<Double>()
                for k in 0..<8 { lane[k] = Double(x[i + k]) }
                acc += lane * lane
                i += 8
            }
            total = acc.sum()
            while i < x.count {
                total += Double(x[i]) * Double(x[i])
                i += 1
            }
        }
        return Float(total.squareRoot())
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let norm = ClipByGlobalNorm.globalNorm(updates.storage)
        guard norm > maxNorm, norm.isFinite else { return }
        let scale = maxNorm / norm
        let n = updates.scalarCount
        updates.withMutablePointer { u in
            arenaKernel(count: n, [u]) { range, b in for i in range { b[0][i] *= scale } }
        }
    }
}
