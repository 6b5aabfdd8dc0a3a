/// A streaming drift detector: feed one value at a time with ``update(_:)``.
///
/// Semantics follow River: after each update the detector reports whether a drift (and,
/// for detectors that have one, a warning) was detected at that value; the update after a
/// drift first resets the detector.
public protocol DriftDetector: Sendable {
    /// Whether the last update detected a drift.
    var driftDetected: Bool { get }
    /// Whether the last update raised a warning (always `false` for detectors without one).
    var warningDetected: Bool { get }
    /// Feeds one value and returns what it triggered.
    @discardableResult mutating func update(_ x: Double) -> DetectorSignal
}

extension DriftDetector {
    /// Runs the detector over a stream and returns the zero-based indices of warnings and drifts.
    public mutating func run<S: Sequence>(_ stream: S) -> (warnings: [Int], drifts: [Int]) where S.Element == Double {
        var warnings = [Int](), drifts = [Int]()
        for (i, x) in stream.enumerated() {
            let s = update(x)
            if s.warning { warnings.append(i) }
            if s.drift { drifts.append(i) }
        }
        return (warnings, drifts)
    }

    /// Runs the detector over the values in order and returns the zero-based indices of
    /// warnings and drifts (the same as the generic form, without iterator overhead).
    public mutating func run(_ stream: [Double]) -> (warnings: [Int], drifts: [Int]) {
        var warnings = [Int](), drifts = [Int]()
        stream.withUnsafeBufferPointer { values in
            for i in 0..<values.count {
                let s = update(values[i])
                if s.warning { warnings.append(i) }
                if s.drift { drifts.append(i) }
            }
        }
        return (warnings, drifts)
    }
}
