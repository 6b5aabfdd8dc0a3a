/// A dataset's fingerprint: SHA-256 over a canonical form that does not change with row order,
/// line endings, quoting or number formatting (`1`, `1.0` and `1.00e0` are one value), but does
/// with any cell, column name or type.
///
/// Canonical form: each cell as ``CanonicalCell`` text; a row as its cells in column order, each
/// prefixed by its byte length; the rows' SHA-256 digests sorted; the dataset digest is SHA-256
/// of the schema line (`name:type` joined by tabs) and the sorted row digests, one per line.
/// Each column also gets a digest of its sorted cell digests (a multiset, so row order is free).
public struct DatasetFingerprint: Sendable, Equatable, Codable {
    /// One column's name, type and digest.
    public struct ColumnDigest: Sendable, Equatable, Codable {
        public let name: String
        public let type: ColumnType
        public let sha256: String
    }

    /// The dataset digest (64 hex digits).
    public let sha256: String
    /// Data rows.
    public let rows: Int
    /// Columns in file order, with their types and digests.
    public let columns: [ColumnDigest]

    /// The fingerprint of `table`.
    public init(_ table: Table) {
        let schema = table.columns.map { "\($0.name):\($0.type.rawValue)" }.joined(separator: "\t")
        var rowDigests = [String]()
        rowDigests.reserveCapacity(table.rowCount)
        for key in CanonicalCell.rowKeys(table, columns: table.columnNames) { rowDigests.append(SHA256.hex(key)) }
        rowDigests.sort()
        var hasher = SHA256()
        hasher.update(schema + "\n")
        for digest in rowDigests { hasher.update(digest + "\n") }
        sha256 = hasher.finalizeHex()
        rows = table.rowCount
        columns = table.columns.map { column in
            var cells = (0..<column.count).map { SHA256.hex(CanonicalCell.text(column, row: $0)) }
            cells.sort()
            var hasher = SHA256()
            hasher.update("\(column.name):\(column.type.rawValue)\n")
            for cell in cells { hasher.update(cell + "\n") }
            return ColumnDigest(name: column.name, type: column.type, sha256: hasher.finalizeHex())
        }
    }
}
