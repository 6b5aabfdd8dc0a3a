/// x · Wᵀ + b, PyTorch's `F.linear`, with gradients: `x` is [..., in], `weight` [out, in],
/// `bias` [out] or nil; the result is [..., out]. With `residual` (the result's shape), the
/// result is residual + x · Wᵀ + b, a transformer block's skip connection in the same pass.
///
/// The output starts as the bias (plus the residual), row by row, and sgemm adds the product
/// to it (beta 1), so there is no separate broadcast sum, residual add or zeroing pass.
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, adding residual: Tensor? = nil) -> Tensor {
    precondition(weight.rank == 2 && x.rank >= 1 && x.shape.last == weight.shape[1],
                 "linear: input \(x.shape) does not match weight \(weight.shape)")
    let (outputs, inputs) = (weight.shape[0], weight.shape[1])
    precondition(bias.map { $0.shape == [outputs] } ?? true, "linear: bias \(bias!.shape) does not match \(outputs) outputs")
    let shape = Array(x.shape.dropLast()) + [outputs]
    precondition(residual.map { $0.shape == shape } ?? true, "linear: residual \(residual!.shape) is not the output's \(shape)")
    let rows = x.count / Swift.max(inputs, 1)
    guard let bias, rows > 0, inputs > 0, outputs > 0 else {  // empty shapes: the plain ops handle them
        let product = matmul(x, weight, transposeB: true)
        let biased = bias.map { product + $0 } ?? product
        return residual.map { $0 + biased } ?? biased
    }
    let result = x.scalars.withUnsafeBufferPointer { xp in
        weight.scalars.withUnsafeBufferPointer { wp in
            bias.scalars.withUnsafeBufferPointer { bp in
                (residual?.scalars ?? []).withUnsafeBufferPointer { rp in
                    Tensor.build(shape: shape) { out in
                        InferenceKernels.linear(xp.baseAddress!, rows: rows, inputs: inputs, weight: wp.baseAddress!,
                                                bias: bp.baseAddress!, outputs: outputs,
                                                adding: residual == nil ? nil : rp.baseAddress!, into: out.baseAddress!)
                    }
                }
            }
        }
    }
    return Tensor.record(result, inputs: [x, weight, bias] + (residual.map { [$0] } ?? [])) { g, needed in
        let g2 = g.reshaped(to: [rows, outputs])
        let (dx, dw, db) = Tensor.linearGradients(g2, weight: weight.detached, input: x.detached.reshaped(to: [rows, inputs]),
                                                  inputGradient: needed[0], weightGradient: needed[1], biasGradient: needed[2])
        return [dx?.reshaped(to: x.shape), dw, db] + (residual == nil ? [] : [needed[3] ? g : nil])
    }
}
