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

/// What one ``DriftDetector/update(_:)`` triggered.
public struct DetectorSignal: Sendable, Equatable {
    /// A drift was detected at this value.
    public var drift: Bool
    /// A warning was raised at this value.
    public var warning: Bool
    /// Creates a signal.
    public init(drift: Bool, warning: Bool) { self.drift = drift; self.warning = warning }
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
}

/// River's running mean (`river.stats.Mean`), with the same floating-point operation order.
struct RunningMean: Sendable {
    var n = 0.0
    var mean = 0.0
    @inline(__always) mutating func update(_ x: Double) {
        n += 1
        mean += (1 / n) * (x - mean)
    }
}

/// River's running variance (`river.stats.Var`, ddof = 1), Welford's update.
struct RunningVariance: Sendable {
    var mean = RunningMean()
    var s = 0.0
    @inline(__always) mutating func update(_ x: Double) {
        let old = mean.mean
        mean.update(x)
        s += (x - old) * (x - mean.mean)
    }
    var variance: Double { mean.n > 1 ? s / (mean.n - 1) : 0 }
}
