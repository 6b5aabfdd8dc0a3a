// Inverted dropout, as PyTorch's `dropout` in training mode.

/// Zeroes each element of `x` with probability `p` and scales the kept ones by 1 / (1 - p),
/// so the expected value is unchanged; the mask is drawn from `generator` (one draw per
/// element, in row-major order), so the same generator state gives the same mask. `p = 0`
/// returns `x` and `p = 1` returns zeros, both without drawing.
public func dropout(_ x: Tensor, probability p: Float, generator: inout RandomGenerator) -> Tensor {
    precondition(p >= 0 && p <= 1, "dropout probability \(p) is not in [0, 1]")
    if p == 0 { return x }
    if p == 1 { return Tensor.record(Tensor.zeros(x.shape), input: x) { Tensor.zeros($0.shape) } }
    let keep = 1 / (1 - p)
    let mask = Tensor.build(shape: x.shape) { out in
        for i in 0..<out.count { out[i] = generator.uniform() >= p ? keep : 0 }
    }
    let result = x.detached.zipped(mask, *)
    return Tensor.record(result, input: x) { g in g.zipped(mask, *) }
}
