/// The `constant_columns` check: columns with one value in every present cell (they carry no information).
public enum ConstantColumns {
    /// The finding over `table`'s columns except `exclude`, or nil when none is constant.
    public static func finding(_ table: Table, split: AuditSplit, exclude: Set<String> = []) -> AuditFinding? {
        guard table.rowCount > 1 else { return nil }
        var constant: [String] = []
        for column in table.columns where !exclude.contains(column.name) {
            var first: String?
            var same = true
            for row in 0..<column.count where !column.missing[row] {
                let cell = CanonicalCell.text(column, row: row)
                if let first, first != cell { same = false; break }
                first = cell
            }
            if same { constant.append(column.name) }
        }
        guard !constant.isEmpty else { return nil }
        return AuditFinding(
            check: .constantColumns, severity: .warning, count: constant.count, columns: constant, split: split,
            message: "\(split.rawValue): \(constant.count) column\(constant.count == 1 ? " holds" : "s hold") one value in every row: \(constant.joined(separator: ", "))",
            fix: "drop the constant columns; if they should vary, check how the data was extracted")
    }
}
