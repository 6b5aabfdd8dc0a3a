import Foundation

extension Dataset {
    /// Two interleaving half circles, as scikit-learn's `make_moons` (2 features, 2 classes).
    ///
    /// The first `count / 2` points lie on the upper half circle `(cos t, sin t)` for `t` in
    /// `linspace(0, π)` (class 0), the rest on `(1 - cos t, 0.5 - sin t)` (class 1); each
    /// coordinate then gets Gaussian noise of standard deviation `noise`, and the points are shuffled.
    public static func moons(count: Int = 1000, noise: Double = 0.1, seed: UInt64 = 0) throws(DataError) -> Dataset {
        guard count >= 2 else { throw .shapeMismatch("moons needs at least 2 points, got \(count)") }
        guard noise >= 0, noise.isFinite else { throw .shapeMismatch("moons noise must be a non-negative number, got \(noise)") }
        var generator = RandomGenerator(seed: seed)
        let outer = count / 2
        let inner = count - outer
        var features: [Float] = []
        features.reserveCapacity(2 * count)
        for t in linspace(0, .pi, outer) { features += [Float(Foundation.cos(t)), Float(Foundation.sin(t))] }
        for t in linspace(0, .pi, inner) { features += [Float(1 - Foundation.cos(t)), Float(1 - Foundation.sin(t) - 0.5)] }
        let labels = [Float](repeating: 0, count: outer) + [Float](repeating: 1, count: inner)
        var shuffleGenerator = generator.split()
        if noise > 0 {
            for i in features.indices { features[i] += Float(noise) * generator.normal() }
        }
        return shuffledClassification(
            features: features, width: 2, labels: labels, classes: 2, generator: &shuffleGenerator, featureNames: ["x0", "x1"])
    }
}
