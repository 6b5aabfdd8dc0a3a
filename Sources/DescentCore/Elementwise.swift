/// Elementwise kernels: SIMD-friendly loops over unsafe buffers, split across cores when large.

extension Tensor {
    /// A new tensor of `shape` whose storage is filled by `body` (given the uninitialised buffer).
    @inline(__always)
    package static func build(
        shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void
    ) -> Tensor {
        let count = shape.reduce(1, *)
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// Applies a kernel `(input, output, count)` to contiguous chunks of the elements, on
    /// all compute threads when the tensor is large (untracked).
    @inline(__always)
    package func mappedChunks(_ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: shape) { out in
                let xp = x.baseAddress!, op0 = out.baseAddress!
                parallelChunks(x.count) { range in kernel(xp + range.lowerBound, op0 + range.lowerBound, range.count) }
            }
        }
    }

    /// Applies a kernel `(a, b, output, count)` to contiguous chunks of two same-shaped
    /// tensors, on all compute threads when they are large (untracked).
    @inline(__always)
    package func zippedChunks(
        _ other: Tensor, _ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    ) -> Tensor {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                Tensor.build(shape: shape) { out in
                    let ap = a.baseAddress!, bp = b.baseAddress!, op0 = out.baseAddress!
                    parallelChunks(a.count) { r in kernel(ap + r.lowerBound, bp + r.lowerBound, op0 + r.lowerBound, r.count) }
                }
            }
        }
    }

    /// The elementwise sum with `other` (same shape, untracked), on all compute threads when
    /// large: how the backward pass adds up a tensor's gradients.
    package func adding(_ other: Tensor) -> Tensor {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                Tensor.build(shape: shape) { out in
                    let ap = a.baseAddress!, bp = b.baseAddress!, op = out.baseAddress!
                    parallelChunks(a.count, grain: 1 << 15) { range in
                        for i in range { op[i] = ap[i] + bp[i] }
                    }
                }
            }
        }
    }

    // The closure-taking helpers below run on the calling thread. Inlined there, `op` is
    // inlined too and the loop vectorises (about 0.12 ns per element for a sum); handed to
    // worker threads, the loop is a separate function calling `op` through its context
    // once per element, which measured ten times slower on two threads than on one.
    // Kernels worth both cores are C functions (`mappedChunks`, `zippedChunks`).

    /// Applies `op` to every element (untracked).
    @inline(__always)
    package func mapped(_ op: (Float) -> Float) -> Tensor {
        scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: shape) { out in
                let xp = x.baseAddress!, op0 = out.baseAddress!
                for i in 0..<x.count { op0[i] = op(xp[i]) }
            }
        }
    }

    /// Combines two tensors of the same shape element by element (untracked).
    @inline(__always)
    package func zipped(_ other: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                Tensor.build(shape: shape) { out in
                    let ap = a.baseAddress!, bp = b.baseAddress!, op0 = out.baseAddress!
                    for i in 0..<a.count { op0[i] = op(ap[i], bp[i]) }
                }
            }
        }
    }

    /// Combines three tensors of the same shape element by element (untracked).
    @inline(__always)
    package func zipped(_ b: Tensor, _ c: Tensor, _ op: (Float, Float, Float) -> Float) -> Tensor {
        precondition(shape == b.shape && shape == c.shape, "shapes \(shape), \(b.shape), \(c.shape) differ")
        return scalars.withUnsafeBufferPointer { ab in
            b.scalars.withUnsafeBufferPointer { bb in
                c.scalars.withUnsafeBufferPointer { cb in
                    Tensor.build(shape: shape) { out in
                        let ap = ab.baseAddress!, bp = bb.baseAddress!, cp = cb.baseAddress!
                        let op0 = out.baseAddress!
                        for i in 0..<ab.count { op0[i] = op(ap[i], bp[i], cp[i]) }
                    }
                }
            }
        }
    }
}
