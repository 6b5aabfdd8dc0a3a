import Foundation

extension Dataset {
    /// Friedman's regression problem #1, as scikit-learn's `make_friedman1`.
    ///
    /// Inputs are uniform on `[0, 1)` in `features` (at least 5) dimensions; the target is
    /// `10 sin(π x0 x1) + 20 (x2 - 0.5)² + 10 x3 + 5 x4` plus Gaussian noise of standard
    /// deviation `noise`. The remaining features are irrelevant.
    public static func friedman1(count: Int = 1000, features: Int = 10, noise: Double = 1.0, seed: UInt64 = 0) throws(DataError) -> Dataset {
        guard count >= 1, features >= 5 else { throw .shapeMismatch("friedman1 needs count >= 1 and features >= 5, got count \(count), features \(features)") }
        guard noise >= 0, noise.isFinite else { throw .shapeMismatch("friedman1 noise must be a non-negative number, got \(noise)") }
        var generator = RandomGenerator(seed: seed)
        var x = [Float](repeating: 0, count: count * features)
        for i in x.indices { x[i] = generator.uniform() }
        var y = [Float](repeating: 0, count: count)
        for row in 0..<count {
            let v = (0..<5).map { Double(x[row * features + $0]) }
            let clean = 10 * sin(.pi * v[0] * v[1]) + 20 * (v[2] - 0.5) * (v[2] - 0.5) + 10 * v[3] + 5 * v[4]
            y[row] = Float(clean + noise * Double(generator.normal()))
        }
        return Dataset(
            checkedFeatures: Tensor(shape: [count, features], scalars: x),
            targets: Tensor(shape: [count, 1], scalars: y),
            task: .regression(outputs: 1), featureNames: (0..<features).map { "x\($0)" })
    }
}
