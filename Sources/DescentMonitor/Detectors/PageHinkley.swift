/// The Page–Hinkley test for a change in the mean, as River implements it: cumulative
/// deviations from the running mean with a magnitude allowance `delta` and forgetting factor
/// `alpha`; drift when the cumulative increase (or decrease) exceeds `threshold`.
/// River defaults: min_instances 30, delta 0.005, threshold 50, alpha 0.9999, mode "both".
public struct PageHinkley: DriftDetector {
    /// Which direction of change is detected (`mode`).
    public enum Mode: String, Sendable { case up, down, both }

    /// Values seen before drift can be reported (`min_instances`).
    public let minInstances: Int
    /// Magnitude of change tolerated (`delta`).
    public let delta: Double
    /// Cumulative deviation that signals drift (`threshold`).
    public let threshold: Double
    /// Forgetting factor of the cumulative sums (`alpha`).
    public let alpha: Double
    /// Direction of change detected (`mode`).
    public let mode: Mode

    private var mean = RunningMean()
    private var sumIncrease = 0.0
    private var sumDecrease = 0.0
    private var minIncrease = Double.infinity
    private var maxDecrease = -1.0
    /// Whether the last update detected a drift.
    public private(set) var driftDetected = false
    /// Always `false`: this detector has no warning zone.
    public var warningDetected: Bool { false }

    /// Creates a detector with River's parameter names and defaults.
    public init(minInstances: Int = 30, delta: Double = 0.005, threshold: Double = 50, alpha: Double = 1 - 0.0001, mode: Mode = .both) {
        self.minInstances = minInstances
        self.delta = delta
        self.threshold = threshold
        self.alpha = alpha
        self.mode = mode
    }

    /// Feeds one value.
    @discardableResult
    public mutating func update(_ x: Double) -> DetectorSignal {
        if driftDetected {
            mean = RunningMean(); sumIncrease = 0; sumDecrease = 0
            minIncrease = .infinity; maxDecrease = -1; driftDetected = false
        }
        mean.update(x)
        let dev = x - mean.mean
        sumIncrease = alpha * sumIncrease + dev - delta
        sumDecrease = alpha * sumDecrease + dev + delta
        if sumIncrease < minIncrease { minIncrease = sumIncrease }
        if sumDecrease > maxDecrease { maxDecrease = sumDecrease }
        if mean.n >= Double(minInstances) {
            let up = sumIncrease - minIncrease
            let down = maxDecrease - sumDecrease
            switch mode {
            case .up: driftDetected = up > threshold
            case .down: driftDetected = down > threshold
            case .both: driftDetected = up > threshold || down > threshold
            }
        }
        return DetectorSignal(drift: driftDetected, warning: false)
    }
}
