import DescentData
import Foundation

/// The rows that share one value of a column (`--slices`): a category, or a quantile bin
/// of a numeric column.
public struct Slice: Sendable, Equatable {
    /// The column sliced on.
    public var column: String
    /// The value: the category, `[a, b]` / `(a, b]` for a quantile bin, `(missing)`.
    public var value: String
    /// The rows (0-based) in the slice.
    public var rows: [Int]

    public init(column: String, value: String, rows: [Int]) {
        self.column = column
        self.value = value
        self.rows = rows
    }

    /// The most distinct values a categorical or text column may have to be sliced on.
    public static let maximumCategories = 100

    /// The slices of `column`: one per category (sorted), or for a numeric column one per
    /// quantile bin (`bins` bins with edges at numpy's linear quantiles, closed on the right,
    /// the first also on the left, as pandas' `qcut`); missing cells make a `(missing)` slice.
    /// An empty bin (too few distinct values) is an error naming the column and the bin.
    public static func slices(of column: Column, bins: Int, source: String) throws(EvalError) -> [Slice] {
        var missing: [Int] = []
        var result: [Slice] = []
        switch column.storage {
        case .numbers(let values):
            var present: [Double] = []
            for i in values.indices { if column.missing[i] { missing.append(i) } else { present.append(values[i]) } }
            guard !present.isEmpty else { throw EvalError(source: source, column: column.name, reason: "no values to slice on (every cell is missing)") }
            for v in present where !v.isFinite {
                throw EvalError(source: source, column: column.name, reason: "cannot bin \(v) into quantiles")
            }
            present.sort()
            let edges = (0...bins).map { Bootstrap.percentile(present, Double($0) / Double(bins)) }
            var members = [[Int]](repeating: [], count: bins)
            for i in values.indices where !column.missing[i] {
                // The first bin whose upper edge is at or above the value.
                var b = 0
                while b < bins - 1 && values[i] > edges[b + 1] { b += 1 }
                members[b].append(i)
            }
            for b in 0..<bins {
                let value = "\(b == 0 ? "[" : "(")\(format(edges[b])), \(format(edges[b + 1]))]"
                guard !members[b].isEmpty else {
                    throw EvalError(source: source, column: column.name,
                                    reason: "slice \(value) (quantile bin \(b + 1) of \(bins)) is empty: too few distinct values; use --slice-bins with fewer bins")
                }
                result.append(Slice(column: column.name, value: value, rows: members[b]))
            }
        case .strings(let values):
            var byValue: [String: [Int]] = [:]
            for i in values.indices {
                if column.missing[i] { missing.append(i) } else { byValue[values[i], default: []].append(i) }
            }
            guard !byValue.isEmpty else { throw EvalError(source: source, column: column.name, reason: "no values to slice on (every cell is missing)") }
            guard byValue.count <= maximumCategories else {
                throw EvalError(source: source, column: column.name,
                                reason: "\(byValue.count) distinct values, more than \(maximumCategories) slices; slice on a column with fewer values")
            }
            for key in byValue.keys.sorted() { result.append(Slice(column: column.name, value: key, rows: byValue[key]!)) }
        }
        if !missing.isEmpty { result.append(Slice(column: column.name, value: "(missing)", rows: missing)) }
        return result
    }

    /// Throws for the first slice whose rows all weigh 0: its weighted metrics are
    /// undefined, as an empty slice's are.
    public static func requireWeight(_ slices: [Slice], weights: [Double]?, source: String) throws(EvalError) {
        guard let weights else { return }
        for slice in slices where !slice.rows.contains(where: { weights[$0] > 0 }) {
            throw EvalError(source: source, column: slice.column,
                            reason: "slice \(slice.value) (\(slice.rows.count) rows) has sample weight 0 in every row, so no weighted metric is defined")
        }
    }

    /// A bin edge, in at most 6 significant digits.
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(format: "%.6g", x)
    }
}
