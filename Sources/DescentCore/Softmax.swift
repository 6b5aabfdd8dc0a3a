import CDescentKernels

/// Softmax and log-softmax along an axis, stable for large inputs (the maximum is
/// subtracted first), with gradients.
extension Tensor {
    /// exp(x) / Σ exp(x) along `axis`.
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        let a = normalizedAxis(axis)
        let result = detached.logSoftmaxValues(alongAxis: a).exp()
        return Tensor.record(result, input: self) { g in
            // dx = y * (g - Σ g y)
            let gy = g * result
            return gy - result * gy.summed(alongAxis: a, keepingDims: true)
        }
    }

    /// x - log Σ exp(x) along `axis`.
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        let a = normalizedAxis(axis)
        let result = detached.logSoftmaxValues(alongAxis: a)
        return Tensor.record(result, input: self) { g in
            // dx = g - softmax * Σ g
            g - result.exp() * g.summed(alongAxis: a, keepingDims: true)
        }
    }

    /// log Σ exp(x) along `axis`, stable.
    public func logSumExp(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        let a = normalizedAxis(axis)
        // An infinite maximum would give inf - inf = NaN; shifting by 0 there keeps ±inf.
        let m = detached.max(alongAxis: a, keepingDims: true).mapped { $0.isFinite ? $0 : 0 }
        let lse = ((self - m).exp().summed(alongAxis: a, keepingDims: true).log() + m)
        return keepingDims ? lse : lse.reshaped(to: shape.enumerated().filter { $0.offset != a }.map(\.element))
    }

    /// Untracked log-softmax values.
    func logSoftmaxValues(alongAxis a: Int) -> Tensor {
        let (outer, n, inner) = split(at: a)
        return scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: shape) { out in
                let xp = x.baseAddress!, op = out.baseAddress!
                parallelChunks(outer * inner, grain: Swift.max(1, (1 << 14) / Swift.max(n, 1))) { range in
                    if inner == 1 {
                        descent_log_softmax_rows(xp + range.lowerBound &* n, op + range.lowerBound &* n, range.count, n)
                        return
                    }
                    for r in range {
                        let o = r / inner, i = r % inner
                        let base = o &* n &* inner &+ i
                        var m = -Float.infinity
                        for k in 0..<n { m = Swift.max(m, xp[base &+ k &* inner]) }
                        if m == -.infinity { m = 0 }
                        var s: Float = 0
                        for k in 0..<n { s += Math.exp(xp[base &+ k &* inner] - m) }
                        // (x - m) - log s, not x - (m + log s): the latter rounds log s to the
                        // precision of m (a log-probability off by 3e-5 at |m| = 1000).
                        let logSum = Math.log(s)
                        for k in 0..<n { op[base &+ k &* inner] = (xp[base &+ k &* inner] - m) - logSum }
                    }
                }
            }
        }
    }
}
