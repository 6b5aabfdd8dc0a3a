import Foundation

/// HDDM-W (Frías-Blanco et al. 2014), drift detection with McDiarmid's bounds on
/// exponentially weighted moving averages, on values in [0, 1], as River implements it.
/// River's default is one-sided (`two_sided_test = false`): only an increase is detected.
/// River defaults: drift_confidence 0.001, warning_confidence 0.005, lambda_val 0.05, two_sided_test false.
public struct HDDMW: DriftDetector {
    /// Confidence of the drift test (`drift_confidence`).
    public let driftConfidence: Double
    /// Confidence of the warning test (`warning_confidence`).
    public let warningConfidence: Double
    /// Weight of the newest value in the moving averages (`lambda_val`).
    public let lambda: Double
    /// Also detect a decrease of the mean (`two_sided_test`; River's default is `false`).
    public let twoSidedTest: Bool

    struct SampleInfo: Sendable {
        var ewma = 0.0
        var isInit = false
        var ibc = 1.0
        mutating func update(_ x: Double, lambda: Double) {
            ewma = isInit ? lambda * x + (1 - lambda) * ewma : x
            isInit = true
            ibc = lambda * lambda + (1 - lambda) * (1 - lambda) * ibc
        }
    }

    private var total = SampleInfo()
    private var s1Decr = SampleInfo(), s1Incr = SampleInfo(), s2Decr = SampleInfo(), s2Incr = SampleInfo()
    private var incrCutpoint = Double.infinity
    private var decrCutpoint = -Double.infinity
    /// Whether the last update detected a drift.
    public private(set) var driftDetected = false
    /// Whether the last update raised a warning.
    public private(set) var warningDetected = false

    /// Creates a detector with River's parameter names (`lambda_val` is `lambda`) and defaults.
    public init(driftConfidence: Double = 0.001, warningConfidence: Double = 0.005, lambda: Double = 0.05, twoSidedTest: Bool = false) {
        self.driftConfidence = driftConfidence
        self.warningConfidence = warningConfidence
        self.lambda = lambda
        self.twoSidedTest = twoSidedTest
    }

    private func bound(_ ibc: Double, _ confidence: Double) -> Double { (ibc * log(1 / confidence) / 2).squareRoot() }

    /// Feeds one value.
    @discardableResult
    public mutating func update(_ x: Double) -> DetectorSignal {
        if driftDetected {
            total = SampleInfo(); s1Decr = SampleInfo(); s1Incr = SampleInfo(); s2Decr = SampleInfo(); s2Incr = SampleInfo()
            incrCutpoint = .infinity; decrCutpoint = -.infinity
            driftDetected = false; warningDetected = false
        }
        total.update(x, lambda: lambda)
        // Increase statistics.
        var eps = bound(total.ibc, driftConfidence)
        if total.ewma + eps < incrCutpoint {
            incrCutpoint = total.ewma + eps
            s1Incr = total
            s2Incr = SampleInfo()
        } else {
            s2Incr.update(x, lambda: lambda)
        }
        if changed(s1Incr, s2Incr, driftConfidence) {
            warningDetected = false; driftDetected = true
        } else if changed(s1Incr, s2Incr, warningConfidence) {
            warningDetected = true; driftDetected = false
        } else {
            warningDetected = false; driftDetected = false
        }
        // Decrease statistics.
        eps = bound(total.ibc, driftConfidence)
        if total.ewma - eps > decrCutpoint {
            decrCutpoint = total.ewma - eps
            s1Decr = total
            s2Decr = SampleInfo()
        } else {
            s2Decr.update(x, lambda: lambda)
        }
        if twoSidedTest {
            if changed(s2Decr, s1Decr, driftConfidence) {
                driftDetected = true
            } else if changed(s2Decr, s1Decr, warningConfidence) {
                warningDetected = true
            }
        }
        return DetectorSignal(drift: driftDetected, warning: warningDetected)
    }

    private func changed(_ a: SampleInfo, _ b: SampleInfo, _ confidence: Double) -> Bool {
        guard a.isInit && b.isInit else { return false }
        return b.ewma - a.ewma > bound(a.ibc + b.ibc, confidence)
    }
}
