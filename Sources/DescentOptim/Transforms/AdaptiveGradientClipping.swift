import Foundation

/// Adaptive gradient clipping (Brock et al. 2021, NFNets; Optax's `adaptive_grad_clip`):
/// each unit's gradient g is scaled to at most `clipping`·max(‖p‖, eps), unit by unit:
/// g ← g · max(‖p‖, eps)·clipping / max(‖g‖, 1e-6) where ‖g‖ ≥ that bound.
///
/// A unit is one output unit of a weight. Optax assumes Flax's layout (`[in, out]`,
/// convolutions `[h, w, in, out]`) and sums over axis 0 for rank 2 and 3, over all but
/// the last axis for rank 4 and 5, and over everything for tensors that are vectors once
/// squeezed: that is `unitAxis: .last`. PyTorch lays weights out `[out, in, ...]`, so the
/// default `.first` applies Optax's rule to the tensor with its first axis moved last
/// (a `[out, in]` matrix: one unit per row, as timm's `adaptive_clip_grad`).
public struct AdaptiveGradientClipping: GradientTransformation {
    /// Which axis indexes the output units of a weight.
    public enum UnitAxis: String, Sendable { case first, last }

    public var clipping: Float
    public var eps: Float
    public var unitAxis: UnitAxis

    public init(_ clipping: Float, eps: Float = 1e-3, unitAxis: UnitAxis = .first) {
        precondition(clipping > 0, "the clipping factor must be positive")
        self.clipping = clipping
        self.eps = eps
        self.unitAxis = unitAxis
    }

    public var name: String { "adaptive_grad_clip" }

    public func initialState(for parameters: ParameterSet) -> TransformationState { TransformationState() }

    /// The axes summed over to get one unit's norm, for a tensor of this shape.
    public func reducedAxes(_ shape: [Int]) -> Set<Int> {
        let rank = shape.count
        let all = Set(0..<rank)
        if shape.filter({ $0 != 1 }).count <= 1 { return all }
        // Optax's rule on the [.., in, out] layout.
        let optax: [Int]
        switch rank {
        case 2, 3: optax = [0]
        case 4: optax = [0, 1, 2]
        case 5: optax = [0, 1, 2, 3]
        default: optax = Array(0..<(rank - 1))
        }
        guard unitAxis == .first else { return Set(optax) }
        // Axis k of the tensor with its first axis moved last is axis k + 1 here (the last is 0).
        return Set(optax.map { $0 == rank - 1 ? 0 : $0 + 1 })
    }

    /// For each element of a tensor of this shape, the index of its unit; and the unit count.
    func unitIndices(_ shape: [Int]) -> (indices: [Int], units: Int) {
        let reduced = reducedAxes(shape)
        var strides = [Int](repeating: 0, count: shape.count)
        var units = 1
        for axis in shape.indices.reversed() where !reduced.contains(axis) {
            strides[axis] = units
            units *= shape[axis]
        }
        let count = shape.reduce(1, *)
        var indices = [Int](repeating: 0, count: count)
        var position = [Int](repeating: 0, count: shape.count)
        var unit = 0
        for i in 0..<count {
            indices[i] = unit
            // Advance the odometer, updating the unit index incrementally.
            var axis = shape.count - 1
            while axis >= 0 {
                position[axis] += 1
                unit += strides[axis]
                if position[axis] < shape[axis] { break }
                unit -= strides[axis] * position[axis]
                position[axis] = 0
                axis -= 1
            }
        }
        return (indices, units)
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let (clipping, eps) = (clipping, eps)
        parameters.storage.withUnsafeBufferPointer { p in
            updates.storage.withUnsafeMutableBufferPointer { g in
                for entry in parameters.entries where entry.count > 0 {
                    let (unitOf, units) = unitIndices(entry.shape)
                    var gSquares = [Double](repeating: 0, count: units), pSquares = gSquares
                    for k in 0..<entry.count {
                        let i = entry.offset &+ k, u = unitOf[k]
                        gSquares[u] += Double(g[i]) * Double(g[i])
                        pSquares[u] += Double(p[i]) * Double(p[i])
                    }
                    let scales = (0..<units).map { u -> Float in
                        let gNorm = Float(gSquares[u].squareRoot()), pNorm = Float(pSquares[u].squareRoot())
                        let maxNorm = Swift.max(pNorm, eps) * clipping
                        return gNorm < maxNorm ? 1 : maxNorm / Swift.max(gNorm, 1e-6)
                    }
                    for k in 0..<entry.count { g[entry.offset &+ k] *= scales[unitOf[k]] }
                }
            }
        }
    }
}
