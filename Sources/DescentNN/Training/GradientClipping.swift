import DescentCore

/// Gradient clipping before the optimizer, as PyTorch's `clip_grad_norm_` (global L2 norm)
/// and `clip_grad_value_` (elementwise).
///
/// Saved in a run's configuration as `{"max_norm": X}` or `{"clip_value": X}`, PyTorch's argument names.
public enum GradientClipping: Sendable, Hashable, Codable {
    /// Scales all gradients by min(1, maxNorm / (‖g‖ + 1e-6)), ‖g‖ over every element.
    case norm(Float)
    /// Clamps every element to [−maxValue, maxValue].
    case value(Float)

    private enum CodingKeys: String, CodingKey { case maxNorm = "max_norm", clipValue = "clip_value" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let x = try c.decodeIfPresent(Float.self, forKey: .maxNorm) {
            self = .norm(x)
        } else {
            self = .value(try c.decode(Float.self, forKey: .clipValue))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .norm(let x): try c.encode(x, forKey: .maxNorm)
        case .value(let x): try c.encode(x, forKey: .clipValue)
        }
    }

    /// The global L2 norm of `gradients` (NaN or infinity when an element is).
    public static func globalNorm(_ gradients: ParameterSet) -> Float {
        let total = gradients.storage.withUnsafeBufferPointer { g -> Double in
            let base = UncheckedSendable(g.baseAddress!)
            // Float32 lanes within a block of 16,384 (as PyTorch's float32 norm), Double across blocks.
            let partial = parallelBlocks(gradients.scalarCount, zero: 0.0) { range -> Double in
                let p = base.value
                var a = SIMD16<Float>(), b = SIMD16<Float>(), i = range.lowerBound
                while i + 32 <= range.upperBound {
                    let x = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
                    let y = UnsafeRawPointer(p + i + 16).loadUnaligned(as: SIMD16<Float>.self)
                    a += x * x  // not addProduct: without FMA in the baseline target it calls fmaf per lane
                    b += y * y
                    i += 32
                }
                var tail = Double((a + b).sum())
                while i < range.upperBound { tail += Double(p[i]) * Double(p[i]); i += 1 }
                return tail
            }
            return partial.reduce(0, +)
        }
        return Float(total.squareRoot())
    }

    /// Applies the clipping: elementwise clipping changes `gradients` in place; norm clipping
    /// returns the factor to multiply them by (1 when the norm is within bounds), which the
    /// optimizer folds into its own pass. A non-finite norm gives NaN, as PyTorch's does.
    public func apply(to gradients: inout ParameterSet) -> Float {
        switch self {
        case .norm(let maxNorm):
            let norm = GradientClipping.globalNorm(gradients)
            guard norm.isFinite else { return .nan }
            return min(1, maxNorm / (norm + 1e-6))
        case .value(let bound):
            let n = gradients.scalarCount
            gradients.storage.withUnsafeMutableBufferPointer { g in
                let base = UncheckedSendable(g.baseAddress!)
                parallelChunks(n, grain: 1 << 16) { range in
                    let p = base.value
                    for i in range { p[i] = Swift.min(Swift.max(p[i], -bound), bound) }
                }
            }
            return 1
        }
    }
}
