/// The matrix product `op(a) · op(b)` through BLAS sgemm, with gradients.
///
/// Both operands have at least two axes; leading axes are batch axes and must agree, except
/// that a 2-D `b` is shared by every batch of `a` (as a linear layer's weight is).
/// `transposeA`/`transposeB` use the transpose of the last two axes without copying.
public func matmul(
    _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
) -> Tensor {
    precondition(a.rank >= 2 && b.rank >= 2, "matmul needs 2-D or batched operands, got \(a.shape) and \(b.shape)")
    // A shared 2-D right operand with a plain left operand: one large sgemm.
    if b.rank == 2 && a.rank > 2 && !transposeA {
        let k = a.shape[a.rank - 1]
        let product = matmul(a.reshaped(to: [-1, k]), b, transposeB: transposeB)
        return product.reshaped(to: Array(a.shape.dropLast()) + [product.shape[1]])
    }
    if b.rank == 2 && a.rank > 2 {
        return matmul(a, b.broadcasted(to: Array(a.shape.dropLast(2)) + b.shape),
                      transposeA: transposeA, transposeB: transposeB)
    }
    let result = Tensor.gemm(a.detached, transposeA, b.detached, transposeB)
    return Tensor.record(result, inputs: [a, b]) { g, needed in
        let (a, b) = (a.detached, b.detached)
        let da: Tensor?, db: Tensor?
        switch (transposeA, transposeB) {
        case (false, false):
            da = needed[0] ? Tensor.gemm(g, false, b, true) : nil
            db = needed[1] ? Tensor.gemm(a, true, g, false) : nil
        case (true, false):
            da = needed[0] ? Tensor.gemm(b, false, g, true) : nil
            db = needed[1] ? Tensor.gemm(a, false, g, false) : nil
        case (false, true):
            da = needed[0] ? Tensor.gemm(g, false, b, false) : nil
            db = needed[1] ? Tensor.gemm(g, true, a, false) : nil
        case (true, true):
            da = needed[0] ? Tensor.gemm(b, true, g, true) : nil
            db = needed[1] ? Tensor.gemm(g, true, a, true) : nil
        }
        return [da, db]
    }
}

extension Tensor {
    /// The matrix product with `other`.
    public func matmul(_ other: Tensor) -> Tensor { DescentCore.matmul(self, other) }

    /// The two products of a linear layer's backward pass, dX = G·W and dW = Gᵀ·X (equal in
    /// work): on two compute threads, one product each, whole; on one, one after the other; on
    /// more, one after the other, each split over the threads. Each product is the same call
    /// on one thread or two, so the bits do not depend on that choice.
    static func linearGradients(
        _ g: Tensor, weight: Tensor, input: Tensor, inputGradient: Bool, weightGradient: Bool
    ) -> (input: Tensor?, weight: Tensor?) {
        var dx: Tensor?, dw: Tensor?
        let whole = ComputeThreads.count <= 2
        let products: [() -> Void] = [
            { if inputGradient { dx = gemm(g, false, weight, false, split: !whole) } },
            { if weightGradient { dw = gemm(g, true, input, false, split: !whole) } },
        ]
        if ComputeThreads.count == 2 && inputGradient && weightGradient {
            withoutActuallyEscaping(products[0]) { first in
                withoutActuallyEscaping(products[1]) { second in
                    let both = UncheckedSendable([first, second])
                    SpinningThreadPool.shared.run(iterations: 2) { both.value[$0]() }
                }
            }
        } else {
            products.forEach { $0() }
        }
        return (dx, dw)
    }

    /// Untracked batched sgemm: `op(a) · op(b)` over equal batch axes.
    static func gemm(_ a: Tensor, _ transposeA: Bool, _ b: Tensor, _ transposeB: Bool, split: Bool = true) -> Tensor {
        let batchShape = Array(a.shape.dropLast(2))
        precondition(batchShape == Array(b.shape.dropLast(2)),
                      "matmul batch axes differ: \(a.shape) and \(b.shape)")
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (k2, n) = transposeB ? (bc, br) : (br, bc)
        precondition(k == k2, "matmul shapes \(a.shape)\(transposeA ? "ᵀ" : "") and \(b.shape)\(transposeB ? "ᵀ" : "") do not agree")
        let batches = batchShape.reduce(1, *)
        return a.scalars.withUnsafeBufferPointer { ap in
            b.scalars.withUnsafeBufferPointer { bp in
                Tensor.build(shape: batchShape + [m, n]) { out in
                    for batch in 0..<batches {
                        let c = out.baseAddress! + batch * m * n
                        sgemm(transposeA, transposeB, m, n, k,
                              ap.baseAddress! + batch * ar * ac, ac,
                              bp.baseAddress! + batch * br * bc, bc,
                              c, n, split: split)
                    }
                }
            }
        }
    }
}
