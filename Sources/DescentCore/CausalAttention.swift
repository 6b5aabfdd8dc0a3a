import CDescentKernels
import Foundation  // logf

/// Causal multi-head attention straight from a fused `qkv` projection, in one pass per head.
///
/// `qkv` is [B, T, 3·W] as a `Linear(W, 3W)` writes it (queries, keys, values, each split
/// into `heads` heads of width d = W / heads); the result is [B, T, W], every head's output
/// in its columns, ready for the output projection. Per (sample, head) the scores
/// Q·Kᵀ/√d, the causal mask, the softmax and the product with V are computed together on
/// strided views of `qkv`, with no permuted copies. For the backward pass the softmax's
/// log-normaliser per row (B·H·T floats) is kept and, up to T = 128 (64 KB a head), the
/// probabilities; past that the backward recomputes them tile by tile instead of holding a
/// T×T matrix per head, as FlashAttention does.
public func causalAttention(_ qkv: Tensor, heads: Int) -> Tensor {
    causalAttention(qkv, heads: heads, tiled: nil)
}

/// ``causalAttention(_:heads:)`` on the tiled kernels (`true`, where the head width allows
/// them), on sgemm over whole tiles (`false`), or the faster of the two for the width (`nil`).
package func causalAttention(_ qkv: Tensor, heads: Int, tiled: Bool?) -> Tensor {
    precondition(qkv.rank == 3 && qkv.shape[2] % 3 == 0, "causalAttention expects [batch, time, 3·width], got \(qkv.shape)")
    let (batch, time, width) = (qkv.shape[0], qkv.shape[1], qkv.shape[2] / 3)
    precondition(heads > 0 && width % heads == 0, "width \(width) is not divisible by \(heads) heads")
    var geometry = AttentionGeometry(batch: batch, time: time, width: width, heads: heads)
    if let tiled { geometry.tiled = tiled && geometry.tiled }
    var logNormalizers = [Float](repeating: 0, count: batch * heads * time)
    let keep = geometry.tiled && time <= AttentionGeometry.longestKeptProbabilities && (qkv.tracker?.tape.isRecording ?? false)
    let kept = keep ? batch * heads * geometry.probabilityTile : 0
    var probabilities = [Float](unsafeUninitializedCapacity: kept) { $1 = kept }  // every tile written by the forward
    let input = qkv.scalars
    let output = input.withUnsafeBufferPointer { qp in
        logNormalizers.withUnsafeMutableBufferPointer { lp in
            probabilities.withUnsafeMutableBufferPointer { pp in
                Tensor.build(shape: [batch, time, width]) { out in
                    geometry.forward(qp.baseAddress!, out.baseAddress!, lp.baseAddress!, probabilities: keep ? pp.baseAddress! : nil)
                }
            }
        }
    }
    let saved = output.scalars, normalizers = logNormalizers, keptProbabilities = probabilities
    return Tensor.record(output, input: qkv) { g in
        input.withUnsafeBufferPointer { qp in
            g.scalars.withUnsafeBufferPointer { gp in
                saved.withUnsafeBufferPointer { op in
                    normalizers.withUnsafeBufferPointer { lp in
                        keptProbabilities.withUnsafeBufferPointer { pp in
                            Tensor.build(shape: [batch, time, 3 * width]) { dqkv in
                                geometry.backward(qp.baseAddress!, gp.baseAddress!, op.baseAddress!, lp.baseAddress!,
                                                  probabilities: keep ? pp.baseAddress! : nil, dqkv.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The strides of one attention call and its per-head kernels.
struct AttentionGeometry: Sendable {
    let batch: Int, time: Int, width: Int, heads: Int
    var headWidth: Int { width / heads }
    var scale: Float { 1 / Float(headWidth).squareRoot() }
    /// Rows of `qkv` are 3·W floats apart; rows of the output W.
    var qkvStride: Int { 3 * width }

    /// Offsets of head `h` of sample `b` in `qkv` (query; keys at +W, values at +2W) and in the output.
    func offsets(_ task: Int) -> (qkv: Int, out: Int, row: Int) {
        let b = task / heads, h = task % heads
        return (b * time * qkvStride + h * headWidth, b * time * width + h * headWidth, task * time)
    }

    /// Runs `body` on every (sample, head) with `floats` of scratch per thread.
    func perHead(floats: Int, _ body: (Int, UnsafeMutablePointer<Float>) -> Void) {
        dynamicChunks(batch * heads, grain: Swift.max(1, (1 << 16) / Swift.max(time * time * headWidth, 1))) { range in
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: floats)
            defer { scratch.deallocate() }
            for task in range { body(task, scratch) }
        }
    }

    /// Whether the register-tiled kernels of CDescentKernels' Attention.c take this head width;
    /// other widths go through sgemm on whole tiles.
    var tiled: Bool

    init(batch: Int, time: Int, width: Int, heads: Int) {
        (self.batch, self.time, self.width, self.heads) = (batch, time, width, heads)
        tiled = descent_attention_head_supported(width / heads) != 0
    }

    /// The longest sequence whose probabilities the tiled forward keeps for the backward pass.
    static let longestKeptProbabilities = 128

    /// Floats of one head's kept probabilities: T rows of T rounded up to 16.
    var probabilityTile: Int { time * ((time + 15) / 16 * 16) }

    /// `probabilities` (tiled kernels only): where to keep every head's P tile, or nil.
    func forward(_ qkv: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ lse: UnsafeMutablePointer<Float>,
                 probabilities: UnsafeMutablePointer<Float>? = nil) {
        let t = time, d = headWidth, ld = qkvStride
        if tiled {
            perHead(floats: descent_attention_scratch(t, d)) { task, scratch in
                let (q, o, row) = offsets(task)
                descent_attention_head_forward(qkv + q, qkv + q + width, qkv + q + 2 * width, ld, out + o, width,
                                               lse + row, probabilities.map { $0 + task * probabilityTile }, t, d, scale,
                                               scratch)
            }
            return
        }
        perHead(floats: time * time) { task, s in
            let (q, o, row) = offsets(task)
            // S = Q·Kᵀ
            Tensor.sgemm(false, true, t, t, d, qkv + q, ld, qkv + q + width, ld, s, t)
            for i in 0..<t {
                let r = s + i * t
                var top = -Float.infinity
                for j in 0...i { r[j] *= scale; top = Swift.max(top, r[j]) }
                for j in 0...i { r[j] -= top }
                descent_exp(r, r, i + 1)
                var total: Float = 0
                for j in 0...i { total += r[j] }
                let inverse = 1 / total
                for j in 0...i { r[j] *= inverse }
                for j in (i + 1)..<Swift.max(t, i + 1) { r[j] = 0 }
                lse[row + i] = top + logf(total)
            }
            // O = P·V
            Tensor.sgemm(false, false, t, d, t, s, t, qkv + q + 2 * width, ld, out + o, width)
        }
    }

    func backward(_ qkv: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ out: UnsafePointer<Float>,
                  _ lse: UnsafePointer<Float>, probabilities: UnsafePointer<Float>?, _ dqkv: UnsafeMutablePointer<Float>) {
        let t = time, d = headWidth, ld = qkvStride
        if tiled {
            perHead(floats: descent_attention_scratch(t, d)) { task, scratch in
                let (q, o, row) = offsets(task)
                descent_attention_head_backward(qkv + q, qkv + q + width, qkv + q + 2 * width, ld, g + o, out + o, width,
                                                lse + row, probabilities.map { $0 + task * probabilityTile },
                                                dqkv + q, dqkv + q + width, dqkv + q + 2 * width, t, d, scale, scratch)
            }
            return
        }
        perHead(floats: 2 * time * time) { task, scratch in
            let (q, o, row) = offsets(task)
            let p = scratch, dp = scratch + t * t
            // P recomputed from the saved log-normalisers.
            Tensor.sgemm(false, true, t, t, d, qkv + q, ld, qkv + q + width, ld, p, t)
            for i in 0..<t {
                let r = p + i * t, shift = lse[row + i]
                for j in 0...i { r[j] = r[j] * scale - shift }
                descent_exp(r, r, i + 1)
                for j in (i + 1)..<Swift.max(t, i + 1) { r[j] = 0 }
            }
            // dV = Pᵀ·dO
            Tensor.sgemm(true, false, t, d, t, p, t, g + o, width, dqkv + q + 2 * width, ld)
            // dP = dO·Vᵀ, then dS = P ∘ (dP − rowsum(dO ∘ O)), scaled by 1/√d.
            Tensor.sgemm(false, true, t, t, d, g + o, width, qkv + q + 2 * width, ld, dp, t)
            for i in 0..<t {
                let gi = g + o + i * width, oi = out + o + i * width
                var dot: Float = 0
                for c in 0..<d { dot += gi[c] * oi[c] }
                let pr = p + i * t, dr = dp + i * t
                for j in 0...i { dr[j] = pr[j] * (dr[j] - dot) * scale }
                for j in (i + 1)..<Swift.max(t, i + 1) { dr[j] = 0 }
            }
            // dQ = dS·K, dK = dSᵀ·Q
            Tensor.sgemm(false, false, t, d, t, dp, t, qkv + q + width, ld, dqkv + q, ld)
            Tensor.sgemm(true, false, t, d, t, dp, t, qkv + q, ld, dqkv + q + width, ld)
        }
    }
}
