/// Everything `descent eval` reports on a regression model: the metrics, and per-slice
/// metrics with bootstrap intervals and the worst-slice gap (on MAE).
public struct RegressionEvaluation: Sendable {
    public var metrics: RegressionMetrics
    public var slices: [SliceResult]
    public var worstSliceGap: WorstSliceGap?

    /// Evaluates `predictions` against `labels` (equal lengths, at least one row), each row
    /// weighted by `weights` when given.
    public init(labels: [Double], predictions: [Double], weights: SampleWeights? = nil, slices: [Slice] = [],
                options: EvaluationOptions = EvaluationOptions()) {
        let w = weights?.values
        metrics = RegressionMetrics(labels: labels, predictions: predictions, weights: w)
        @Sendable func sliceMetrics(_ rows: [Int]) -> [String: Double?] {
            RegressionMetrics(labels: rows.map { labels[$0] }, predictions: rows.map { predictions[$0] },
                              weights: w.map { w in rows.map { w[$0] } }).values
        }
        self.slices = slices.enumerated().map { index, slice in
            let intervals = Bootstrap.intervals(rows: slice.rows, resamples: options.bootstrap, seed: options.seed, stream: UInt64(index)) {
                sliceMetrics($0)
            }
            return SliceResult(column: slice.column, value: slice.value, rows: slice.rows.count, metrics: sliceMetrics(slice.rows), intervals: intervals)
        }
        worstSliceGap = WorstSliceGap.find(self.slices, metric: "mae", overall: self.metrics.mae, higherIsBetter: false)
    }
}
