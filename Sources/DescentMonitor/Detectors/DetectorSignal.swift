/// What one ``DriftDetector/update(_:)`` triggered.
public struct DetectorSignal: Sendable, Equatable {
    /// A drift was detected at this value.
    public var drift: Bool
    /// A warning was raised at this value.
    public var warning: Bool
    /// Creates a signal.
    public init(drift: Bool, warning: Bool) { self.drift = drift; self.warning = warning }
}
