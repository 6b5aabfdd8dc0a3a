import CDescentKernels
import Foundation

/// Adafactor fused over the parameter arena, equal to
/// ``Chain/adafactor(lr:beta2Decay:eps1:eps2:d:weightDecay:maximize:)``
/// (`torch.optim.Adafactor`) up to float rounding; its state is that chain's
/// `scale_by_factored_rms` state (`row_var`, `col_var`, `variance`, `step`).
///
/// A matrix takes three passes, each split across the compute threads: the row and
/// column sums of g² (reductions), the norm of the update g/√v̂ (a reduction, since
/// Adafactor clips by it), and the step p ← p(1 − lr·λ) − α·û, which recomputes û
/// instead of storing it. Vectors use the unfactored path.
struct FusedAdafactor: FusedUpdate {
    let factored: Int, learningRate: Int
    let lr: Float, beta2Decay: Float, eps1: Float, eps2: Float, d: Float, weightDecay: Float
    let maximize: Bool
    let decayMask: ParameterMask

    func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float, state: inout TransformationState) {
        _ = state.children[learningRate].advance("count")
        let step = state.children[factored].advance("step") + 1
        let weight = Float(pow(Double(step), Double(beta2Decay)))
        let rho = Swift.min(Double(lr), 1 / Double(step).squareRoot())
        let (eps1, floor) = (eps1, Float(Double(eps1) * Double(eps1)))
        var moments = FactoredMoments(taking: &state.children[factored])
        var g = gradients
        let scale = maximize ? -gradientScale : gradientScale
        if scale != 1 { g.storage.withUnsafeMutableBufferPointer { x in for i in x.indices { x[i] *= scale } } }
        // Read-only from here: the gradients are not copied unless scaled above.
        let entries = parameters.entries
        let d = Double(d), eps2 = Double(eps2)
        parameters.withMutablePointer { pBase in
            g.withReadPointer { gBase in
                for entry in entries {
                    let decay = decayMask.contains(entry) ? 1 - lr * weightDecay : 1
                    let p = pBase + entry.offset, gp = gBase + entry.offset
                    let n = Double(entry.count)
                    let alpha = Swift.max(eps2, FusedAdafactor.norm(p, entry.count) / n.squareRoot()) * rho
                    if entry.shape.count >= 2 {
                        let (r, c) = (entry.shape[entry.shape.count - 2], entry.shape[entry.shape.count - 1])
                        let batches = entry.count / (r * c)
                        var inverseRowMeans = [Float](repeating: 0, count: batches)
                        for b in 0..<batches {
                            inverseRowMeans[b] = moments.blend(entry, batch: b, gradient: gp + b &* r &* c, rows: r, cols: c,
                                                               weight: weight, eps1: eps1)
                        }
                        var total: Double = 0
                        for b in 0..<batches {
                            total += moments.matrixPass(entry, batch: b, param: nil, gradient: gp + b &* r &* c, rows: r, cols: c,
                                                        inverseRowMean: inverseRowMeans[b], floor: floor, decay: 1, scale: 0)
                        }
                        let scale = Float(-alpha / Swift.max(1, total.squareRoot() / (n.squareRoot() * d)))
                        for b in 0..<batches {
                            _ = moments.matrixPass(entry, batch: b, param: p + b &* r &* c, gradient: gp + b &* r &* c, rows: r, cols: c,
                                                   inverseRowMean: inverseRowMeans[b], floor: floor, decay: decay, scale: scale)
                        }
                    } else {
                        var update = [Float](repeating: 0, count: entry.count)
                        moments.update(entry, gradient: gp, weight: weight, eps1: eps1) { i, gi, s in update[i] = gi * s }
                        let total = update.withUnsafeBufferPointer { FusedAdafactor.norm(UnsafeMutablePointer(mutating: $0.baseAddress!), entry.count) }
                        let scale = Float(-alpha / Swift.max(1, total / (n.squareRoot() * d)))
                        for i in 0..<entry.count { p[i] = p[i] * decay + scale * update[i] }
                    }
                }
            }
        }
        moments.put(into: &state.children[factored])
    }

    /// ‖x‖₂ of `count` floats in double precision, on all threads for large blocks.
    static func norm(_ x: UnsafeMutablePointer<Float>, _ count: Int) -> Double {
        let blocks = count >= 1 << 17 ? 8 : 1
        guard blocks > 1 else { return squaredNorm(x, count: count).squareRoot() }
        var partial = [Double](repeating: 0, count: blocks)
        let size = (count + blocks - 1) / blocks
        partial.withUnsafeMutableBufferPointer { out in
            let o = out.baseAddress!
            parallelChunks(blocks, grain: 1) { range in
                for t in range {
                    let start = t * size, end = Swift.min(count, start + size)
                    if start < end { let v = squaredNorm(x + start, count: end - start).squareRoot(); o[t] = v * v }
                }
            }
        }
        return partial.reduce(0, +).squareRoot()
    }
}

