import Foundation

/// Predicted class probabilities for each training row: a CSV with one `p_<class>` column per
/// class and one row per training row, in order (other columns are ignored).
public struct PredictedProbabilities: Sendable {
    /// The classes of the columns, in file order.
    public let classes: [String]
    /// Row-major `rows × classes.count`.
    public let values: [Double]
    /// Number of rows.
    public var rowCount: Int { classes.isEmpty ? 0 : values.count / classes.count }

    /// Probabilities as given.
    public init(classes: [String], values: [Double]) {
        self.classes = classes
        self.values = values
    }

    /// Reads `table` (from the file `table.source`); `prefix` starts a probability column's name.
    /// Throws one line naming the file, line and column when a class of `labels` has no
    /// column, the row count differs from `rows`, or a row holds a missing, negative or
    /// non-finite value or does not sum to 1 within 1e-4.
    public init(_ table: Table, labels: AuditLabels, rows: Int, prefix: String = "p_") throws(AuditInputError) {
        let path = table.source
        let columns = table.columns.filter { $0.name.hasPrefix(prefix) }
        let classes = columns.map { String($0.name.dropFirst(prefix.count)) }
        for name in labels.classes where !classes.contains(name) {
            throw AuditInputError("\(path): no column '\(prefix)\(name)' for class '\(name)' of the labels (probability columns: \(columns.map(\.name).joined(separator: ", ")))")
        }
        guard table.rowCount == rows else {
            throw AuditInputError("\(path): \(table.rowCount) rows, but the training data has \(rows); one row of probabilities per training row, in order")
        }
        let K = columns.count
        var values = [Double](repeating: 0, count: rows * K)
        for (k, column) in columns.enumerated() {
            guard case .numbers(let cells) = column.storage else {
                throw AuditInputError("\(path): column '\(column.name)': not numeric")
            }
            for row in 0..<rows {
                if column.missing[row] { throw AuditInputError("\(path):\(row + 2): column '\(column.name)': missing probability") }
                let v = cells[row]
                guard v.isFinite, v >= 0, v <= 1 + 1e-4 else {
                    throw AuditInputError("\(path):\(row + 2): column '\(column.name)': probability \(v) is not in [0, 1]")
                }
                values[row * K + k] = v
            }
        }
        for row in 0..<rows {
            var sum = 0.0
            for k in 0..<K { sum += values[row * K + k] }
            if abs(sum - 1) > 1e-4 {
                throw AuditInputError("\(path):\(row + 2): probabilities sum to \(sum), not 1 (within 1e-4)")
            }
        }
        self.classes = classes
        self.values = values
    }

    /// The `label_issues` finding for `labels` of column `column` (rows with a missing label
    /// are left out), or nil when confident learning finds none.
    public func finding(_ labels: AuditLabels, column: String) -> AuditFinding? {
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let K = classes.count
        var kept: [Int] = [], given: [Int] = [], matrix: [Double] = []
        for (row, label) in labels.indices.enumerated() {
            guard let label, let k = index[labels.classes[label]] else { continue }
            kept.append(row)
            given.append(k)
            matrix.append(contentsOf: values[(row * K)..<(row * K + K)])
        }
        let issues = ConfidentLearning.findLabelIssues(labels: given, probabilities: matrix, classes: K)
        let rows = kept.indices.filter { issues[$0] }.map { kept[$0] }
        guard !rows.isEmpty else { return nil }
        let share = Double(rows.count) / Double(max(kept.count, 1))
        let first = rows[0]
        var suggested = 0
        for k in 0..<K where values[first * K + k] > values[first * K + suggested] { suggested = k }
        return AuditFinding(
            check: .labelIssues, severity: .warning, count: rows.count, columns: [column], rows: rows,
            message: "\(rows.count) rows (\(percent(share))) look mislabelled by confident learning; row \(first + 1) is labelled '\(labels.classes[labels.indices[first]!])' but the model says '\(classes[suggested])' (p = \(String(format: "%.2f", values[first * K + suggested])))",
            fix: "review the flagged rows and correct their labels (or drop them); train on the cleaned data")
    }
}
