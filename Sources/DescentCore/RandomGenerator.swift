#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded, splittable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// The same seed gives the same integers and uniform floats on every platform: every
/// derived value is computed here with integer arithmetic and IEEE operations, never
/// with the standard library's unspecified algorithms. ``split()`` derives an independent
/// stream, so that initialisation, dropout and shuffling do not disturb each other.
public struct RandomGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
    // The state words live in four stored properties, not an array, so that `next()`
    // stays a handful of register operations.
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The four state words; save them to resume the stream exactly.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator whose stream is fixed by `seed`.
    public init(seed: UInt64) {
        var mixer = seed
        s0 = RandomGenerator.splitMix64(&mixer)
        s1 = RandomGenerator.splitMix64(&mixer)
        s2 = RandomGenerator.splitMix64(&mixer)
        s3 = RandomGenerator.splitMix64(&mixer)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// A generator restored from ``state``.
    public init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "invalid generator state")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    private enum CodingKeys: String, CodingKey { case state }

    public init(from decoder: any Decoder) throws {
        let words = try decoder.container(keyedBy: CodingKeys.self).decode([UInt64].self, forKey: .state)
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid generator state"))
        }
        self.init(state: words)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }

    static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = RandomGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomGenerator.rotl(s3, 45)
        return result
    }

    /// An independent generator; this one advances by one step.
    public mutating func split() -> RandomGenerator {
        var mixer = next() ^ 0x5851_F42D_4C95_7F2D
        return RandomGenerator(state: (0..<4).map { _ in RandomGenerator.splitMix64(&mixer) | 1 })
    }

    /// An independent generator for stream `(key, index)`, derived from this state without
    /// advancing it: the same state, key and index always give the same stream, so a
    /// training run can recreate epoch `e`'s shuffle or step `s`'s dropout after a resume.
    public func derived(_ key: UInt64, _ index: UInt64) -> RandomGenerator {
        var mixer = key &* 0x9E37_79B9_7F4A_7C15 ^ index
        for word in state { mixer = RandomGenerator.splitMix64(&mixer) ^ word }
        return RandomGenerator(state: (0..<4).map { _ in RandomGenerator.splitMix64(&mixer) | 1 })
    }

    /// A uniform float in [0, 1), with 24 random bits.
    public mutating func uniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform float in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * uniform()
    }

    /// A uniform double in [0, 1), with 53 random bits.
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal sample (Box–Muller in double precision, rounded to Float).
    public mutating func normal() -> Float {
        let u1 = 1.0 - uniformDouble()  // in (0, 1]
        let u2 = uniformDouble()
        return Float((-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2))
    }

    /// A uniform integer in 0..<bound, without modulo bias (Lemire's method).
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// Shuffles `array` in place (Fisher–Yates, the same order on every platform).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }

    /// A random permutation of 0..<count.
    public mutating func permutation(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        shuffle(&indices)
        return indices
    }
}

/// SplitMix64, the mixer that seeds ``RandomGenerator``, as a generator of its own: the
/// package's tests draw their reproducible data from it.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 { RandomGenerator.splitMix64(&state) }
    /// `next() % n`: slightly biased for large n, and stable, so test data stays the same.
    package mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
