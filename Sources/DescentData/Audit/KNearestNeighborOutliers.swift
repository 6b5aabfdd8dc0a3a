import Foundation

/// cleanlab's kNN outlier rule (Datalab's `OutlierIssueManager` on features, cleanlab 2.9):
/// each row's mean distance `d` to its `k` nearest neighbours (cosine above 3 features,
/// Euclidean otherwise); a row is an outlier when `d > Q3 + (1/threshold − 1) · IQR` of those
/// means (threshold 0.37037, so about 1.7 IQR); its score is `exp(−d / median d)`, set to 1
/// where `d` is below the metric's precision tolerance.
public struct KNearestNeighborOutliers: Sendable {
    /// cleanlab's default threshold on features.
    public static let defaultThreshold = 0.37037

    /// Each row's mean distance to its neighbours.
    public let meanDistances: [Double]
    /// Each row's score in [0, 1], low for outliers.
    public let scores: [Double]
    /// The mean distance above which a row is an outlier.
    public let issueThreshold: Double
    /// Whether each row is an outlier.
    public let isOutlier: [Bool]

    /// Applies the rule to the row-major matrix `features` of `width` columns.
    public init(features: [Double], width: Int, k: Int = 10, metric: NearestNeighbors.Metric? = nil,
                threshold: Double = KNearestNeighborOutliers.defaultThreshold) {
        let metric = metric ?? .cleanlabDefault(width: width)
        let graph = NearestNeighbors(query: features, reference: features, width: width, k: k, metric: metric, excludingSelf: true)
        self.init(meanDistances: graph.meanDistances, metric: metric, threshold: threshold)
    }

    /// Applies the rule to precomputed mean neighbour distances.
    public init(meanDistances: [Double], metric: NearestNeighbors.Metric, threshold: Double = KNearestNeighborOutliers.defaultThreshold) {
        self.meanDistances = meanDistances
        let q3 = percentile(meanDistances, 75), q1 = percentile(meanDistances, 25)
        issueThreshold = q3 + (threshold > 0 ? 1 / threshold - 1 : .infinity) * (q3 - q1)
        let cut = issueThreshold
        isOutlier = meanDistances.map { $0 > cut }
        let scaling = max(median(meanDistances), 100 * Double.ulpOfOne)
        let tolerance = metric == .cosine ? 100 * Double.ulpOfOne / 2 : (100 * Double.ulpOfOne).squareRoot()
        let scale = max(scaling, 1e-6)
        scores = meanDistances.map { $0 < tolerance ? 1 : exp(-$0 / scale) }
    }

    /// The finding over rows whose 10-nearest-neighbour `graph` (of `width` features) is given, or nil when none is an outlier.
    public static func finding(graph: NearestNeighbors, width: Int, columns: [String], split: AuditSplit) -> AuditFinding? {
        guard width > 0, graph.k == 10 else { return nil }
        let rule = KNearestNeighborOutliers(meanDistances: graph.meanDistances, metric: .cleanlabDefault(width: width))
        let rows = rule.isOutlier.indices.filter { rule.isOutlier[$0] }
        guard !rows.isEmpty else { return nil }
        let ranked = rows.sorted { rule.scores[$0] < rule.scores[$1] }
        return AuditFinding(
            check: .outliers, severity: .info, count: rows.count, columns: columns, rows: rows, split: split,
            message: "\(split.rawValue): \(rows.count) rows are far from their 10 nearest neighbours (mean \(NearestNeighbors.Metric.cleanlabDefault(width: width).rawValue) distance above \(String(format: "%.4g", rule.issueThreshold))); the most isolated is row \(ranked[0] + 1)",
            fix: "look at the outlying rows: remove data-entry errors, keep rare but real cases (and collect more like them)")
    }
}
