/// A rectangular table of named, typed columns, as read from CSV by ``CSVReader``.
public struct Table: Sendable {
    /// The columns, in file order.
    public let columns: [Column]
    /// Number of data rows (header excluded).
    public let rowCount: Int
    /// Where the table came from (a path, or a label for in-memory text); used in error messages.
    public let source: String

    /// Creates a table; all columns must have the same number of rows and distinct names.
    public init(columns: [Column], source: String = "<table>") {
        let n = columns.first?.count ?? 0
        precondition(columns.allSatisfy { $0.count == n }, "columns of a table must have equal length")
        self.columns = columns
        self.rowCount = n
        self.source = source
    }

    /// Column names in file order.
    public var columnNames: [String] { columns.map(\.name) }

    /// Each column's type by name, e.g. to read a second file with the same types.
    public var columnTypes: [String: ColumnType] {
        Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0.type) })
    }

    /// The column with this name, if any.
    public subscript(name: String) -> Column? { columns.first { $0.name == name } }
}
