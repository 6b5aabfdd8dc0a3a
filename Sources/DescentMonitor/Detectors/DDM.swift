/// DDM, the drift detection method (Gama et al. 2004), on a stream of 0/1 errors, as River
/// implements it: with p the running error rate and s = √(p(1−p)/n), after `warmStart`
/// values a warning when p + s > p_min + 2 s_min and drift when > p_min + 3 s_min.
/// River defaults: warm_start 30, warning_threshold 2, drift_threshold 3.
public struct DDM: DriftDetector {
    /// Values seen before detection starts (`warm_start`).
    public let warmStart: Int
    /// Standard deviations above the minimum for a warning (`warning_threshold`).
    public let warningThreshold: Double
    /// Standard deviations above the minimum for drift (`drift_threshold`).
    public let driftThreshold: Double

    private var p = RunningMean()
    private var pMin = Double.nan
    private var sMin = Double.nan
    private var psMin = Double.infinity
    /// Whether the last update detected a drift.
    public private(set) var driftDetected = false
    /// Whether the last update raised a warning.
    public private(set) var warningDetected = false

    /// Creates a detector with River's parameter names and defaults.
    public init(warmStart: Int = 30, warningThreshold: Double = 2, driftThreshold: Double = 3) {
        self.warmStart = warmStart
        self.warningThreshold = warningThreshold
        self.driftThreshold = driftThreshold
    }

    /// Feeds one value.
    @discardableResult
    public mutating func update(_ x: Double) -> DetectorSignal {
        if driftDetected {
            p = RunningMean(); pMin = .nan; sMin = .nan; psMin = .infinity
            driftDetected = false; warningDetected = false
        }
        p.update(x)
        let pi = p.mean, n = p.n
        let si = (pi * (1 - pi) / n).squareRoot()
        if n > Double(warmStart) {
            if pi + si <= psMin {
                pMin = pi
                sMin = si
                psMin = pMin + sMin
            }
            warningDetected = pi + si > pMin + warningThreshold * sMin
            if pi + si > pMin + driftThreshold * sMin {
                driftDetected = true
                warningDetected = false
            }
        }
        return DetectorSignal(drift: driftDetected, warning: warningDetected)
    }
}
