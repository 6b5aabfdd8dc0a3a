/// Sorting of `Double` samples: a least-significant-digit radix sort on order-preserving
/// bit patterns for large inputs (O(n), a few passes over memory), the standard library below that.
/// Inputs must not contain NaN.
enum Sorting {
    static func sorted(_ x: [Double]) -> [Double] {
        if x.count < 50_000 { return x.sorted() }
        return radixSorted(x)
    }

    /// Sorts several samples, in parallel when there are cores to spare.
    static func sortedAll(_ xs: [[Double]]) -> [[Double]] {
        if xs.count == 1 { return [sorted(xs[0])] }
        let out = UnsafeMutableBufferPointer<[Double]>.allocate(capacity: xs.count)
        out.initialize(repeating: [])
        defer { out.deinitialize(); out.deallocate() }
        let shared = SharedBuffer(out)
        parallelFor(xs.count) { i in shared[i] = sorted(xs[i]) }
        return Array(out)
    }

    static func radixSorted(_ x: [Double]) -> [Double] {
        let n = x.count
        var keys = [UInt64](repeating: 0, count: n)
        var tmp = [UInt64](repeating: 0, count: n)
        x.withUnsafeBufferPointer { src in
            keys.withUnsafeMutableBufferPointer { k in
                for i in 0..<n {
                    let b = src[i].bitPattern
                    k[i] = (b & 0x8000_0000_0000_0000) != 0 ? ~b : (b | 0x8000_0000_0000_0000)
                }
            }
        }
        var counts = [Int](repeating: 0, count: 65536)
        var inKeys = true
        for pass in 0..<4 {
            let shift = UInt64(pass * 16)
            let skipped: Bool = counts.withUnsafeMutableBufferPointer { c in
                for i in 0..<65536 { c[i] = 0 }
                let src = inKeys ? keys : tmp
                return src.withUnsafeBufferPointer { s -> Bool in
                    for i in 0..<n { c[Int(truncatingIfNeeded: (s[i] >> shift) & 0xFFFF)] &+= 1 }
                    if c.contains(n) { return true }
                    var total = 0
                    for i in 0..<65536 { let v = c[i]; c[i] = total; total &+= v }
                    return false
                }
            }
            if skipped { continue }
            if inKeys {
                scatter(from: keys, to: &tmp, counts: &counts, shift: shift)
            } else {
                scatter(from: tmp, to: &keys, counts: &counts, shift: shift)
            }
            inKeys.toggle()
        }
        let final = inKeys ? keys : tmp
        var out = [Double](repeating: 0, count: n)
        final.withUnsafeBufferPointer { k in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<n {
                    let b = k[i]
                    o[i] = Double(bitPattern: (b & 0x8000_0000_0000_0000) != 0 ? (b & 0x7FFF_FFFF_FFFF_FFFF) : ~b)
                }
            }
        }
        return out
    }

    @inline(__always)
    private static func scatter(from src: [UInt64], to dst: inout [UInt64], counts: inout [Int], shift: UInt64) {
        src.withUnsafeBufferPointer { s in
            dst.withUnsafeMutableBufferPointer { d in
                counts.withUnsafeMutableBufferPointer { c in
                    for i in 0..<s.count {
                        let v = s[i]
                        let bucket = Int(truncatingIfNeeded: (v >> shift) & 0xFFFF)
                        d[c[bucket]] = v
                        c[bucket] &+= 1
                    }
                }
            }
        }
    }
}
