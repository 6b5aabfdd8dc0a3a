/// Python's `random.Random` (MT19937, seeded by `init_by_array`) and the parts of
/// `random.sample` that River's KSWIN uses, so seeded runs draw the same indices as River.
struct PythonRandom: Sendable {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var index = 624

    init(seed: UInt64) {
        var key: [UInt32] = []
        var s = seed
        repeat { key.append(UInt32(truncatingIfNeeded: s)); s >>= 32 } while s > 0
        initGenrand(19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30)
            mt[i] = (mt[i] ^ (prev &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= 624 { mt[0] = mt[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            let prev = mt[i - 1] ^ (mt[i - 1] >> 30)
            mt[i] = (mt[i] ^ (prev &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { mt[0] = mt[623]; i = 1 }
        }
        mt[0] = 0x8000_0000
        index = 624
    }

    private mutating func initGenrand(_ s: UInt32) {
        mt[0] = s
        for i in 1..<624 {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    mutating func nextUInt32() -> UInt32 {
        if index >= 624 {
            for k in 0..<624 {
                let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % 624] & 0x7FFF_FFFF)
                var v = mt[(k + 397) % 624] ^ (y >> 1)
                if y & 1 != 0 { v ^= 0x9908_B0DF }
                mt[k] = v
            }
            index = 0
        }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// `getrandbits(k)` for k ≤ 32.
    mutating func bits(_ k: Int) -> Int {
        k == 0 ? 0 : Int(nextUInt32() >> UInt32(32 - k))
    }

    /// `_randbelow(n)` by rejection on `n.bit_length()` bits.
    mutating func below(_ n: Int) -> Int {
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = bits(k)
        while r >= n { r = bits(k) }
        return r
    }

    /// `random.sample(range(populationSize), count)`.
    mutating func sample(populationSize n: Int, count k: Int) -> [Int] {
        var setsize = 21
        if k > 5 {
            // 4 ** ceil(log(k * 3, 4))
            let e = (log(Double(k * 3)) / log(4.0)).rounded(.up)
            setsize += Int(pow(4.0, e))
        }
        var result = [Int](repeating: 0, count: k)
        if n <= setsize {
            var pool = Array(0..<n)
            for i in 0..<k {
                let j = below(n - i)
                result[i] = pool[j]
                pool[j] = pool[n - i - 1]
            }
        } else {
            var selected = Set<Int>()
            for i in 0..<k {
                var j = below(n)
                while selected.contains(j) { j = below(n) }
                selected.insert(j)
                result[i] = j
            }
        }
        return result
    }
}

import Foundation
