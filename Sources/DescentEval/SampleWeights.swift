import DescentData

/// Per-row sample weights (`descent eval --sample-weight COL`), scikit-learn's
/// `sample_weight`: every weight finite and non-negative, and at least one positive.
///
/// A weight multiplies its row's share in every metric that scikit-learn weights (means
/// become weighted means, counts become sums of weights); a weight of 0 leaves the row out
/// of those sums; weights of one give exactly the unweighted values.
public struct SampleWeights: Sendable, Equatable {
    /// One weight per row.
    public let values: [Double]

    /// Checks `values`; errors name `source`, the row (`rowNumbers[i]` for value `i` when
    /// given, else `i + 1`) and `column`.
    public init(_ values: [Double], source: String = "<weights>", column: String? = nil, rowNumbers: [Int]? = nil) throws(EvalError) {
        for (i, w) in values.enumerated() {
            let row = rowNumbers?[i] ?? i + 1
            if !w.isFinite { throw EvalError(source: source, row: row, column: column, reason: "sample weight \(w) is not finite") }
            if w < 0 { throw EvalError(source: source, row: row, column: column, reason: "sample weight \(w) is negative") }
        }
        guard values.contains(where: { $0 > 0 }) else {
            throw EvalError(source: source, column: column, reason: "every sample weight is 0 (at least one must be positive)")
        }
        self.values = values
    }

    /// The weights in a table's column: numbers, none missing (a NaN cell reads as missing);
    /// `rowNumbers` as in ``init(_:source:column:rowNumbers:)``.
    public init(column: Column, source: String, rowNumbers: [Int]? = nil) throws(EvalError) {
        let values: [Double]
        switch column.storage {
        case .numbers(let numbers): values = numbers
        case .strings(let cells):
            let row = cells.indices.first { !column.missing[$0] && Double(cells[$0]) == nil } ?? 0
            throw EvalError(source: source, row: rowNumbers?[row] ?? row + 1, column: column.name,
                            reason: "sample weights must be numbers, got '\(cells.isEmpty ? "" : cells[row])'")
        }
        if column.missingCount > 0, let row = column.missing.firstIndex(of: true) {
            throw EvalError(source: source, row: rowNumbers?[row] ?? row + 1, column: column.name, reason: "missing sample weight (an empty or NaN cell)")
        }
        try self.init(values, source: source, column: column.name, rowNumbers: rowNumbers)
    }

    /// The weights of `rows`, in that order.
    public func subset(_ rows: [Int]) -> SampleWeights { SampleWeights(checked: rows.map { values[$0] }) }

    /// Weights known to be valid (a subset may hold only zeros: its metrics are then undefined).
    init(checked values: [Double]) { self.values = values }
}
