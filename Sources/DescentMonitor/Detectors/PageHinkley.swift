/// The Page–Hinkley test for a change in the mean, as River implements it: cumulative
/// deviations from the running mean with a magnitude allowance `delta` and forgetting factor
/// `alpha`; drift when the cumulative increase (or decrease) exceeds `threshold`.
/// River defaults: min_instances 30, delta 0.005, threshold 50, alpha 0.9999, mode "both".
public struct PageHinkley: DriftDetector {
    /// Which direction of change is detected (`mode`).
    public enum Mode: String, Sendable { case up, down, both }

    public let minInstances: Int
    public let delta: Double
    public let threshold: Double
    public let alpha: Double
    public let mode: Mode

    private var mean = RunningMean()
    private var sumIncrease = 0.0
    private var sumDecrease = 0.0
    private var minIncrease = Double.infinity
    private var maxDecrease = -1.0
    public private(set) var driftDetected = false
    public var warningDetected: Bool { false }

    /// Creates a detector with River's parameter names and defaults.
    public init(minInstances: Int = 30, delta: Double = 0.005, threshold: Double = 50, alpha: Double = 1 - 0.0001, mode: Mode = .both) {
        self.minInstances = minInstances
        self.delta = delta
        self.threshold = threshold
        self.alpha = alpha
        self.mode = mode
    }

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
