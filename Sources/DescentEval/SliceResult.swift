/// Every metric on one slice, with bootstrap 95% intervals.
public struct SliceResult: Sendable {
    public var column: String
    public var value: String
    public var rows: Int
    public var metrics: [String: Double?]
    public var intervals: [String: BootstrapInterval]
}

/// How much worse than the whole set the worst slice is on one metric: accuracy for
/// classification (overall − worst), MAE for regression (worst − overall).
public struct WorstSliceGap: Sendable, Equatable, Encodable {
    public var metric: String
    public var column: String
    public var value: String
    public var overall: Double
    public var slice: Double
    public var gap: Double

    /// The worst of `slices` on `metric` (`higherIsBetter` says which way), or nil when
    /// there are no slices.
    static func find(_ slices: [SliceResult], metric: String, overall: Double, higherIsBetter: Bool) -> WorstSliceGap? {
        var worst: WorstSliceGap?
        for s in slices {
            guard let v = s.metrics[metric] ?? nil else { continue }
            let gap = higherIsBetter ? overall - v : v - overall
            if worst == nil || gap > worst!.gap {
                worst = WorstSliceGap(metric: metric, column: s.column, value: s.value, overall: overall, slice: v, gap: gap)
            }
        }
        return worst
    }
}
