// Layer normalisation, as PyTorch's `layer_norm`: each row over the trailing
// `normalizedShape` axes is shifted to mean 0 and scaled to variance 1 (the biased
// variance), then scaled by `weight` and shifted by `bias`; fused forward and backward.

/// Normalises `x` over its trailing axes `normalizedShape` (default: the last axis), then
/// applies the elementwise affine `weight` and `bias` (each of shape `normalizedShape`).
public func layerNorm(
    _ x: Tensor, normalizedShape: [Int]? = nil, weight: Tensor? = nil, bias: Tensor? = nil, eps: Float = 1e-5
) -> Tensor {
    precondition(x.rank >= 1, "layerNorm needs at least one axis")
    let normalized = normalizedShape ?? [x.shape[x.rank - 1]]
    precondition(!normalized.isEmpty && normalized.count <= x.rank && Array(x.shape.suffix(normalized.count)) == normalized,
                 "layerNorm normalized shape \(normalized) is not the trailing shape of \(x.shape)")
    if let weight { precondition(weight.shape == normalized, "layerNorm weight must be \(normalized), got \(weight.shape)") }
    if let bias { precondition(bias.shape == normalized, "layerNorm bias must be \(normalized), got \(bias.shape)") }
    let width = normalized.reduce(1, *)
    let rows = width == 0 ? 0 : x.count / width
    let xs = x.scalars
    let scale = weight?.scalars ?? [Float](repeating: 1, count: width)
    let shift = bias?.scalars
    var means = [Float](repeating: 0, count: rows)
    var inverseDeviations = [Float](repeating: 0, count: rows)
    let result = xs.withUnsafeBufferPointer { xb in
        scale.withUnsafeBufferPointer { wb in
            means.withUnsafeMutableBufferPointer { mb in
                inverseDeviations.withUnsafeMutableBufferPointer { rb in
                    Tensor.build(shape: x.shape) { out in
                        let xp = xb.baseAddress!, wp = wb.baseAddress!, op = out.baseAddress!
                        let mp = mb.baseAddress!, rp = rb.baseAddress!
                        dynamicChunks(rows, grain: Swift.max(1, (1 << 14) / Swift.max(width, 1))) { range in
                            for r in range {
                                let row = xp + r &* width, y = op + r &* width
                                let mean = Tensor.sum(row, width) / Float(width)
                                let variance = LayerNormKernels.squaredDeviations(row, width, mean) / Float(width)
                                let rstd = 1 / (variance + eps).squareRoot()
                                mp[r] = mean
                                rp[r] = rstd
                                if let shift {
                                    for j in 0..<width { y[j] = (row[j] - mean) * rstd * wp[j] + shift[j] }
                                } else {
                                    for j in 0..<width { y[j] = (row[j] - mean) * rstd * wp[j] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    let inputs = [x] + (weight.map { [$0] } ?? []) + (bias.map { [$0] } ?? [])
    let weightSlot = weight == nil ? nil : 1
    let biasSlot = bias == nil ? nil : (weight == nil ? 1 : 2)
    let (mean, rstd, shape) = (means, inverseDeviations, x.shape)
    return Tensor.record(result, inputs: inputs) { g, needed in
        var gradients = [Tensor?](repeating: nil, count: needed.count)
        let gs = g.scalars
        if needed[0] {
            gradients[0] = Tensor(shape: shape, scalars: LayerNormKernels.inputGradient(
                gs, xs, scale, mean, rstd, rows: rows, width: width))
        }
        let wantWeight = weightSlot.map { needed[$0] } ?? false
        let wantBias = biasSlot.map { needed[$0] } ?? false
        if wantWeight || wantBias {
            let (dw, db) = LayerNormKernels.affineGradients(
                gs, xs, mean, rstd, rows: rows, width: width, weight: wantWeight, bias: wantBias)
            if let slot = weightSlot, let dw { gradients[slot] = Tensor(shape: normalized, scalars: dw) }
            if let slot = biasSlot, let db { gradients[slot] = Tensor(shape: normalized, scalars: db) }
        }
        return gradients
    }
}

/// The untracked loops of ``layerNorm(_:normalizedShape:weight:bias:eps:)``.
enum LayerNormKernels {
    /// Σ (p[i] - mean)², accumulated in SIMD lanes.
    @inline(__always)
    static func squaredDeviations(_ p: UnsafePointer<Float>, _ count: Int, _ mean: Float) -> Float {
        var acc = SIMD16<Float>()
        let m = SIMD16<Float>(repeating: mean)
        var i = 0
        while i &+ 16 <= count {
            let d = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self) - m
            acc += d * d
            i &+= 16
        }
        var total = acc.sum()
        while i < count {
            let d = p[i] - mean
            total += d * d
            i &+= 1
        }
        return total
    }

    /// (Σ g·w, Σ g·w·(x - mean)) over one row, accumulated in SIMD lanes.
    @inline(__always)
    static func rowSums(
        _ g: UnsafePointer<Float>, _ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int, _ mean: Float
    ) -> (Float, Float) {
        var a = SIMD16<Float>(), b = SIMD16<Float>()
        let m = SIMD16<Float>(repeating: mean)
        var i = 0
        while i &+ 16 <= count {
            let gw = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD16<Float>.self)
                * UnsafeRawPointer(w + i).loadUnaligned(as: SIMD16<Float>.self)
            let d = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self) - m
            a += gw
            b += gw * d
            i &+= 16
        }
        var sa = a.sum(), sb = b.sum()
        while i < count {
            let gw = g[i] * w[i]
            sa += gw
            sb += gw * (x[i] - mean)
            i &+= 1
        }
        return (sa, sb)
    }

    /// dx = rstd · (g·w - mean(g·w) - x̂ · mean(g·w·x̂)) per row, with x̂ = (x - mean) · rstd.
    static func inputGradient(
        _ g: [Float], _ x: [Float], _ w: [Float], _ mean: [Float], _ rstd: [Float], rows: Int, width: Int
    ) -> [Float] {
        [Float](unsafeUninitializedCapacity: x.count) { out, initialized in
            g.withUnsafeBufferPointer { gb in
                x.withUnsafeBufferPointer { xb in
                    w.withUnsafeBufferPointer { wb in
                        let gp = gb.baseAddress!, xp = xb.baseAddress!, wp = wb.baseAddress!, op = out.baseAddress!
                        let n = Float(width)
                        dynamicChunks(rows, grain: Swift.max(1, (1 << 14) / Swift.max(width, 1))) { range in
                            for r in range {
                                let gr = gp + r &* width, xr = xp + r &* width, dr = op + r &* width
                                let mu = mean[r], s = rstd[r]
                                let (sumGW, sumGWD) = rowSums(gr, wp, xr, width, mu)
                                let a = sumGW / n, b = sumGWD * s * s / n
                                for j in 0..<width { dr[j] = s * (gr[j] * wp[j] - a - (xr[j] - mu) * b) }
                            }
                        }
                    }
                }
            }
            initialized = x.count
        }
    }

    /// dweight = Σ_rows g·x̂ and dbias = Σ_rows g, each only when asked; split by columns.
    static func affineGradients(
        _ g: [Float], _ x: [Float], _ mean: [Float], _ rstd: [Float], rows: Int, width: Int,
        weight: Bool, bias: Bool
    ) -> ([Float]?, [Float]?) {
        var dw = [Float](repeating: 0, count: width), db = [Float](repeating: 0, count: width)
        g.withUnsafeBufferPointer { gb in
            x.withUnsafeBufferPointer { xb in
                dw.withUnsafeMutableBufferPointer { dwb in
                    db.withUnsafeMutableBufferPointer { dbb in
                        let gp = gb.baseAddress!, xp = xb.baseAddress!
                        let dwp = dwb.baseAddress!, dbp = dbb.baseAddress!
                        parallelChunks(width, grain: Swift.max(1, (1 << 15) / Swift.max(rows, 1))) { columns in
                            for r in 0..<rows {
                                let gr = gp + r &* width, xr = xp + r &* width
                                let mu = mean[r], s = rstd[r]
                                if weight {
                                    for j in columns { dwp[j] += gr[j] * (xr[j] - mu) * s }
                                }
                                if bias {
                                    for j in columns { dbp[j] += gr[j] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (weight ? dw : nil, bias ? db : nil)
    }
}
