import Foundation

/// Reshaping, permuting, slicing, joining and gathering, with gradients.
extension Tensor {
    /// The same elements in a new shape; one extent may be -1 to be inferred.
    public func reshaped(to newShape: [Int]) -> Tensor {
        var target = newShape
        if let hole = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            target[hole] = count / known
        }
        precondition(target.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        if target == shape { return self }
        var result = self
        result.shape = target
        result.tracker = nil
        let inputShape = shape
        return Tensor.record(result, input: self) { $0.reshaped(to: inputShape) }
    }

    /// The values repeated along axes of extent 1 (and new leading axes) to fill `target`.
    public func broadcasted(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(Broadcasting.shape(shape, target) == target, "cannot broadcast \(shape) to \(target)")
        let result = Tensor.zeros(target).broadcasting(self.detached) { _, x in x }
        let inputShape = shape
        return Tensor.record(result, input: self) { $0.unbroadcast(to: inputShape) }
    }

    /// The axes reordered: axis `i` of the result is axis `axes[i]` of this tensor.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "\(axes) is not a permutation of the axes of \(shape)")
        if axes == Array(0..<rank) { return self }
        let outShape = axes.map { shape[$0] }
        let inStrides = Tensor.strides(of: shape)
        let srcStrides = axes.map { inStrides[$0] }
        let result = scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: outShape) { out in
                Tensor.stridedCopy(from: x.baseAddress!, strides: srcStrides, shape: outShape, to: out.baseAddress!)
            }
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, a) in axes.enumerated() { inverse[a] = i }
        return Tensor.record(result, input: self) { $0.permuted(inverse) }
    }

    /// Copies a strided view into contiguous row-major `dst`.
    static func stridedCopy(
        from src: UnsafePointer<Float>, strides: [Int], shape: [Int], to dst: UnsafeMutablePointer<Float>
    ) {
        let rank = shape.count
        guard rank > 0 else { dst[0] = src[0]; return }
        let inner = shape[rank - 1], innerStride = strides[rank - 1]
        let rows = shape.dropLast().reduce(1, *)
        let outerShape = Array(shape.dropLast()), outerStrides = Array(strides.dropLast())
        parallelChunks(rows, grain: Swift.max(1, (1 << 15) / Swift.max(inner, 1))) { range in
            for row in range {
                var r = row, offset = 0
                for axis in stride(from: outerShape.count - 1, through: 0, by: -1) {
                    offset &+= (r % outerShape[axis]) &* outerStrides[axis]
                    r /= outerShape[axis]
                }
                let s = src + offset, d = dst + row &* inner
                if innerStride == 1 {
                    d.update(from: s, count: inner)
                } else {
                    for i in 0..<inner { d[i] = s[i &* innerStride] }
                }
            }
        }
    }

    /// The matrix transpose of a 2-D tensor, or the swap of the last two axes.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transpose needs at least 2 axes, got shape \(shape)")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// The elements with index in `range` along `axis`.
    public func slice(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
        let a = normalizedAxis(axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[a],
                     "slice \(range) out of bounds for axis \(a) of shape \(shape)")
        let (outer, n, inner) = split(at: a)
        var outShape = shape
        outShape[a] = range.count
        let width = range.count * inner
        let result = scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: outShape) { out in
                for o in 0..<outer {
                    (out.baseAddress! + o * width).update(
                        from: x.baseAddress! + (o * n + range.lowerBound) * inner, count: width)
                }
            }
        }
        let inputShape = shape
        return Tensor.record(result, input: self) { g in
            var grad = [Float](repeating: 0, count: outer * n * inner)
            g.scalars.withUnsafeBufferPointer { gp in
                grad.withUnsafeMutableBufferPointer { dp in
                    for o in 0..<outer {
                        (dp.baseAddress! + (o * n + range.lowerBound) * inner).update(
                            from: gp.baseAddress! + o * width, count: width)
                    }
                }
            }
            return Tensor(shape: inputShape, scalars: grad)
        }
    }

    /// Joins tensors along `axis`; all other extents must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "nothing to concatenate")
        let first = tensors[0]
        let a = first.normalizedAxis(axis)
        for t in tensors {
            var x = t.shape, y = first.shape
            precondition(x.count == y.count, "cannot concatenate shapes \(first.shape) and \(t.shape)")
            x[a] = 0; y[a] = 0
            precondition(x == y, "cannot concatenate shapes \(first.shape) and \(t.shape) along axis \(a)")
        }
        let outer = first.shape[..<a].reduce(1, *)
        let inner = first.shape[(a + 1)...].reduce(1, *)
        let extents = tensors.map { $0.shape[a] }
        let total = extents.reduce(0, +)
        var outShape = first.shape
        outShape[a] = total
        var scalars = [Float](repeating: 0, count: outer * total * inner)
        scalars.withUnsafeMutableBufferPointer { out in
            var start = 0
            for (t, n) in zip(tensors, extents) {
                t.scalars.withUnsafeBufferPointer { x in
                    for o in 0..<outer {
                        (out.baseAddress! + (o * total + start) * inner).update(
                            from: x.baseAddress! + o * n * inner, count: n * inner)
                    }
                }
                start += n
            }
        }
        let result = Tensor(shape: outShape, scalars: scalars)
        return record(result, inputs: tensors) { g, needed in
            var start = 0
            return extents.enumerated().map { i, n in
                defer { start += n }
                return needed[i] ? g.slice(alongAxis: a, start..<(start + n)) : nil
            }
        }
    }

    /// Rows of this tensor picked by `indices` along axis 0 (an embedding lookup when this
    /// is a [vocabulary, width] table); the result has shape `indexShape + shape[1...]`.
    public func gathering(rows indices: [Int], indexShape: [Int]? = nil) -> Tensor {
        precondition(rank >= 1, "gather needs at least one axis")
        let n = shape[0], width = shape[1...].reduce(1, *)
        for i in indices { precondition(i >= 0 && i < n, "index \(i) out of range 0..<\(n)") }
        let outShape = (indexShape ?? [indices.count]) + shape[1...]
        precondition(outShape.reduce(1, *) == indices.count * width, "index shape does not match \(indices.count) indices")
        let result = scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: outShape) { out in
                for (r, i) in indices.enumerated() {
                    (out.baseAddress! + r * width).update(from: x.baseAddress! + i * width, count: width)
                }
            }
        }
        let inputShape = shape
        return Tensor.record(result, input: self) { g in
            var grad = [Float](repeating: 0, count: n * width)
            g.scalars.withUnsafeBufferPointer { gp in
                grad.withUnsafeMutableBufferPointer { dp in
                    for (r, i) in indices.enumerated() {
                        let d = dp.baseAddress! + i * width, s = gp.baseAddress! + r * width
                        for k in 0..<width { d[k] += s[k] }
                    }
                }
            }
            return Tensor(shape: inputShape, scalars: grad)
        }
    }
}
