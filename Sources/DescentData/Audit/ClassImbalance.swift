/// cleanlab's `class_imbalance` rule (Datalab's `ClassImbalanceIssueManager`, cleanlab 2.9):
/// the rarest class (ties to the smaller index) is an issue when its share of the labels is
/// below `threshold / K`, K the number of classes; every row of that class is flagged.
public struct ClassImbalance: Sendable, Equatable {
    /// The rarest class's index.
    public let rarestClass: Int
    /// Its share of the labelled rows.
    public let share: Double
    /// Whether the share is below `threshold / K`.
    public let isImbalanced: Bool
    /// The rows of the rarest class when imbalanced (0-based), else empty.
    public let rows: [Int]

    /// Applies the rule to `labels` (rows without a label are left out, as cleanlab needs labels on every row).
    public init?(_ labels: AuditLabels, threshold: Double = 0.1) {
        let counts = labels.counts
        let total = counts.reduce(0, +)
        guard total > 0, !counts.isEmpty else { return nil }
        var rarest = 0
        for k in counts.indices where counts[k] < counts[rarest] { rarest = k }
        rarestClass = rarest
        share = Double(counts[rarest]) / Double(total)
        isImbalanced = share < threshold * (1 / Double(counts.count))
        rows = isImbalanced ? labels.indices.indices.filter { labels.indices[$0] == rarest } : []
    }

    /// The finding for `labels` of column `column`, or nil when the classes are balanced enough.
    public static func finding(_ labels: AuditLabels, column: String) -> AuditFinding? {
        guard let rule = ClassImbalance(labels), rule.isImbalanced else { return nil }
        let name = labels.classes[rule.rarestClass]
        return AuditFinding(
            check: .classImbalance, severity: .warning, count: rule.rows.count, columns: [column], rows: rule.rows,
            message: "class '\(name)' has \(rule.rows.count) rows, \(percent(rule.share)) of the labels, below a tenth of an even share (\(percent(1 / Double(labels.classes.count)))) of \(labels.classes.count) classes",
            fix: "collect more rows of class '\(name)', weight the classes in the loss, or report per-class metrics")
    }
}

/// `12.3%`.
func percent(_ share: Double) -> String {
    let value = (share * 1000).rounded() / 10
    return "\(value)%"
}