extension TransformationOptimizer {
    /// `torch.optim.Adafactor`; fused.
    public static func adafactor(lr: Float = 1e-2, beta2Decay: Float = -0.8, eps1: Float = Float.ulpOfOne, eps2: Float = 1e-3,
                                 d: Float = 1, weightDecay: Float = 0, maximize: Bool = false,
                                 decayMask: ParameterMask = .all) -> TransformationOptimizer {
        let chain = Chain.adafactor(lr: lr, beta2Decay: beta2Decay, eps1: eps1, eps2: eps2, d: d, weightDecay: weightDecay,
                                    maximize: maximize, decayMask: decayMask)
        return TransformationOptimizer(chain, name: "adafactor", fused: FusedAdafactor(
            factored: chain.index(of: ScaleByFactoredRMS.self), learningRate: chain.index(of: ScaleByLearningRate.self), lr: lr,
            beta2Decay: beta2Decay, eps1: eps1, eps2: eps2, d: d, weightDecay: weightDecay, maximize: maximize,
            decayMask: decayMask))
    }
}

extension FactoredMoments {
    /// Blends the row and column mean squares of one matrix of `entry` into the statistics
    /// (rows in parallel blocks) and returns 1 / max(mean(row_var), ε₁).
    mutating func blend(_ entry: ParameterSet.Entry, batch b: Int, gradient g: UnsafeMutablePointer<Float>, rows r: Int, cols c: Int,
                        weight: Float, eps1: Float) -> Float {
        let (rowOffset, colOffset) = offsets(entry)
        let blocks = r &* c >= 1 << 16 ? Swift.min(r, 8) : 1
        let size = (r + blocks - 1) / blocks
        var rowSq = [Float](repeating: 0, count: r)
        var colSq = [Float](repeating: 0, count: blocks &* c)
        rowSq.withUnsafeMutableBufferPointer { rs in
            colSq.withUnsafeMutableBufferPointer { cs in
                let (rp, cp) = (rs.baseAddress!, cs.baseAddress!)
                parallelChunks(blocks, grain: 1) { range in
                    for t in range {
                        let start = t * size, end = Swift.min(r, start + size)
                        if start < end { descent_adafactor_square_sums(g, start, end, c, rp, cp + t &* c) }
                    }
                }
            }
        }
        var inverse: Float = 0
        rows.withMutablePointer { rowBase in
            cols.withMutablePointer { colBase in
                let row = rowBase + rowOffset + b &* r, col = colBase + colOffset + b &* c
                for i in 0..<r {
                    let norm = rowSq[i].squareRoot()
                    row[i] = torchLerp(row[i], norm * norm / Float(c), weight)
                }
                for j in 0..<c {
                    var total: Float = 0
                    for t in 0..<blocks { total += colSq[t &* c &+ j] }
                    let norm = total.squareRoot()
                    col[j] = torchLerp(col[j], norm * norm / Float(r), weight)
                }
                var rowSum: Float = 0
                for i in 0..<r { rowSum += row[i] }
                inverse = 1 / Swift.max(rowSum / Float(r), eps1)
            }
        }
        return inverse
    }

    /// The sum of û² over one matrix (`param` nil), or the step p ← p·decay + scale·û.
    mutating func matrixPass(_ entry: ParameterSet.Entry, batch b: Int, param: UnsafeMutablePointer<Float>?,
                             gradient g: UnsafeMutablePointer<Float>, rows r: Int, cols c: Int, inverseRowMean: Float,
                             floor: Float, decay: Float, scale: Float) -> Double {
        let (rowOffset, colOffset) = offsets(entry)
        let blocks = r &* c >= 1 << 16 ? Swift.min(r, 8) : 1
        let size = (r + blocks - 1) / blocks
        var partial = [Double](repeating: 0, count: blocks)
        rows.withMutablePointer { rowBase in
            cols.withMutablePointer { colBase in
                let row = rowBase + rowOffset + b &* r, col = colBase + colOffset + b &* c
                partial.withUnsafeMutableBufferPointer { out in
                    let o = out.baseAddress!
                    parallelChunks(blocks, grain: 1) { range in
                        for t in range {
                            let start = t * size, end = Swift.min(r, start + size)
                            if start < end {
                                o[t] = descent_adafactor_matrix(param, g, row, col, start, end, c, inverseRowMean, floor, decay, scale)
                            }
                        }
                    }
                }
            }
        }
        return partial.reduce(0, +)
    }
}
