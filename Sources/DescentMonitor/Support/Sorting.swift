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
        var out = [[Double]](repeating: [], count: xs.count)
        out.withUnsafeMutableBufferPointer { out in
            parallelChunks(xs.count, grain: 1) { samples in
                for i in samples { out[i] = sorted(xs[i]) }
            }
        }
        return out
    }

    /// LSD radix sort on order-preserving keys: 8 passes of 8 bits (few write streams, cache friendly), all digit histograms
    /// counted in one read pass, passes where every key shares the digit skipped.
    static func radixSorted(_ x: [Double]) -> [Double] {
        let n = x.count
        let bitsPerPass = 8, radix = 1 << 8, passes = 8, mask: UInt64 = (1 << 8) - 1
        let tmp = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: radix * passes)
        defer { tmp.deallocate(); counts.deallocate() }
        counts.initialize(repeating: 0)
        // The result array's storage doubles as the first key buffer (UInt64 and Double share a layout).
        return [Double](unsafeUninitializedCapacity: n) { out, count in
            let raw = UnsafeMutableRawPointer(out.baseAddress!)
            let keys = UnsafeMutableBufferPointer(start: raw.bindMemory(to: UInt64.self, capacity: n), count: n)
            x.withUnsafeBufferPointer { src in
                for i in 0..<n {
                    let b = (src[i] + 0.0).bitPattern  // -0.0 becomes +0.0: equal values, equal keys
                    let k = (b & 0x8000_0000_0000_0000) != 0 ? ~b : (b | 0x8000_0000_0000_0000)
                    keys[i] = k
                    var shifted = k
                    for p in 0..<passes {
                        counts[p &* radix &+ Int(truncatingIfNeeded: shifted & mask)] &+= 1
                        shifted >>= UInt64(bitsPerPass)
                    }
                }
            }
            var from = keys, to = tmp
            for p in 0..<passes {
                let c = UnsafeMutableBufferPointer(rebasing: counts[(p * radix)..<((p + 1) * radix)])
                if c.contains(n) { continue }
                var total = 0
                for i in 0..<radix { let v = c[i]; c[i] = total; total &+= v }
                let shift = UInt64(p * bitsPerPass)
                for i in 0..<n {
                    let v = from[i]
                    let d = Int(truncatingIfNeeded: (v >> shift) & mask)
                    to[c[d]] = v
                    c[d] &+= 1
                }
                swap(&from, &to)
            }
            if from.baseAddress != keys.baseAddress {
                _ = keys.initialize(fromContentsOf: from)
            }
            for i in 0..<n {
                let b = keys[i]
                keys[i] = (b & 0x8000_0000_0000_0000) != 0 ? (b & 0x7FFF_FFFF_FFFF_FFFF) : ~b
            }
            raw.bindMemory(to: Double.self, capacity: n)
            count = n
        }
    }
}
