import Foundation

/// HDDM-A (Frías-Blanco et al. 2014), drift detection with Hoeffding's bounds on moving
/// averages, on values in [0, 1], as River implements it. River's default is one-sided
/// (`two_sided_test = false`): it detects only an increase of the mean (e.g. of an error rate).
/// River defaults: drift_confidence 0.001, warning_confidence 0.005, two_sided_test false.
public struct HDDMA: DriftDetector {
    /// Confidence of the drift test (`drift_confidence`).
    public let driftConfidence: Double
    /// Confidence of the warning test (`warning_confidence`).
    public let warningConfidence: Double
    /// Also detect a decrease of the mean (`two_sided_test`; River's default is `false`).
    public let twoSidedTest: Bool

    private var xMin = RunningMean()
    private var xMax = RunningMean()
    private var z = RunningMean()
    /// Whether the last update detected a drift.
    public private(set) var driftDetected = false
    /// Whether the last update raised a warning.
    public private(set) var warningDetected = false

    /// Creates a detector with River's parameter names and defaults.
    public init(driftConfidence: Double = 0.001, warningConfidence: Double = 0.005, twoSidedTest: Bool = false) {
        self.driftConfidence = driftConfidence
        self.warningConfidence = warningConfidence
        self.twoSidedTest = twoSidedTest
    }

    private func hoeffdingBound(_ n: Double) -> Double { (1 / (2 * n) * log(1 / driftConfidence)).squareRoot() }

    /// Feeds one value.
    @discardableResult
    public mutating func update(_ x: Double) -> DetectorSignal {
        if driftDetected {
            xMin = RunningMean(); xMax = RunningMean(); z = RunningMean()
            driftDetected = false; warningDetected = false
        }
        z.update(x)
        if xMin.n == 0 { xMin = z }
        if xMax.n == 0 { xMax = z }
        let epsZ = hoeffdingBound(z.n)
        if xMin.mean + hoeffdingBound(xMin.n) >= z.mean + epsZ { xMin = z }
        if xMax.mean - hoeffdingBound(xMax.n) <= z.mean - epsZ { xMax = z }
        if meanIncreased(driftConfidence) {
            warningDetected = false; driftDetected = true
        } else if meanIncreased(warningConfidence) {
            warningDetected = true; driftDetected = false
        } else {
            warningDetected = false; driftDetected = false
        }
        if twoSidedTest {
            if meanDecreased(driftConfidence) {
                driftDetected = true
            } else if meanDecreased(warningConfidence) {
                warningDetected = true
            }
        }
        return DetectorSignal(drift: driftDetected, warning: warningDetected)
    }

    private func meanIncreased(_ confidence: Double) -> Bool {
        if xMin.n == z.n { return false }
        let m = (z.n - xMin.n) / xMin.n * (1 / z.n)
        let eps = (m / 2 * log(2 / confidence)).squareRoot()
        return z.mean - xMin.mean >= eps
    }

    private func meanDecreased(_ confidence: Double) -> Bool {
        if xMax.n == z.n { return false }
        let m = (z.n - xMax.n) / xMax.n * (1 / z.n)
        let eps = (m / 2 * log(2 / confidence)).squareRoot()
        return xMax.mean - z.mean >= eps
    }
}
