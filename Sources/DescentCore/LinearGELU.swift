import CDescentKernels

/// GELU(x · Wᵀ + b), a linear layer and the exact GELU as one operation, with gradients:
/// `x` is [..., in], `weight` [out, in], `bias` [out]; the result is [..., out].
///
/// The product runs on blocks of rows, each followed at once by the bias add and GELU while
/// its rows are in cache (no bias broadcast before the product, no separate activation pass);
/// that pass also keeps GELU's derivative, so the backward pass is a product by it, block by
/// block with the bias gradient summed on the way, and then a linear layer's two products.
/// The blocks do not depend on the thread count, nor do the results. Equal to
/// `linear(x, weight: weight, bias: bias).gelu()` up to rounding.
public func linearGELU(_ x: Tensor, weight: Tensor, bias: Tensor) -> Tensor {
    precondition(weight.rank == 2 && x.rank >= 1 && x.shape.last == weight.shape[1],
                 "linearGELU: input \(x.shape) does not match weight \(weight.shape)")
    let (outputs, inputs) = (weight.shape[0], weight.shape[1])
    precondition(bias.shape == [outputs], "linearGELU: bias \(bias.shape) does not match \(outputs) outputs")
    let rows = x.count / Swift.max(inputs, 1)
    guard rows > 0, inputs > 0, outputs > 0 else { return linear(x, weight: weight, bias: bias).gelu() }
    let blocks = RowBlocks(rows: rows, width: outputs)
    let shape = Array(x.shape.dropLast()) + [outputs]
    var derivative = [Float]()
    let result = x.scalars.withUnsafeBufferPointer { xp in
        weight.scalars.withUnsafeBufferPointer { wp in
            bias.scalars.withUnsafeBufferPointer { bp in
                Tensor.build(shape: shape) { out in
                    derivative = [Float](unsafeUninitializedCapacity: rows * outputs) { d, initialized in
                        InferenceKernels.linearGELU(xp.baseAddress!, rows: rows, inputs: inputs, weight: wp.baseAddress!,
                                                    bias: bp.baseAddress!, outputs: outputs, into: out.baseAddress!,
                                                    derivative: d.baseAddress!)
                        initialized = rows * outputs
                    }
                }
            }
        }
    }
    let derivatives = derivative
    return Tensor.record(result, inputs: [x, weight, bias]) { g, needed in
        // dz = g · GELU'(z) block by block, with each block's bias-gradient partial sums; then
        // the two products as a linear layer's backward runs them.
        var dz = [Float](unsafeUninitializedCapacity: rows * outputs) { $1 = rows * outputs }  // every block written
        var partialBiasGradients = [Float](repeating: 0, count: blocks.count * outputs)
        g.scalars.withUnsafeBufferPointer { gp in
            derivatives.withUnsafeBufferPointer { zp in
                dz.withUnsafeMutableBufferPointer { dzp in
                    partialBiasGradients.withUnsafeMutableBufferPointer { pp in
                        let (gs, zs) = (UncheckedSendable(gp.baseAddress!), UncheckedSendable(zp.baseAddress!))
                        let (d, p) = (UncheckedSendable(dzp.baseAddress!), UncheckedSendable(pp.baseAddress!))
                        blocks.forEach { first, count in
                            let offset = first &* outputs
                            descent_scale_rows_summing_columns(gs.value + offset, zs.value + offset, d.value + offset,
                                                               p.value + blocks.index(of: first) &* outputs, count, outputs)
                        }
                    }
                }
            }
        }
        let dzTensor = Tensor(shape: [rows, outputs], scalars: dz)
        let (dx, dw, _) = Tensor.linearGradients(dzTensor, weight: weight.detached, input: x.detached.reshaped(to: [rows, inputs]),
                                              inputGradient: needed[0], weightGradient: needed[1])
        var biasGradient = [Float](repeating: 0, count: outputs)
        for block in 0..<blocks.count {
            for j in 0..<outputs { biasGradient[j] += partialBiasGradients[block &* outputs &+ j] }
        }
        return [dx?.reshaped(to: x.shape), dw, needed[2] ? Tensor(shape: [outputs], scalars: biasGradient) : nil]
    }
}

/// Fixed blocks of rows (about 256 KB of output each, a multiple of 16 rows), run over the
/// compute threads.
struct RowBlocks: Sendable {
    let rows: Int
    let size: Int

    init(rows: Int, width: Int) {
        self.rows = rows
        size = Swift.max(16, (1 << 16) / Swift.max(width, 1) / 16 * 16)
    }

    var count: Int { (rows + size - 1) / size }

    func index(of first: Int) -> Int { first / size }

    /// Calls `body(firstRow, rowCount)` for every block, blocks spread over the compute threads.
    func forEach(_ body: (Int, Int) -> Void) {
        dynamicChunks(count, grain: 1) { range in
            for block in range {
                let first = block * size
                body(first, Swift.min(size, rows - first))
            }
        }
    }
}
