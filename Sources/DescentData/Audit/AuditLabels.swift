/// A label column as class indices: classes in sorted order (numerically for numbers, by code
/// points for strings), named as ``TabularEncoding`` names them (`3` for 3.0).
public struct AuditLabels: Sendable, Equatable {
    /// Class names, index `i` standing for `classes[i]`.
    public let classes: [String]
    /// Each row's class index; `nil` where the label is missing.
    public let indices: [Int?]

    /// Reads the label column `name` of `table`; throws when there is no such column.
    public init(_ table: Table, column name: String) throws(AuditInputError) {
        guard let column = table[name] else {
            throw AuditInputError("\(table.source): no column '\(name)' (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        self.init(column)
    }

    /// The labels of `column`.
    public init(_ column: Column) {
        var names = [String?](repeating: nil, count: column.count)
        var numeric: [String: Double] = [:]
        switch column.storage {
        case .numbers(let values):
            for row in 0..<column.count where !column.missing[row] {
                let name = AuditLabels.name(of: values[row])
                names[row] = name
                numeric[name] = values[row]
            }
        case .strings(let values):
            for row in 0..<column.count where !column.missing[row] { names[row] = values[row] }
        }
        let distinct = Set(names.compactMap { $0 })
        let sorted: [String]
        if case .numbers = column.storage {
            sorted = distinct.sorted { numeric[$0]! < numeric[$1]! }
        } else {
            sorted = distinct.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        }
        let index = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
        classes = sorted
        indices = names.map { $0.flatMap { index[$0] } }
    }

    /// Labels with these classes and indices.
    public init(classes: [String], indices: [Int?]) {
        self.classes = classes
        self.indices = indices
    }

    /// Rows per class.
    public var counts: [Int] {
        var counts = [Int](repeating: 0, count: classes.count)
        for case let k? in indices { counts[k] += 1 }
        return counts
    }

    /// `3` for 3.0, `0.5` for 0.5.
    static func name(of value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
