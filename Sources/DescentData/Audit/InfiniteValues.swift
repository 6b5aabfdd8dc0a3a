/// The `infinite_values` check: numeric cells holding ±infinity (`inf`, `-Infinity`, or a
/// number beyond a double's range such as `1e400`), as ydata-profiling's INFINITE alert.
/// Models and scalers break on them, and they are not missing, so `missing_values` does not
/// count them. Always a warning.
public enum InfiniteValues {
    /// The finding over the numeric columns of `table` in `split`, or nil when every number is finite.
    public static func finding(_ table: Table, split: AuditSplit) -> AuditFinding? {
        var affected: [(name: String, rows: [Int])] = []
        for column in table.columns {
            guard case .numbers(let values) = column.storage else { continue }
            let rows = values.indices.filter { !column.missing[$0] && values[$0].isInfinite }
            if !rows.isEmpty { affected.append((column.name, rows)) }
        }
        guard !affected.isEmpty else { return nil }
        let rows = Set(affected.flatMap(\.rows)).sorted()
        let cells = affected.reduce(0) { $0 + $1.rows.count }
        let worst = affected.max { $0.rows.count < $1.rows.count }!
        return AuditFinding(
            check: .infiniteValues, severity: .warning, count: rows.count, columns: affected.map(\.name), rows: rows, split: split,
            message: "\(split.rawValue): \(rows.count) rows hold \(cells) infinite numbers in \(affected.count) column\(affected.count == 1 ? "" : "s"); '\(worst.name)' has \(worst.rows.count), first in row \(worst.rows[0] + 1)",
            fix: "find what wrote them (a division by zero, an overflow, a sentinel); clip to a finite bound or treat them as missing and impute")
    }
}
