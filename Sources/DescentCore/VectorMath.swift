/// Vectorised elementary functions on `SIMD16<Float>`: range reduction and polynomials
/// in plain arithmetic, so loops over them run in SIMD registers instead of calling libm
/// once per element. Accuracy is within a few float32 ulps (tested against libm).
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

    /// |x|, by clearing the sign bits.
    @inline(__always)
    package static func magnitude(_ x: V) -> V {
        unsafeBitCast(unsafeBitCast(x, to: SIMD16<UInt32>.self) & 0x7FFF_FFFF, to: V.self)
    }

    /// The error function (Numerical Recipes' Chebyshev fit of erfc, fractional error
    /// below 1.2e-7).
    @inline(__always)
    package static func erf(_ x: V) -> V {
        let z = magnitude(x)
        let t = 1 / (1 + 0.5 * z)
        var p = V(repeating: 0.170_872_77)
        p = p * t - 0.822_152_23
        p = p * t + 1.488_515_87
        p = p * t - 1.135_203_98
        p = p * t + 0.278_868_07
        p = p * t - 0.186_288_06
        p = p * t + 0.096_784_18
        p = p * t + 0.374_091_96
        p = p * t + 1.000_023_68
        p = p * t - 1.265_512_23
        let erfc: V = t * exp(p - z * z)
        var result: V = V(repeating: 1) - erfc
        result.replace(with: -result, where: x .< 0)
        return result
    }

    /// tanh (Cephes `tanhf`): x + x³·P(x²) for |x| < 0.625, else 1 − 2 / (e^{2|x|} + 1)
    /// with the sign restored.
    @inline(__always)
    package static func tanh(_ x: V) -> V {
        let z = magnitude(x)
        let e = exp(2 * z)
        var large = 1 - 2 / (e + 1)
        large.replace(with: -large, where: x .< 0)
        let s = x * x
        var p = V(repeating: -5.704_988_727_45e-3)
        p = p * s + 2.063_908_879_54e-2
        p = p * s - 5.373_971_555_31e-2
        p = p * s + 1.333_144_220_36e-1
        p = p * s - 3.333_328_194_22e-1
        var result = p * s * x + x
        result.replace(with: large, where: z .>= 0.625)
        return result
    }

    /// The logistic function 1 / (1 + e^−x), as e^x / (1 + e^x) for negative x so that
    /// tiny results keep their precision.
    @inline(__always)
    package static func sigmoid(_ x: V) -> V {
        let e = exp(-magnitude(x))
        var result = 1 / (1 + e)
        result.replace(with: e / (1 + e), where: x .< 0)
        return result
    }
}

extension Tensor {
    /// Applies a vectorised `op` to every element, 16 at a time (untracked); the tail is
    /// padded with zeros.
    @inline(__always)
    package func mappedSIMD(_ op: (SIMD16<Float>) -> SIMD16<Float>) -> Tensor {
        scalars.withUnsafeBufferPointer { x in
            Tensor.build(shape: shape) { out in
                let xp = x.baseAddress!, op0 = out.baseAddress!
                let count = x.count
                parallelChunks((count + 15) / 16, grain: 1 << 12) { blocks in
                    for block in blocks {
                        let i = block &* 16
                        if i &+ 16 <= count {
                            let v = UnsafeRawPointer(xp + i).loadUnaligned(as: SIMD16<Float>.self)
                            UnsafeMutableRawPointer(op0 + i).storeBytes(of: op(v), as: SIMD16<Float>.self)
                        } else {
                            var v = SIMD16<Float>()
                            for k in 0..<(count &- i) { v[k] = xp[i &+ k] }
                            let r = op(v)
                            for k in 0..<(count &- i) { op0[i &+ k] = r[k] }
                        }
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// Combines two tensors of the same shape with a vectorised `op`, 16 elements at a time
    /// (untracked).
    @inline(__always)
    package func zippedSIMD(_ other: Tensor, _ op: (SIMD16<Float>, SIMD16<Float>) -> SIMD16<Float>) -> Tensor {
        precondition(shape == other.shape, "shapes \(shape) and \(other.shape) differ")
        return scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                Tensor.build(shape: shape) { out in
                    let ap = a.baseAddress!, bp = b.baseAddress!, op0 = out.baseAddress!
                    let count = a.count
                    parallelChunks((count + 15) / 16, grain: 1 << 12) { blocks in
                        for block in blocks {
                            let i = block &* 16
                            if i &+ 16 <= count {
                                let x = UnsafeRawPointer(ap + i).loadUnaligned(as: SIMD16<Float>.self)
                                let y = UnsafeRawPointer(bp + i).loadUnaligned(as: SIMD16<Float>.self)
                                UnsafeMutableRawPointer(op0 + i).storeBytes(of: op(x, y), as: SIMD16<Float>.self)
                            } else {
                                var x = SIMD16<Float>(), y = SIMD16<Float>()
                                for k in 0..<(count &- i) {
                                    x[k] = ap[i &+ k]
                                    y[k] = bp[i &+ k]
                                }
                                let r = op(x, y)
                                for k in 0..<(count &- i) { op0[i &+ k] = r[k] }
                            }
                        }
                    }
                }
            }
        }
    }
}
