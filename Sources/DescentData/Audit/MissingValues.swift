/// The `missing_values` check: cells that are empty or a missing-value token (pandas' `na_values`).
///
/// Warning when some column misses at least 5% of its cells, else info.
public enum MissingValues {
    /// The finding over the columns of `table` in `split`, or nil when nothing is missing.
    public static func finding(_ table: Table, split: AuditSplit) -> AuditFinding? {
        let affected = table.columns.filter { $0.missingCount > 0 }
        guard !affected.isEmpty else { return nil }
        var rows: [Int] = []
        for row in 0..<table.rowCount where affected.contains(where: { $0.missing[row] }) { rows.append(row) }
        let worst = affected.max { $0.missingCount < $1.missingCount }!
        let worstShare = Double(worst.missingCount) / Double(max(table.rowCount, 1))
        let cells = affected.reduce(0) { $0 + $1.missingCount }
        return AuditFinding(
            check: .missingValues, severity: worstShare >= 0.05 ? .warning : .info, count: rows.count,
            columns: affected.map(\.name), rows: rows, split: split,
            message: "\(split.rawValue): \(rows.count) rows miss \(cells) cells in \(affected.count) columns; '\(worst.name)' misses \(percent(worstShare))",
            fix: "impute the missing cells (median or most frequent, fitted on train), drop the rows, or drop columns that are mostly empty")
    }
}
