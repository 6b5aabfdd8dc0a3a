/// Sums, means, maxima and arg-maxima over axes, with gradients.
extension Tensor {
    /// Views `shape` as [outer, extent of `axis`, inner].
    func split(at axis: Int) -> (outer: Int, extent: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Sum over one axis, keeping it with extent 1 (untracked).
    func sumKeepingAxis(_ axis: Int) -> Tensor {
        let (outer, n, inner) = split(at: axis)
        var outShape = shape
        outShape[axis] = 1
        return scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: outShape) { out in
                let xp = x.baseAddress!, op = out.baseAddress!
                if inner == 1 {
                    parallelChunks(outer, grain: Swift.max(1, (1 << 15) / Swift.max(n, 1))) { rows in
                        for o in rows { op[o] = Tensor.sum(xp + o &* n, n) }
                    }
                } else if outer == 1 {
                    // One block of rows (a bias gradient): split by columns, each summed in row order.
                    parallelChunks(inner, grain: Swift.max(16, (1 << 15) / Swift.max(n, 1))) { columns in
                        let dst = op + columns.lowerBound
                        dst.initialize(repeating: 0, count: columns.count)
                        for k in 0..<n {
                            let src = xp + (k &* inner &+ columns.lowerBound)
                            for i in 0..<columns.count { dst[i] += src[i] }
                        }
                    }
                } else {
                    parallelChunks(outer, grain: Swift.max(1, (1 << 15) / Swift.max(n &* inner, 1))) { rows in
                        for o in rows {
                            let dst = op + o &* inner
                            dst.initialize(repeating: 0, count: inner)
                            for k in 0..<n {
                                let src = xp + (o &* n &+ k) &* inner
                                for i in 0..<inner { dst[i] += src[i] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The sum of `count` contiguous floats, accumulated in SIMD lanes.
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, _ count: Int) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        while i &+ 16 <= count {
            acc += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
            i &+= 16
        }
        var total = acc.sum()
        while i < count {
            total += p[i]
            i &+= 1
        }
        return total
    }

    /// The sum over `axes` (all axes when empty), optionally keeping them with extent 1.
    public func summed(alongAxes axes: [Int] = [], keepingDims: Bool = false) -> Tensor {
        let chosen = axes.isEmpty ? Array(0..<rank) : Set(axes.map(normalizedAxis)).sorted()
        var result = self.detached
        if chosen.count == rank && !keepingDims {
            let total = scalars.withUnsafeBufferPointer { x -> Float in
                guard let base = x.baseAddress else { return 0 }
                return Tensor.sum(base, x.count)
            }
            result = Tensor(total)
        } else {
            for axis in chosen { result = result.sumKeepingAxis(axis) }
            if !keepingDims {
                result = result.reshaped(to: shape.enumerated().filter { !chosen.contains($0.offset) }.map(\.element))
            }
        }
        let inputShape = shape
        let keptShape = shape.enumerated().map { chosen.contains($0.offset) ? 1 : $0.element }
        return Tensor.record(result, input: self) { g in
            g.reshaped(to: keptShape).broadcasted(to: inputShape)
        }
    }

    /// The sum over one axis.
    public func summed(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        summed(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// The sum of all elements, as a scalar tensor.
    public func sum() -> Tensor { summed() }

    /// The mean over `axes` (all axes when empty).
    public func mean(alongAxes axes: [Int] = [], keepingDims: Bool = false) -> Tensor {
        let chosen = axes.isEmpty ? Array(0..<rank) : axes.map(normalizedAxis)
        let n = Set(chosen).reduce(1) { $0 * shape[$1] }
        return summed(alongAxes: axes, keepingDims: keepingDims) * (1 / Float(n))
    }

    /// The mean over one axis.
    public func mean(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        mean(alongAxes: [axis], keepingDims: keepingDims)
    }

    /// The maxima over `axis` and the index of the first maximum (untracked).
    func maxAndIndices(alongAxis axis: Int) -> (values: Tensor, indices: [Int]) {
        let (outer, n, inner) = split(at: axis)
        precondition(n > 0, "max over an empty axis")
        var outShape = shape
        outShape[axis] = 1
        var indices = [Int](repeating: 0, count: outer * inner)
        let values = scalars.withUnsafeBufferPointer { x in
            indices.withUnsafeMutableBufferPointer { idx in
                Tensor.build(shape: outShape) { out in
                    for o in 0..<outer {
                        for i in 0..<inner {
                            var best = x[o &* n &* inner &+ i], bestK = 0
                            for k in 1..<Swift.max(n, 1) {
                                let v = x[(o &* n &+ k) &* inner &+ i]
                                if v > best || (v.isNaN && !best.isNaN) { best = v; bestK = k }
                            }
                            out[o &* inner &+ i] = best
                            idx[o &* inner &+ i] = bestK
                        }
                    }
                }
            }
        }
        return (values, indices)
    }

    /// The maximum over `axis`; the gradient goes to the first maximal element, as
    /// PyTorch's `Swift.max(dim)`.
    public func max(alongAxis axis: Int, keepingDims: Bool = false) -> Tensor {
        let a = normalizedAxis(axis)
        let (values, indices) = detached.maxAndIndices(alongAxis: a)
        var outShape = shape
        if keepingDims { outShape[a] = 1 } else { outShape.remove(at: a) }
        let (outer, n, inner) = split(at: a)
        let inputShape = shape
        return Tensor.record(values.reshaped(to: outShape), input: self) { g in
            var grad = [Float](repeating: 0, count: outer * n * inner)
            for o in 0..<outer {
                for i in 0..<inner {
                    grad[(o * n + indices[o * inner + i]) * inner + i] = g.scalars[o * inner + i]
                }
            }
            return Tensor(shape: inputShape, scalars: grad)
        }
    }

    /// The largest element, as a scalar tensor.
    public func max() -> Tensor { reshaped(to: [count]).max(alongAxis: 0) }

    /// The index of the first maximum along `axis` (no gradient).
    public func argmax(alongAxis axis: Int) -> [Int] {
        detached.maxAndIndices(alongAxis: normalizedAxis(axis)).indices
    }
}
