import Foundation

extension Dataset {
    /// `classes` interleaved spiral arms in the plane (the classic CS231n spiral data; 2 features).
    ///
    /// Arm `k` has `n` points (the count split evenly, larger arms first). Its point `i` is at
    /// radius `r = i / (n - 1)` and angle `θ = 4k + 4i / (n - 1) + noise · ε` with `ε` standard
    /// normal, placed at `(r sin θ, r cos θ)`. The points are then shuffled.
    public static func spirals(count: Int = 1000, classes: Int = 3, noise: Double = 0.2, seed: UInt64 = 0) throws(DataError) -> Dataset {
        guard classes >= 2 else { throw .shapeMismatch("spirals needs at least 2 classes, got \(classes)") }
        guard count >= 2 * classes else { throw .shapeMismatch("spirals needs at least 2 points per class, got \(count) for \(classes) classes") }
        guard noise >= 0, noise.isFinite else { throw .shapeMismatch("spirals noise must be a non-negative number, got \(noise)") }
        var generator = RandomGenerator(seed: seed)
        var shuffleGenerator = generator.split()
        var features: [Float] = []
        var labels: [Float] = []
        features.reserveCapacity(2 * count)
        labels.reserveCapacity(count)
        for (arm, size) in evenSizes(count, classes).enumerated() {
            let radii = linspace(0, 1, size)
            let angles = linspace(4 * Double(arm), 4 * Double(arm + 1), size)
            for i in 0..<size {
                let theta = angles[i] + noise * Double(generator.normal())
                features += [Float(radii[i] * sin(theta)), Float(radii[i] * cos(theta))]
                labels.append(Float(arm))
            }
        }
        return shuffledClassification(
            features: features, width: 2, labels: labels, classes: classes, generator: &shuffleGenerator, featureNames: ["x0", "x1"])
    }
}
