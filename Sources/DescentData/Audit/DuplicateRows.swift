/// The `duplicate_rows` check: rows identical (cell by cell, numbers by value) to an earlier
/// row of the same split. Each repeat is reported, not the first occurrence.
public enum DuplicateRows {
    /// For each row, the earlier row it repeats (0-based), or nil.
    public static func repeats(_ keys: [String]) -> [Int?] {
        var first: [String: Int] = [:]
        var out = [Int?](repeating: nil, count: keys.count)
        for (row, key) in keys.enumerated() {
            if let earlier = first[key] { out[row] = earlier } else { first[key] = row }
        }
        return out
    }

    /// The finding for `table` in `split`, or nil when no row repeats.
    public static func finding(_ table: Table, split: AuditSplit) -> AuditFinding? {
        let found = repeats(CanonicalCell.rowKeys(table, columns: table.columnNames))
        let rows = found.indices.filter { found[$0] != nil }
        guard !rows.isEmpty else { return nil }
        let groups = Set(rows.map { found[$0]! }).count
        return AuditFinding(
            check: .duplicateRows, severity: .warning, count: rows.count, columns: table.columnNames, rows: rows, split: split,
            message: "\(split.rawValue): \(rows.count) rows repeat an earlier row (\(groups) distinct rows repeated); row \(rows[0] + 1) repeats row \(found[rows[0]]! + 1)",
            fix: "drop the repeats (keep the first of each), unless the data really holds identical examples")
    }
}
