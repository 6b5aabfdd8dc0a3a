/// Everything `descent eval` reports on a regression model: the metrics, and per-slice
/// metrics with bootstrap intervals and the worst-slice gap (on MAE).
public struct RegressionEvaluation: Sendable {
    public var metrics: RegressionMetrics
    public var slices: [SliceResult]
    public var worstSliceGap: WorstSliceGap?

    /// Evaluates `predictions` against `labels` (equal lengths, at least one row).
    public init(labels: [Double], predictions: [Double], slices: [Slice] = [], options: EvaluationOptions = EvaluationOptions()) {
        metrics = RegressionMetrics(labels: labels, predictions: predictions)
        self.slices = slices.enumerated().map { index, slice in
            let values = RegressionMetrics(labels: slice.rows.map { labels[$0] }, predictions: slice.rows.map { predictions[$0] }).values
            let intervals = Bootstrap.intervals(rows: slice.rows, resamples: options.bootstrap, seed: options.seed, stream: UInt64(index)) { rows in
                RegressionMetrics(labels: rows.map { labels[$0] }, predictions: rows.map { predictions[$0] }).values
            }
            return SliceResult(column: slice.column, value: slice.value, rows: slice.rows.count, metrics: values, intervals: intervals)
        }
        worstSliceGap = WorstSliceGap.find(self.slices, metric: "mae", overall: metrics.mae, higherIsBetter: false)
    }
}
