/// The Halton quasi-random sequence without scrambling (`scipy.stats.qmc.Halton(scramble=False)`):
/// point `i` has, in dimension `d`, the radical inverse of `i` in the `d`-th prime base.
public struct HaltonSequence: Sendable, Hashable {
    /// The number of coordinates of each point.
    public let dimension: Int
    /// The bases, the first `dimension` primes.
    public let bases: [Int]

    public init(dimension: Int) {
        precondition(dimension >= 0, "a Halton sequence needs a non-negative dimension")
        self.dimension = dimension
        bases = HaltonSequence.primes(dimension)
    }

    /// Point `index` (0 is the origin, as scipy's first point), each coordinate in [0, 1).
    public func point(_ index: Int) -> [Double] {
        precondition(index >= 0, "Halton indices start at 0")
        return bases.map { HaltonSequence.radicalInverse(index, base: $0) }
    }

    /// The digits of `index` in `base` mirrored about the radix point (van der Corput).
    public static func radicalInverse(_ index: Int, base: Int) -> Double {
        var (n, result, scale) = (index, 0.0, 1.0 / Double(base))
        while n > 0 {
            result += Double(n % base) * scale
            n /= base
            scale /= Double(base)
        }
        return result
    }

    /// The first `count` primes.
    static func primes(_ count: Int) -> [Int] {
        var primes: [Int] = []
        var candidate = 2
        while primes.count < count {
            if primes.allSatisfy({ candidate % $0 != 0 }) { primes.append(candidate) }
            candidate += 1
        }
        return primes
    }
}
