/// `torch.lerp(start, end, weight)` as PyTorch's CPU kernel rounds it: start + w·(end − start)
/// for |w| < 0.5, end − (end − start)·(1 − w) otherwise.
@inline(__always)
func torchLerp(_ start: Float, _ end: Float, _ weight: Float) -> Float {
    abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight)
}

/// Adam's two moments at element `i` as PyTorch updates them, m ← lerp(m, g, 1 − β₁) and
/// v ← β₂v + (1 − β₂)g² (`w1` = 1 − β₁, `w2` = 1 − β₂), stored and returned.
@inline(__always)
func torchAdamMoments(_ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>, _ i: Int, _ g: Float,
                      w1: Float, beta2: Float, w2: Float) -> (m: Float, v: Float) {
    let mi = torchLerp(m[i], g, w1)
    let vi = beta2 * v[i] + w2 * g * g
    m[i] = mi
    v[i] = vi
    return (mi, vi)
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
