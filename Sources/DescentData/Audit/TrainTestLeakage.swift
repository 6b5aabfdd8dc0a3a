/// The `train_test_leakage` check: test rows whose features (every column but the label and
/// free-text columns such as notes) are exact copies of a training row, or near copies: closer to their nearest training row than
/// cleanlab's near-duplicate radius (0.13 times the median nearest-neighbour distance within train).
public enum TrainTestLeakage {
    /// For each test row, the training row it copies (0-based) and whether exactly.
    public static func matches(trainKeys: [String], testKeys: [String], trainFeatures: [Double], testFeatures: [Double],
                               width: Int, trainNearest: [Double]? = nil,
                               threshold: Double = NearDuplicateRows.defaultThreshold) -> [(train: Int, exact: Bool)?] {
        var first: [String: Int] = [:]
        for (row, key) in trainKeys.enumerated() where first[key] == nil { first[key] = row }
        var out: [(train: Int, exact: Bool)?] = testKeys.map { key in first[key].map { ($0, true) } }
        let trainRows = width > 0 ? trainFeatures.count / width : 0
        guard width > 0, trainRows > 1 else { return out }
        let metric = NearestNeighbors.Metric.cleanlabDefault(width: width)
        let nearest = trainNearest ?? NearestNeighbors(query: trainFeatures, reference: trainFeatures, width: width, k: 1,
                                                       metric: metric, excludingSelf: true).nearestDistances
        let radius = threshold * max(median(nearest), 1e-6)
        let across = NearestNeighbors(query: testFeatures, reference: trainFeatures, width: width, k: 1, metric: metric, excludingSelf: false)
        for row in out.indices where out[row] == nil && across.distances[row] < radius {
            out[row] = (across.indices[row], false)
        }
        return out
    }

    /// The finding, or nil when no test row copies a training row.
    public static func finding(train: Table, test: Table, label: String, trainFeatures: [Double], testFeatures: [Double], width: Int,
                               trainNearest: [Double]? = nil) -> AuditFinding? {
        let columns = train.columns.filter { $0.name != label && $0.type != .text && test[$0.name] != nil }.map(\.name)
        let found = matches(trainKeys: CanonicalCell.rowKeys(train, columns: columns), testKeys: CanonicalCell.rowKeys(test, columns: columns),
                            trainFeatures: trainFeatures, testFeatures: testFeatures, width: width, trainNearest: trainNearest)
        let rows = found.indices.filter { found[$0] != nil }
        guard !rows.isEmpty else { return nil }
        let exact = rows.filter { found[$0]!.exact }.count
        let first = rows[0]
        return AuditFinding(
            check: .trainTestLeakage, severity: .error, count: rows.count, columns: columns, rows: rows, split: .test,
            message: "\(rows.count) test rows copy a training row (\(exact) exactly, \(rows.count - exact) nearly); test row \(first + 1) copies train row \(found[first]!.train + 1)",
            fix: "remove the copied rows from the test split (or split by a group id so that copies stay together); test scores are inflated until then")
    }
}
