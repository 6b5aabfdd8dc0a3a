/// `torch.lerp(start, end, weight)` as PyTorch's CPU kernel rounds it: start + w·(end − start)
/// for |w| < 0.5, end − (end − start)·(1 − w) otherwise.
@inline(__always)
func torchLerp(_ start: Float, _ end: Float, _ weight: Float) -> Float {
    abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight)
}

/// −1, 0 or +1 (`torch.sign`: zero stays zero).
@inline(__always)
func torchSign(_ x: Float) -> Float {
    x > 0 ? 1 : (x < 0 ? -1 : 0)
}

/// The squared L2 norm of `count` floats from `x`, accumulated in double precision.
func squaredNorm(_ x: UnsafePointer<Float>, count: Int) -> Double {
    var lanes = SIMD8<Double>()
    var i = 0
    while i &+ 8 <= count {
        var lane = SIMD8<Double>()
        for k in 0..<8 { lane[k] = Double(x[i &+ k]) }
        lanes += lane * lane
        i &+= 8
    }
    var total = lanes.sum()
    while i < count {
        total += Double(x[i]) * Double(x[i])
        i &+= 1
    }
    return total
}
