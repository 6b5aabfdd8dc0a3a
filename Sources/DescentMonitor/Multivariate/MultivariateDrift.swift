/// Both multivariate checks on the same columns: PCA reconstruction error and a domain classifier.
public struct MultivariateDrift: Sendable {
    /// The features used (numeric and categorical columns; text is left out).
    public let features: [String]
    /// NannyML-style reconstruction error.
    public let reconstruction: PCAReconstructionDrift
    /// Cross-validated reference-against-current classifier.
    public let classifier: DomainClassifierDrift

    /// Drift when a current chunk's reconstruction error leaves the reference band, or the
    /// classifier's AUC reaches its threshold.
    public var drift: Bool { reconstruction.drift || classifier.drift }

    /// Runs both checks.
    public init(reference: Table, current: Table, columns: [String]? = nil, chunkSize: Int? = nil,
                aucThreshold: Double = DomainClassifierDrift.defaultThreshold, seed: UInt64 = 0) throws(DriftInputError) {
        let m = try FeatureMatrix(reference: reference, current: current, columns: columns)
        features = m.names
        reconstruction = try PCAReconstructionDrift(m, chunkSize: chunkSize)
        classifier = try DomainClassifierDrift(m, threshold: aucThreshold, seed: seed)
    }
}
