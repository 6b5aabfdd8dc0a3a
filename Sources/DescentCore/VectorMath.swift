/// e^x on `SIMD16<Float>` for Swift loops (softmax rows): range reduction and a polynomial
/// in plain arithmetic, so the loop runs in SIMD registers instead of calling libm once
/// per element. Accuracy within a few float32 ulps (tested against libm). Whole-tensor
/// elementary functions are C kernels with the same algorithm (CDescentKernels'
/// ElementaryFunctions.h: exp, erf, tanh, sigmoid).
package enum VectorMath {
    package typealias V = SIMD16<Float>

    /// e^x (Cephes `expf`: x = n·ln 2 + r, |r| ≤ ln 2 / 2, degree-5 polynomial for e^r;
    /// 2^n applied as two factors so that results near the overflow limit and subnormal
    /// results come out as libm's do).
    @inline(__always)
    package static func exp(_ x: V) -> V {
        // Only operations the standard library maps to vector instructions for concrete
        // SIMD types: comparisons, replace(with:where:), arithmetic, bit casts. (Its generic
        // rounded(_:), clamped and Float→Int conversions run lane by lane.)
        var clamped = x
        clamped.replace(with: -104, where: x .< -104)
        clamped.replace(with: 88.8, where: x .> 88.8)
        clamped.replace(with: 0, where: x .!= x)
        // n = round(x·log₂e) by the 1.5·2²³ trick: adding it leaves n in the low mantissa bits.
        let magic = V(repeating: 12_582_912)
        let shifted = clamped * 1.442_695_04 + magic
        let n = shifted - magic
        let whole = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        var r = clamped - n * 0.693_359_375
        r = r - n * -2.121_944_4e-4
        var p = V(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let er = p * (r * r) + r + 1
        // 2^n as two factors, so that results near overflow and subnormal results are right.
        let half = whole &>> 1
        let first = unsafeBitCast((half &+ 127) &<< 23, to: V.self)
        let second = unsafeBitCast((whole &- half &+ 127) &<< 23, to: V.self)
        var result = (er * first) * second
        result.replace(with: 0, where: x .< -104)
        result.replace(with: .infinity, where: x .> 88.8)
        result.replace(with: x, where: x .!= x)  // NaN stays NaN
        return result
    }
}
