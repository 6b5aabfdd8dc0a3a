/// The `pii` check: personal information in the string (categorical and text) columns of a split.
public enum PIIScan {
    /// Matches per kind, the columns and rows (0-based) that hold any.
    public struct Result: Sendable {
        public var counts: [PIIKind: Int] = [:]
        public var columns: [String] = []
        public var rows: [Int] = []
    }

    /// Scans every present string cell of `table` (numeric columns cannot hold the formats found).
    public static func scan(_ table: Table) -> Result {
        var result = Result()
        var rowSet = Set<Int>()
        for column in table.columns {
            guard case .strings(let values) = column.storage else { continue }
            var hit = false
            for row in values.indices where !column.missing[row] {
                let found = PIIScanner.matches(in: values[row])
                guard !found.isEmpty else { continue }
                hit = true
                rowSet.insert(row)
                for match in found { result.counts[match.kind, default: 0] += 1 }
            }
            if hit { result.columns.append(column.name) }
        }
        result.rows = rowSet.sorted()
        return result
    }

    /// The finding for a split, or nil when it holds no personal information.
    public static func finding(_ table: Table, split: AuditSplit) -> AuditFinding? {
        let result = scan(table)
        guard !result.rows.isEmpty else { return nil }
        let kinds = result.counts.keys.sorted { $0.rawValue < $1.rawValue }.map { "\(result.counts[$0]!) \($0.rawValue)" }
        return AuditFinding(
            check: .pii, severity: .error, count: result.rows.count, columns: result.columns, rows: result.rows, split: split,
            message: "\(split.rawValue): \(result.rows.count) rows hold personal information (\(kinds.joined(separator: ", "))) in \(result.columns.joined(separator: ", "))",
            fix: "remove or mask it before the data is shared or used for training: descent audit redact --input FILE --out FILE")
    }
}
