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
    /// work), and with `biasGradient` G's column sums: on two compute threads, all cut into
    /// blocks (of rows of dX and dW, of columns of the sums) that the two threads claim as they
    /// free up; on one, one after the other, whole; on more, one after the other, each split
    /// over the threads. The two products run at different speeds (dW's depth is the batch,
    /// dX's the layer's width), so one product per thread, as before, left one thread waiting,
    /// and the sums were one more parallel region. A block of rows of C is the same sgemm as
    /// those rows of the whole product, and each column is summed in row order either way, so
    /// the bits do not depend on the thread count (tested).
    static func linearGradients(
        _ g: Tensor, weight: Tensor, input: Tensor, inputGradient: Bool, weightGradient: Bool, biasGradient: Bool = false
    ) -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        if ComputeThreads.count == 2 && inputGradient && weightGradient && g.rank == 2 && weight.rank == 2 && input.rank == 2 {
            // (One output's sum is a row sum, which sumKeepingAxis adds in SIMD lanes: not fused.)
            let fused = blockedLinearGradients(g, weight: weight, input: input, biasGradient: biasGradient && g.shape[1] > 1)
            return (fused.input, fused.weight, biasGradient && fused.bias == nil ? g.sumKeepingAxis(0).reshaped(to: [1]) : fused.bias)
        }
        let whole = ComputeThreads.count <= 2
        return (inputGradient ? gemm(g, false, weight, false, split: !whole) : nil,
                weightGradient ? gemm(g, true, input, false, split: !whole) : nil,
                biasGradient ? g.sumKeepingAxis(0).reshaped(to: [g.shape[g.rank - 1]]) : nil)
    }

    /// Columns of the bias gradient per block.
    static let biasGradientBlock = 64

    /// Rows per block of a product with `rows` rows of C on two threads: about an eighth of
    /// them, at least 128 (each block's sgemm packs the shared operand again: 64-row dW blocks
    /// made the MLP step 784-512-512-10 slower), a multiple of 16 (one AVX-512 strip of C per row).
    static func gradientBlock(rows: Int) -> Int { Swift.max(128, (rows / 8 + 15) / 16 * 16) }

    /// ``linearGradients(_:weight:input:inputGradient:weightGradient:biasGradient:)`` on two
    /// threads: dW's row blocks, the sums' column blocks and dX's row blocks, claimed one at a
    /// time, the larger product's blocks first.
    private static func blockedLinearGradients(
        _ g: Tensor, weight: Tensor, input: Tensor, biasGradient: Bool
    ) -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let (rows, outputs, inputs) = (g.shape[0], g.shape[1], weight.shape[1])
        precondition(weight.shape[0] == outputs && input.shape == [rows, inputs],
                     "linear gradients: \(g.shape), \(weight.shape) and \(input.shape) do not agree")
        let (weightGradientBlock, inputGradientBlock) = (gradientBlock(rows: outputs), gradientBlock(rows: rows))
        let dwBlocks = (outputs + weightGradientBlock - 1) / weightGradientBlock
        let dbBlocks = biasGradient ? (outputs + biasGradientBlock - 1) / biasGradientBlock : 0
        let dxBlocks = (rows + inputGradientBlock - 1) / inputGradientBlock
        // The larger blocks go first, so the last ones claimed even the threads out.
        let dxFirst = inputGradientBlock * outputs > weightGradientBlock * rows
        var dw = Tensor(shape: [0], scalars: []), db = [Float](repeating: 0, count: biasGradient ? outputs : 0)
        let dx = g.scalars.withUnsafeBufferPointer { gp in
            weight.scalars.withUnsafeBufferPointer { wp in
                input.scalars.withUnsafeBufferPointer { xp in
                    db.withUnsafeMutableBufferPointer { dbp in
                        Tensor.build(shape: [rows, inputs]) { dxp in
                            dw = Tensor.build(shape: [outputs, inputs]) { dwp in
                                let (gs, ws, xs) = (UncheckedSendable(gp.baseAddress!), UncheckedSendable(wp.baseAddress!),
                                                    UncheckedSendable(xp.baseAddress!))
                                let (dxs, dws, dbs) = (UncheckedSendable(dxp.baseAddress!), UncheckedSendable(dwp.baseAddress!),
                                                       UncheckedSendable(dbp.baseAddress))
                                dynamicTasks(dwBlocks + dbBlocks + dxBlocks) { claimed in
                                    // Tasks in the order dW, sums, dX, or with dX's blocks first.
                                    let task = !dxFirst ? claimed : claimed < dxBlocks ? claimed + dwBlocks + dbBlocks : claimed - dxBlocks
                                    if task < dwBlocks {  // dW[lo..<hi] = G[:, lo..<hi]ᵀ · X
                                        let lo = task * weightGradientBlock, hi = Swift.min(lo + weightGradientBlock, outputs)
                                        sgemm(true, false, hi - lo, inputs, rows, gs.value + lo, outputs, xs.value, inputs,
                                              dws.value + lo &* inputs, inputs, split: false)
                                    } else if task < dwBlocks + dbBlocks {  // db[lo..<hi] = Σ rows of G[:, lo..<hi], as sumKeepingAxis
                                        let lo = (task - dwBlocks) * biasGradientBlock, hi = Swift.min(lo + biasGradientBlock, outputs)
                                        let dst = dbs.value! + lo
                                        for r in 0..<rows {
                                            let src = gs.value + (r &* outputs &+ lo)
                                            for i in 0..<(hi - lo) { dst[i] += src[i] }
                                        }
                                    } else {  // dX[lo..<hi] = G[lo..<hi] · W
                                        let lo = (task - dwBlocks - dbBlocks) * inputGradientBlock
                                        let hi = Swift.min(lo + inputGradientBlock, rows)
                                        sgemm(false, false, hi - lo, inputs, outputs, gs.value + lo &* outputs, outputs, ws.value,
                                              inputs, dxs.value + lo &* inputs, inputs, split: false)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, biasGradient ? Tensor(shape: [outputs], scalars: db) : nil)
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

