/// A dataset's fingerprint: SHA-256 over a canonical form that does not change with row order,
/// line endings, quoting or number formatting (`1`, `1.0` and `1.00e0` are one value), but does
/// with any cell, column name or type.
///
/// Canonical form: each cell as ``CanonicalCell`` text; a row as its cells in column order, each
/// prefixed by its byte length; the rows sorted by their UTF-8 bytes; the dataset digest is
/// SHA-256 of the schema line (`name:type` joined by tabs, then a newline) followed by each sorted
/// row, length-prefixed. Each column also gets the digest of its `name:type` line and its cells,
/// sorted the same way (a multiset, so row order is free).
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
        sha256 = Self.digest(header: schema, items: CanonicalCell.rowKeys(table, columns: table.columnNames))
        rows = table.rowCount
        columns = table.columns.map { column in
            let cells = (0..<column.count).map { CanonicalCell.text(column, row: $0) }
            return ColumnDigest(name: column.name, type: column.type,
                                sha256: Self.digest(header: "\(column.name):\(column.type.rawValue)", items: cells))
        }
    }

    /// SHA-256 of `header`, a newline, then `items` sorted by their bytes, each prefixed by its length.
    static func digest(header: String, items: [String]) -> String {
        var bytes = items.map { Array($0.utf8) }
        bytes.sort { $0.lexicographicallyPrecedes($1) }
        var hasher = SHA256()
        hasher.update(header + "\n")
        for item in bytes {
            hasher.update(Array("\(item.count):".utf8))
            hasher.update(item)
        }
        return hasher.finalizeHex()
    }
}
