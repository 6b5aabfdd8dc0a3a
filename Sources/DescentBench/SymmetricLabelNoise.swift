import DescentNN

/// Symmetric label noise: a seeded `rate` share of the examples (exactly round(rate·n) of them)
/// get a wrong label drawn uniformly from the other classes.
public struct SymmetricLabelNoise: Sendable, Hashable {
    public let rate: Double
    public let seed: UInt64

    public init(rate: Double, seed: UInt64) {
        precondition((0...1).contains(rate), "a noise rate is a share in [0, 1]")
        self.rate = rate
        self.seed = seed
    }

    /// `labels` (class indices in `0..<classes`) with the noise applied.
    public func apply(to labels: [Float], classes: Int) -> [Float] {
        precondition(classes >= 2, "label noise needs two classes")
        var generator = RandomGenerator(seed: seed)
        let flipped = generator.permutation(labels.count).prefix(Int((rate * Double(labels.count)).rounded()))
        var noisy = labels
        for row in flipped {
            noisy[row] = Float((Int(labels[row]) + 1 + generator.int(below: classes - 1)) % classes)
        }
        return noisy
    }
}
