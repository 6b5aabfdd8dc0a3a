/// The `target_leakage` check: a single feature that predicts the label almost perfectly, the
/// way deepchecks' feature-label correlation check finds leaks (an id that encodes the class,
/// a column filled in after the outcome was known).
///
/// Each feature alone becomes a lookup rule: its value (numbers in up to 20 quantile bins)
/// maps to the most frequent label among training rows with that value. The rule is fitted
/// on half of the rows (picked by a hash of the row number) and scored on the other half, both ways (so an id column, unique per
/// row, predicts nothing). A feature leaks when that held-out accuracy is at least 0.99 and
/// closes at least 90% of the gap between always guessing the most frequent class and 1.
public enum TargetLeakage {
    /// The held-out accuracy of `feature` predicting `labels` (nil rows left out) and the baseline.
    public static func heldOutAccuracy(_ feature: Column, labels: [Int?]) -> (accuracy: Double, baseline: Double) {
        let groups = groupKeys(feature)
        let rows = labels.indices.filter { labels[$0] != nil }
        guard rows.count >= 4 else { return (0, 1) }
        var counts: [Int: Int] = [:]
        for row in rows { counts[labels[row]!, default: 0] += 1 }
        let baseline = Double(counts.values.max() ?? 0) / Double(rows.count)
        let majority = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key
        // Two folds by a hash of the row number, so that periodic data does not fall into one fold.
        let folds = rows.map { Int((UInt64($0) &* 0x9E37_79B9_7F4A_7C15) >> 63) }
        var correct = 0
        for fold in 0..<2 {
            var table: [String: [Int: Int]] = [:]
            for (position, row) in rows.enumerated() where folds[position] != fold {
                table[groups[row], default: [:]][labels[row]!, default: 0] += 1
            }
            for (position, row) in rows.enumerated() where folds[position] == fold {
                let guess = table[groups[row]].map { votes in votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!.key } ?? majority
                if guess == labels[row]! { correct += 1 }
            }
        }
        return (Double(correct) / Double(rows.count), baseline)
    }

    /// The finding over `table`'s features, or nil when no single feature predicts the label.
    public static func finding(_ table: Table, label: String, labels: AuditLabels) -> AuditFinding? {
        guard labels.classes.count >= 2 else { return nil }
        var leaking: [(String, Double)] = []
        for column in table.columns where column.name != label && column.type != .text {
            let (accuracy, baseline) = heldOutAccuracy(column, labels: labels.indices)
            if accuracy >= 0.99 && accuracy - baseline >= 0.9 * (1 - baseline) && baseline < 0.99 {
                leaking.append((column.name, accuracy))
            }
        }
        guard !leaking.isEmpty else { return nil }
        let list = leaking.map { "\($0.0) (\(percent($0.1)))" }.joined(separator: ", ")
        return AuditFinding(
            check: .targetLeakage, severity: .error, count: leaking.count, columns: leaking.map(\.0), split: .train,
            message: "\(leaking.count) column\(leaking.count == 1 ? "" : "s") alone predict\(leaking.count == 1 ? "s" : "") '\(label)' on held-out rows almost perfectly: \(list)",
            fix: "check whether the column is known before the label is; if it is derived from the label or recorded after it, drop it")
    }

    /// The group each row falls in: a category, a number's quantile bin, or missing.
    static func groupKeys(_ column: Column) -> [String] {
        switch column.storage {
        case .strings(let values):
            return values.indices.map { column.missing[$0] ? CanonicalCell.missing : values[$0] }
        case .numbers(let values):
            let present = values.indices.filter { !column.missing[$0] }.map { values[$0] }
            let distinct = Set(present)
            if distinct.count <= 20 {
                return values.indices.map { column.missing[$0] ? CanonicalCell.missing : CanonicalCell.number(values[$0]) }
            }
            let sorted = present.sorted()
            let edges = (1..<20).map { sorted[$0 * sorted.count / 20] }
            return values.indices.map { row in
                if column.missing[row] { return CanonicalCell.missing }
                var bin = 0
                while bin < edges.count && values[row] >= edges[bin] { bin += 1 }
                return "bin\(bin)"
            }
        }
    }
}
