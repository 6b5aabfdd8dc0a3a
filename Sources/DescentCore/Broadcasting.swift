/// NumPy broadcasting: shapes are aligned on the right; an axis of extent 1 stretches.
enum Broadcasting {
    /// The broadcast shape of `a` and `b`, or nil when they are incompatible.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if x == y || y == 1 { result[i] = x } else if x == 1 { result[i] = y } else { return nil }
        }
        return result
    }

    /// A broadcast loop reduced to its simplest form: runs of axes that broadcast the same
    /// way are merged, so the innermost loop is as long as possible.
    struct Plan {
        /// Outer extents (all but the innermost run) with each operand's strides.
        var outer: [Int] = []
        var outerStridesA: [Int] = []
        var outerStridesB: [Int] = []
        /// Innermost extent and each operand's stride there (0 or 1).
        var inner = 1
        var innerStrideA = 1
        var innerStrideB = 1

        init(_ a: [Int], _ b: [Int], out: [Int]) {
            let rank = out.count
            let pa = [Int](repeating: 1, count: rank - a.count) + a
            let pb = [Int](repeating: 1, count: rank - b.count) + b
            // (extent, a broadcasts, b broadcasts) per non-trivial axis, merged.
            var dims: [(extent: Int, ba: Bool, bb: Bool)] = []
            for i in 0..<rank where out[i] != 1 {
                let ba = pa[i] == 1, bb = pb[i] == 1
                if let last = dims.last, last.ba == ba, last.bb == bb {
                    dims[dims.count - 1].extent *= out[i]
                } else {
                    dims.append((out[i], ba, bb))
                }
            }
            guard let last = dims.popLast() else { return }
            inner = last.extent
            innerStrideA = last.ba ? 0 : 1
            innerStrideB = last.bb ? 0 : 1
            // Strides of each remaining axis in the operands' own (merged) layouts.
            var strideA = last.ba ? 1 : last.extent
            var strideB = last.bb ? 1 : last.extent
            for dim in dims.reversed() {
                outer.insert(dim.extent, at: 0)
                outerStridesA.insert(dim.ba ? 0 : strideA, at: 0)
                outerStridesB.insert(dim.bb ? 0 : strideB, at: 0)
                if !dim.ba { strideA *= dim.extent }
                if !dim.bb { strideB *= dim.extent }
            }
        }

        var rows: Int { outer.reduce(1, *) }

        /// The operands' offsets for outer row `row`.
        @inline(__always)
        func offsets(ofRow row: Int) -> (Int, Int) {
            var r = row, oa = 0, ob = 0
            for axis in stride(from: outer.count - 1, through: 0, by: -1) {
                let extent = outer[axis]
                let index = r % extent
                r /= extent
                oa &+= index &* outerStridesA[axis]
                ob &+= index &* outerStridesB[axis]
            }
            return (oa, ob)
        }
    }
}

extension Tensor {
    /// Combines `self` and `other` elementwise with broadcasting (untracked).
    @inline(__always)
    func broadcasting(_ other: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
        if shape == other.shape { return zipped(other, op) }
        guard let out = Broadcasting.shape(shape, other.shape) else {
            preconditionFailure("shapes \(shape) and \(other.shape) cannot be broadcast together")
        }
        let plan = Broadcasting.Plan(shape, other.shape, out: out)
        let inner = plan.inner, sa = plan.innerStrideA, sb = plan.innerStrideB
        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                Tensor.build(shape: out) { result in
                    let ap = a.baseAddress!, bp = b.baseAddress!, rp = result.baseAddress!
                    // On the calling thread, so that `op` is inlined (see `mapped`).
                    for row in 0..<plan.rows {
                        let (oa, ob) = plan.offsets(ofRow: row)
                        let x = ap + oa, y = bp + ob, z = rp + row &* inner
                        if sa == 1 && sb == 1 {
                            for i in 0..<inner { z[i] = op(x[i], y[i]) }
                        } else if sa == 1 {
                            let yv = y[0]
                            for i in 0..<inner { z[i] = op(x[i], yv) }
                        } else if sb == 1 {
                            let xv = x[0]
                            for i in 0..<inner { z[i] = op(xv, y[i]) }
                        } else {
                            let v = op(x[0], y[0])
                            for i in 0..<inner { z[i] = v }
                        }
                    }
                }
            }
        }
    }

    /// Sums a broadcast gradient back down to `target` (the shape before broadcasting).
    func unbroadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        let extra = rank - target.count
        var axes = Array(0..<extra)
        for (i, extent) in target.enumerated() where extent == 1 && shape[extra + i] != 1 {
            axes.append(extra + i)
        }
        return summed(alongAxes: axes, keepingDims: false).reshaped(to: target)
    }
}
