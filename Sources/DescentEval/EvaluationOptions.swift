/// The settings of an evaluation beyond the metrics.
public struct EvaluationOptions: Sendable {
    /// Bootstrap resamples per slice (0: no intervals).
    public var bootstrap: Int
    /// Seed of the bootstrap and of the validation split of predictions.
    public var seed: UInt64
    /// The share of rows held out to fit the temperature and the selective threshold when
    /// no separate validation part is given (the rest is where they are scored).
    public var validationFraction: Double
    /// The accuracy the selective threshold must reach on the validation part.
    public var targetAccuracy: Double?

    public init(bootstrap: Int = 200, seed: UInt64 = 0, validationFraction: Double = 0.5, targetAccuracy: Double? = nil) {
        self.bootstrap = bootstrap
        self.seed = seed
        self.validationFraction = validationFraction
        self.targetAccuracy = targetAccuracy
    }
}
