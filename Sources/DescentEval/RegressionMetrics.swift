import Foundation

/// The regression metrics of `descent eval`, equal to scikit-learn 1.9's:
/// MAE, RMSE (`root_mean_squared_error`), MAPE (`mean_absolute_percentage_error`:
/// `mean(|y - ŷ| / max(|y|, eps))`, eps the float64 machine epsilon, a fraction rather than a
/// percentage), the median absolute error and R² (`r2_score`: 1 when the labels are constant
/// and predicted exactly, 0 when they are constant and not).
public struct RegressionMetrics: Sendable, Equatable {
    /// Rows evaluated.
    public var rows: Int
    /// Mean absolute error.
    public var mae: Double
    /// Root mean squared error.
    public var rmse: Double
    /// Mean absolute percentage error, as a fraction.
    public var mape: Double
    /// Median absolute error.
    public var medianAbsoluteError: Double
    /// Coefficient of determination.
    public var r2: Double

    /// The metrics `descent eval --json` reports for regression, by their JSON names, in order.
    public static let names = ["mae", "rmse", "mape", "median_ae", "r2"]

    /// The value of each of ``names``.
    public var values: [String: Double?] {
        ["mae": mae, "rmse": rmse, "mape": mape, "median_ae": medianAbsoluteError, "r2": r2]
    }

    /// The metrics of `predictions` against `labels` (equal lengths, at least one row, finite).
    public init(labels: [Double], predictions: [Double]) {
        precondition(labels.count == predictions.count && !labels.isEmpty)
        let n = labels.count
        var absSum = 0.0, squareSum = 0.0, percentSum = 0.0, labelSum = 0.0
        var errors = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let e = labels[i] - predictions[i]
            errors[i] = abs(e)
            absSum += abs(e)
            squareSum += e * e
            percentSum += abs(e) / max(abs(labels[i]), Double.ulpOfOne)
            labelSum += labels[i]
        }
        let mean = labelSum / Double(n)
        var total = 0.0
        for y in labels { total += (y - mean) * (y - mean) }
        rows = n
        mae = absSum / Double(n)
        rmse = (squareSum / Double(n)).squareRoot()
        mape = percentSum / Double(n)
        errors.sort()
        medianAbsoluteError = n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2
        if total == 0 {
            r2 = squareSum == 0 ? 1 : 0
        } else {
            r2 = 1 - squareSum / total
        }
    }
}
