extension Dataset {
    /// Isotropic Gaussian clusters, as scikit-learn's `make_blobs` with random centres.
    ///
    /// `centers` centres are drawn uniformly from the box `[-10, 10)` in every feature; the
    /// count is split evenly among them (larger clusters first); each point is its centre plus
    /// Gaussian noise of standard deviation `spread`; the points are then shuffled. The class
    /// of a point is the index of its centre.
    public static func blobs(count: Int = 1000, features: Int = 2, centers: Int = 3, spread: Double = 1.0, seed: UInt64 = 0) throws(DataError) -> Dataset {
        guard features >= 1, centers >= 1, count >= centers else {
            throw .shapeMismatch("blobs needs features >= 1, centers >= 1 and at least one point per centre, got count \(count), features \(features), centers \(centers)")
        }
        guard spread >= 0, spread.isFinite else { throw .shapeMismatch("blobs spread must be a non-negative number, got \(spread)") }
        var generator = RandomGenerator(seed: seed)
        var shuffleGenerator = generator.split()
        let centres = (0..<(centers * features)).map { _ in generator.uniform(-10, 10) }
        var values: [Float] = []
        var labels: [Float] = []
        values.reserveCapacity(count * features)
        labels.reserveCapacity(count)
        for (centre, size) in evenSizes(count, centers).enumerated() {
            for _ in 0..<size {
                for j in 0..<features { values.append(centres[centre * features + j] + Float(spread) * generator.normal()) }
                labels.append(Float(centre))
            }
        }
        return shuffledClassification(
            features: values, width: features, labels: labels, classes: centers, generator: &shuffleGenerator,
            featureNames: (0..<features).map { "x\($0)" })
    }
}
