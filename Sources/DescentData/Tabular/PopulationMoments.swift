/// The mean and population standard deviation of numbers, finite for any finite input:
/// summed as values divided by their largest magnitude, so numbers near a double's range
/// (±1.79e308) neither overflow the sum nor the squares.
public struct PopulationMoments: Sendable, Equatable {
    public let mean: Double
    /// Zero for fewer than two distinct values.
    public let deviation: Double
    public let count: Int

    /// The moments of `values`; an empty sequence gives mean and deviation 0.
    public init<C: Collection>(_ values: C) where C.Element == Double {
        count = values.count
        let largest = values.reduce(0.0) { Swift.max($0, abs($1)) }
        guard count > 0, largest > 0 else {
            mean = 0
            deviation = 0
            return
        }
        let n = Double(count)
        var sum = 0.0
        for v in values { sum += v / largest }
        let unitMean = sum / n
        var squares = 0.0
        for v in values { squares += (v / largest - unitMean) * (v / largest - unitMean) }
        mean = unitMean * largest
        deviation = (squares / n).squareRoot() * largest
    }

    /// (x − mean) / scale without overflow where x and the mean are far apart near the range's end.
    @inline(__always)
    public static func standardized(_ x: Double, mean: Double, scale: Double) -> Double { x / scale - mean / scale }
}
