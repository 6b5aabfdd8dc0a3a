/// Masked fill, as PyTorch's `masked_fill`, and the causal mask of decoder attention.
extension Tensor {
    /// This tensor with `value` wherever `mask` (broadcast to this shape) is non-zero;
    /// the gradient is zero at the filled positions.
    public func maskedFill(_ mask: Tensor, value: Float) -> Tensor {
        precondition(Broadcasting.shape(shape, mask.shape) == shape,
                     "mask of shape \(mask.shape) does not broadcast to \(shape)")
        let m = mask.detached
        let result = detached.broadcasting(m) { x, masked in masked != 0 ? value : x }
        return Tensor.record(result, input: self) { g in g.broadcasting(m) { g, masked in masked != 0 ? 0 : g } }
    }

    /// A [length, length] mask that is 1 where the column is after the row (the future
    /// positions causal attention must not see) and 0 elsewhere.
    public static func causalMask(_ length: Int) -> Tensor {
        precondition(length >= 0, "negative mask length \(length)")
        return build(shape: [length, length]) { out in
            for row in 0..<length {
                for column in 0..<length { out[row &* length &+ column] = column > row ? 1 : 0 }
            }
        }
    }
}
