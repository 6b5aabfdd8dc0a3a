/// Counts of each category in a reference and a current sample, over the union of their categories.
public struct FrequencyTable: Sendable {
    /// Count of each category in the reference sample (same order as ``currentCounts``).
    public let referenceCounts: [Double]
    /// Count of each category in the current sample.
    public let currentCounts: [Double]
    /// Reference sample size.
    public var referenceTotal: Double { referenceCounts.reduce(0, +) }
    /// Current sample size.
    public var currentTotal: Double { currentCounts.reduce(0, +) }
    /// Number of categories seen in either sample.
    public var categoryCount: Int { referenceCounts.count }

    /// Builds the table from category labels; categories are ordered by first appearance
    /// (reference first), which does not affect any statistic.
    public init<T: Hashable>(reference: [T], current: [T]) {
        var index = [T: Int]()
        var ref = [Double](), cur = [Double]()
        for v in reference {
            if let i = index[v] { ref[i] += 1 } else { index[v] = ref.count; ref.append(1); cur.append(0) }
        }
        for v in current {
            if let i = index[v] { cur[i] += 1 } else { index[v] = ref.count; ref.append(0); cur.append(1) }
        }
        referenceCounts = ref
        currentCounts = cur
    }

    /// Builds the table from counts.
    public init(referenceCounts: [Double], currentCounts: [Double]) {
        precondition(referenceCounts.count == currentCounts.count)
        self.referenceCounts = referenceCounts
        self.currentCounts = currentCounts
    }
}
