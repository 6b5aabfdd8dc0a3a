/// cleanlab's near-duplicate rule (Datalab's `NearDuplicateIssueManager`, cleanlab 2.9): two
/// rows are near duplicates when their distance is below `threshold` (0.13) times the median
/// distance of rows to their nearest neighbour; both are flagged. The `near_duplicate_rows`
/// check reports the rows so flagged that are not exact repeats (``DuplicateRows`` reports those).
public enum NearDuplicateRows {
    /// cleanlab's default threshold.
    public static let defaultThreshold = 0.13

    /// Whether each row of the row-major `features` is a near duplicate of another row.
    public static func flags(features: [Double], width: Int, k: Int = 10, threshold: Double = defaultThreshold) -> [Bool] {
        flags(graph: NearestNeighbors(query: features, reference: features, width: width, k: k,
                                      metric: .cleanlabDefault(width: width), excludingSelf: true), threshold: threshold)
    }

    /// Whether each row is a near duplicate of another, from its nearest-neighbour `graph`.
    public static func flags(graph: NearestNeighbors, threshold: Double = defaultThreshold) -> [Bool] {
        let n = graph.k > 0 ? graph.distances.count / graph.k : 0
        var flags = [Bool](repeating: false, count: n)
        guard graph.k > 0 else { return flags }
        let radius = threshold * max(median(graph.nearestDistances), 1e-6)
        for i in 0..<n {
            for t in 0..<graph.k where graph.distances[i * graph.k + t] < radius {
                flags[i] = true
                flags[graph.indices[i * graph.k + t]] = true
            }
        }
        return flags
    }

    /// The finding for a split, or nil when no row is a near duplicate but not an exact one.
    public static func finding(graph: NearestNeighbors, exactKeys: [String], columns: [String], split: AuditSplit) -> AuditFinding? {
        guard graph.k > 0, exactKeys.count > 2 else { return nil }
        let near = flags(graph: graph)
        var keyCounts: [String: Int] = [:]
        for key in exactKeys { keyCounts[key, default: 0] += 1 }
        let rows = near.indices.filter { near[$0] && keyCounts[exactKeys[$0]]! == 1 }
        guard !rows.isEmpty else { return nil }
        return AuditFinding(
            check: .nearDuplicateRows, severity: .info, count: rows.count, columns: columns, rows: rows, split: split,
            message: "\(split.rawValue): \(rows.count) rows are much closer to another row than rows usually are (below \(defaultThreshold) of the median nearest-neighbour distance) without being identical",
            fix: "check whether they are the same example recorded twice (rounding, a changed id or time stamp); keep one of each")
    }
}
