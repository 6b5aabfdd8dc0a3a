/// One named, typed column of a ``Table``, with missing cells kept as missing.
///
/// Numeric columns store `Double` values with a placeholder `0` where the cell is missing;
/// the ``missing`` mask says which cells are absent. Storage is NaN-free: a `NaN` in the
/// input is a missing cell, never a value.
public struct Column: Sendable {
    /// The values of a column: numbers for numeric columns, strings otherwise.
    public enum Storage: Sendable {
        /// Numbers, one per row (placeholder `0` where missing).
        case numbers([Double])
        /// Strings, one per row (empty placeholder where missing).
        case strings([String])
    }

    /// Header name.
    public let name: String
    /// The column's type (inferred or overridden).
    public let type: ColumnType
    /// The cells, one per row.
    public let storage: Storage
    /// `true` where the cell is missing.
    public let missing: [Bool]
    /// Number of missing cells.
    public let missingCount: Int

    /// Creates a numeric column; `nil` and `NaN` entries become missing.
    public init(name: String, numbers: [Double?]) {
        var values = [Double](repeating: 0, count: numbers.count)
        var mask = [Bool](repeating: false, count: numbers.count)
        var nMissing = 0
        for (i, v) in numbers.enumerated() {
            if let v, !v.isNaN { values[i] = v } else { mask[i] = true; nMissing += 1 }
        }
        self.init(name: name, type: .numeric, storage: .numbers(values), missing: mask, missingCount: nMissing)
    }

    /// Creates a categorical or text column; `nil` entries become missing.
    public init(name: String, type: ColumnType, strings: [String?]) {
        precondition(type != .numeric, "use init(name:numbers:) for numeric columns")
        var values = [String](repeating: "", count: strings.count)
        var mask = [Bool](repeating: false, count: strings.count)
        var nMissing = 0
        for (i, v) in strings.enumerated() {
            if let v { values[i] = v } else { mask[i] = true; nMissing += 1 }
        }
        self.init(name: name, type: type, storage: .strings(values), missing: mask, missingCount: nMissing)
    }

    /// Creates a column from prepared storage and mask (no validation beyond equal lengths).
    public init(name: String, type: ColumnType, storage: Storage, missing: [Bool], missingCount: Int? = nil) {
        switch storage {
        case .numbers(let v): precondition(v.count == missing.count && type == .numeric)
        case .strings(let v): precondition(v.count == missing.count && type != .numeric)
        }
        self.name = name
        self.type = type
        self.storage = storage
        self.missing = missing
        self.missingCount = missingCount ?? missing.reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// Number of rows, missing cells included.
    public var count: Int { missing.count }

    /// The cell at `row`, or `nil` when it is missing.
    public subscript(row: Int) -> Cell? {
        if missing[row] { return nil }
        switch storage {
        case .numbers(let v): return .number(v[row])
        case .strings(let v): return .string(v[row])
        }
    }

    /// The non-missing numbers in row order (empty for non-numeric columns).
    public func presentNumbers() -> [Double] {
        guard case .numbers(let v) = storage else { return [] }
        if missingCount == 0 { return v }
        var out = [Double]()
        out.reserveCapacity(v.count - missingCount)
        for i in v.indices where !missing[i] { out.append(v[i]) }
        return out
    }

    /// The cells at `rows` (0-based, repeats allowed), in that order, as a column of the same name and type.
    public func gathering(_ rows: [Int]) -> Column {
        let mask = rows.map { missing[$0] }
        switch storage {
        case .numbers(let v): return Column(name: name, type: type, storage: .numbers(rows.map { v[$0] }), missing: mask)
        case .strings(let v): return Column(name: name, type: type, storage: .strings(rows.map { v[$0] }), missing: mask)
        }
    }

    /// The non-missing cells as strings in row order (numbers rendered with Swift's shortest form).
    public func presentStrings() -> [String] {
        var out = [String]()
        out.reserveCapacity(count - missingCount)
        switch storage {
        case .numbers(let v): for i in v.indices where !missing[i] { out.append(String(v[i])) }
        case .strings(let v): for i in v.indices where !missing[i] { out.append(v[i]) }
        }
        return out
    }
}

/// One present cell of a ``Column``.
public enum Cell: Sendable, Hashable {
    /// A number from a numeric column.
    case number(Double)
    /// A string from a categorical or text column.
    case string(String)
}
