import Foundation

/// The regression metrics of `descent eval`, equal to scikit-learn 1.9's:
/// MAE, RMSE (`root_mean_squared_error`), MAPE (`mean_absolute_percentage_error`:
/// `mean(|y - ŷ| / max(|y|, eps))`, eps the float64 machine epsilon, a fraction rather than a
/// percentage), the median absolute error and R² (`r2_score`: 1 when the labels are constant
/// and predicted exactly, 0 when they are constant and not; with weights, constant labels are
/// taken as constant even where scikit-learn's weighted mean rounds one ulp away from them).
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

    /// The metrics of `predictions` against `labels` (equal lengths, at least one row, finite),
    /// each row weighted by `weights` when given (scikit-learn's `sample_weight`: weighted
    /// means, R² around the weighted mean, and the median absolute error as
    /// `_weighted_percentile(average=True)`, which is the median when every weight is 1).
    public init(labels: [Double], predictions: [Double], weights: [Double]? = nil) {
        precondition(labels.count == predictions.count && !labels.isEmpty && (weights?.count ?? labels.count) == labels.count)
        let n = labels.count
        var absSum = 0.0, squareSum = 0.0, percentSum = 0.0, labelSum = 0.0, weightSum = 0.0
        var errors = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let w = weights?[i] ?? 1
            let e = labels[i] - predictions[i]
            errors[i] = abs(e)
            absSum += w * abs(e)
            squareSum += w * (e * e)
            percentSum += w * (abs(e) / max(abs(labels[i]), Double.ulpOfOne))
            labelSum += w * labels[i]
            weightSum += w
        }
        // Constant labels have no variance, even where the weighted mean rounds away from them.
        let mean = labels.allSatisfy({ $0 == labels[0] }) ? labels[0] : labelSum / weightSum
        var total = 0.0
        for i in 0..<n { total += (weights?[i] ?? 1) * ((labels[i] - mean) * (labels[i] - mean)) }
        rows = n
        mae = absSum / weightSum
        rmse = (squareSum / weightSum).squareRoot()
        mape = percentSum / weightSum
        if let weights {
            medianAbsoluteError = Self.weightedMedian(errors, weights: weights)
        } else {
            errors.sort()
            medianAbsoluteError = n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2
        }
        if !(weightSum > 0) {
            r2 = .nan
        } else if total == 0 {
            r2 = squareSum == 0 ? 1 : 0
        } else {
            r2 = 1 - squareSum / total
        }
    }

    /// scikit-learn 1.9's `_weighted_percentile(values, weights, 50, average=True)`
    /// ("averaged inverted CDF"): the first sorted value whose cumulative weight reaches half
    /// the total, averaged with the next value of positive weight when it reaches it exactly
    /// (within the float64 epsilon); NaN when every weight is 0.
    static func weightedMedian(_ values: [Double], weights: [Double]) -> Double {
        let n = values.count
        let order = (0..<n).sorted { values[$0] < values[$1] }
        var cdf = [Double](repeating: 0, count: n)
        var running = 0.0
        for j in 0..<n {
            running += weights[order[j]]
            cdf[j] = running
        }
        guard running > 0 else { return .nan }
        let half = 0.5 * running
        // numpy's searchsorted (side left): the first index with cdf >= half.
        var index = cdf.firstIndex { $0 >= half } ?? n - 1
        index = min(index, n - 1)
        guard !(cdf[index] - half > Double.ulpOfOne) else { return values[order[index]] }
        var next = min(index + 1, n - 1)
        if weights[order[next]] == 0 {
            // The next index whose cumulative weight is larger (searchsorted side right).
            let later = cdf.firstIndex { $0 > cdf[index] } ?? n
            next = later > n - 1 ? index : later
        }
        return (values[order[index]] + values[order[next]]) / 2
    }
}
