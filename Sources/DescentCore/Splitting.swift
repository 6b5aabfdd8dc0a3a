/// Splitting a tensor into pieces along an axis, and stacking tensors on a new axis
/// (the inverse of splitting into pieces of extent 1 and squeezing).
extension Tensor {
    /// `count` pieces of equal extent along `axis` (as PyTorch's `chunk` for divisible extents).
    public func split(alongAxis axis: Int, count: Int) -> [Tensor] {
        let a = normalizedAxis(axis)
        precondition(count > 0 && shape[a] % count == 0, "axis \(a) of shape \(shape) does not split into \(count) equal pieces")
        return split(alongAxis: a, sizes: [Int](repeating: shape[a] / count, count: count))
    }

    /// Consecutive pieces along `axis` with the given extents, which must add up to the axis's (as PyTorch's `split`).
    public func split(alongAxis axis: Int, sizes: [Int]) -> [Tensor] {
        let a = normalizedAxis(axis)
        precondition(sizes.allSatisfy { $0 >= 0 } && sizes.reduce(0, +) == shape[a],
                     "sizes \(sizes) do not add up to axis \(a) of shape \(shape)")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(alongAxis: a, start..<(start + size))
        }
    }

    /// Joins tensors of equal shape along a new axis at `axis`.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        precondition(!tensors.isEmpty, "nothing to stack")
        precondition(tensors.allSatisfy { $0.shape == tensors[0].shape }, "cannot stack tensors of different shapes \(tensors.map(\.shape))")
        return concatenate(tensors.map { $0.unsqueezed(at: axis) }, alongAxis: axis)
    }
}
