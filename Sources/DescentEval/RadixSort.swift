/// Least-significant-digit radix sort of 64-bit keys, 8 bits a pass: eight passes over the
/// data at most, a pass skipped when every key has the same digit there. Sorting the
/// score columns this way is what makes ROC-AUC and average precision on a million rows
/// take milliseconds.
enum RadixSort {
    private static let bits = 8
    private static let buckets = 1 << bits
    private static let passes = (64 + bits - 1) / bits

    /// Rows ordered by confidence: each key is the confidence's bits shifted left once, with
    /// the row's correctness in the low bit (`key >> 1` gives the confidence's bits back;
    /// non-negative doubles sort as their bit patterns; −0 is taken as 0).
    static func confidenceKeys(confidence: [Double], correct: [Bool]) -> [UInt64] {
        let n = confidence.count
        var keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, initialized in
            for i in 0..<n {
                let c = confidence[i] == 0 ? 0 : confidence[i]
                buffer[i] = (c.bitPattern << 1) | (correct[i] ? 1 : 0)
            }
            initialized = n
        }
        let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: n)
        defer { scratch.deallocate() }
        keys.withUnsafeMutableBufferPointer { sort($0, scratch: scratch) }
        return keys
    }

    /// Sorts `keys` ascending and moves `payload` (as long) with them, using the scratch
    /// buffers (at least as long) as the second buffers; equal keys keep their order.
    static func sort(_ keys: UnsafeMutableBufferPointer<UInt64>, payload: UnsafeMutableBufferPointer<Int32>,
                     scratchKeys: UnsafeMutableBufferPointer<UInt64>, scratchPayload: UnsafeMutableBufferPointer<Int32>) {
        precondition(payload.count >= keys.count && scratchKeys.count >= keys.count && scratchPayload.count >= keys.count)
        sort(keys, scratch: scratchKeys, payload: (payload.baseAddress!, scratchPayload.baseAddress!))
    }

    /// Sorts `keys` ascending, using `scratch` (at least as long) as the second buffer.
    static func sort(_ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>) {
        precondition(scratch.count >= keys.count)
        sort(keys, scratch: scratch, payload: nil)
    }

    /// The passes: a histogram of every digit in one read, then one stable scatter per pass
    /// whose digit is not the same for every key, moving the payload (when given) with the keys.
    private static func sort(_ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
                             payload: (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>)?) {
        let n = keys.count
        guard n > 1 else { return }
        var histogram = [Int](repeating: 0, count: buckets * passes)
        histogram.withUnsafeMutableBufferPointer { h in
            for i in 0..<n {
                let key = keys[i]
                for pass in 0..<passes {
                    h[pass &* buckets &+ Int(truncatingIfNeeded: (key >> UInt64(pass &* bits)) & UInt64(buckets - 1))] &+= 1
                }
            }
            var source = keys.baseAddress!, target = scratch.baseAddress!
            var moving = payload
            var inScratch = false
            for pass in 0..<passes {
                let counts = h.baseAddress! + pass * buckets
                // A digit every key shares leaves the order as it is.
                if (0..<buckets).contains(where: { counts[$0] == n }) { continue }
                var offset = 0
                for b in 0..<buckets {
                    let c = counts[b]
                    counts[b] = offset
                    offset &+= c
                }
                let shift = UInt64(pass &* bits)
                if let (from, to) = moving {
                    for i in 0..<n {
                        let key = source[i]
                        let digit = Int(truncatingIfNeeded: (key >> shift) & UInt64(buckets - 1))
                        target[counts[digit]] = key
                        to[counts[digit]] = from[i]
                        counts[digit] &+= 1
                    }
                    moving = (to, from)
                } else {
                    for i in 0..<n {
                        let key = source[i]
                        let digit = Int(truncatingIfNeeded: (key >> shift) & UInt64(buckets - 1))
                        target[counts[digit]] = key
                        counts[digit] &+= 1
                    }
                }
                swap(&source, &target)
                inScratch.toggle()
            }
            if inScratch {
                keys.baseAddress!.update(from: scratch.baseAddress!, count: n)
                if let (inScratchPayload, original) = moving { original.update(from: inScratchPayload, count: n) }
            }
        }
    }
}
