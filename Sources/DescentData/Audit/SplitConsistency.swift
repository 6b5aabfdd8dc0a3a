/// The checks between the training and the test split: `type_mismatch` (a column whose type
/// differs, or that one split lacks) and `new_categories` (test categories never seen in training).
public enum SplitConsistency {
    /// The `type_mismatch` finding, or nil when both splits have the same columns and types.
    public static func typeMismatch(train: Table, test: Table) -> AuditFinding? {
        var problems: [String] = []
        var columns: [String] = []
        for column in train.columns {
            guard let other = test[column.name] else {
                problems.append("'\(column.name)' is missing from test")
                columns.append(column.name)
                continue
            }
            let numeric = column.type == .numeric, otherNumeric = other.type == .numeric
            if numeric != otherNumeric {
                problems.append("'\(column.name)' is \(column.type.rawValue) in train but \(other.type.rawValue) in test")
                columns.append(column.name)
            }
        }
        for column in test.columns where train[column.name] == nil {
            problems.append("'\(column.name)' is only in test")
            columns.append(column.name)
        }
        guard !problems.isEmpty else { return nil }
        return AuditFinding(
            check: .typeMismatch, severity: .error, count: columns.count, columns: columns, split: nil,
            message: "\(columns.count) column\(columns.count == 1 ? "" : "s") differ between the splits: \(problems.joined(separator: "; "))",
            fix: "make both splits come from the same export with the same schema; fix the cells that make a numeric column text")
    }

    /// The `new_categories` finding, or nil when every test category appears in training.
    public static func newCategories(train: Table, test: Table) -> AuditFinding? {
        var columns: [String] = []
        var examples: [String] = []
        var rowSet = Set<Int>()
        for column in train.columns where column.type == .categorical {
            guard let other = test[column.name], case .strings(let known) = column.storage, case .strings(let values) = other.storage else { continue }
            var seen = Set<String>()
            for row in known.indices where !column.missing[row] { seen.insert(known[row]) }
            var new = Set<String>()
            for row in values.indices where !other.missing[row] && !seen.contains(values[row]) {
                new.insert(values[row])
                rowSet.insert(row)
            }
            if !new.isEmpty {
                columns.append(column.name)
                let sorted = new.sorted()
                examples.append("'\(column.name)': \(sorted.prefix(3).map { "'\($0)'" }.joined(separator: ", "))\(sorted.count > 3 ? " and \(sorted.count - 3) more" : "")")
            }
        }
        guard !columns.isEmpty else { return nil }
        let rows = rowSet.sorted()
        return AuditFinding(
            check: .newCategories, severity: .warning, count: rows.count, columns: columns, rows: rows, split: .test,
            message: "\(rows.count) test rows hold categories never seen in train: \(examples.joined(separator: "; "))",
            fix: "map new spellings to known categories, add an 'other' category, or retrain with data that covers them")
    }
}
