/// Adding and removing axes of extent 1, as PyTorch's `unsqueeze` and `squeeze`.
extension Tensor {
    /// The same elements with a new axis of extent 1 at `axis` (in `-(rank + 1)...rank`).
    public func unsqueezed(at axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        precondition(a >= 0 && a <= rank, "axis \(axis) out of range to unsqueeze shape \(shape)")
        var newShape = shape
        newShape.insert(1, at: a)
        return reshaped(to: newShape)
    }

    /// The same elements without axis `axis`, which must have extent 1.
    public func squeezed(at axis: Int) -> Tensor {
        let a = normalizedAxis(axis)
        precondition(rank > 0 && shape[a] == 1, "axis \(axis) of shape \(shape) does not have extent 1")
        var newShape = shape
        newShape.remove(at: a)
        return reshaped(to: newShape)
    }

    /// The same elements without any axis of extent 1.
    public func squeezed() -> Tensor { reshaped(to: shape.filter { $0 != 1 }) }
}
