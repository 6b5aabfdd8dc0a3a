import DescentData

/// Predictions read from a CSV table (`descent eval --predictions`): a label column and one
/// probability column per class named `<prefix><class>` (default `p_`), or for regression
/// a prediction column.
public enum PredictionsFile {
    /// The classification predictions of `table`. A label names its class by the text after
    /// the prefix (`cat` for `p_cat`), or by the same number (`1.0` for `p_1`, `1` for `p_1.0`).
    /// Rows are numbered from 1, the header not counted. `weights` names a column of sample
    /// weights (``SampleWeights``).
    public static func classification(_ table: Table, label: String, prefix: String, weights: String? = nil) throws(EvalError) -> ClassificationPredictions {
        let source = table.source
        let probabilityColumns = table.columns.filter { $0.name.hasPrefix(prefix) && $0.name.count > prefix.count && $0.name != label && $0.name != weights }
        guard probabilityColumns.count >= 2 else {
            throw EvalError(source: source, reason: "need a probability column per class named \(prefix)<class> (at least 2), found \(probabilityColumns.count)")
        }
        guard let labelColumn = table[label] else {
            throw EvalError(source: source, column: label, reason: "no such column (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        let classes = probabilityColumns.map { String($0.name.dropFirst(prefix.count)) }
        let n = table.rowCount, k = classes.count
        guard n > 0 else { throw EvalError(source: source, reason: "no data rows") }
        var probabilities = [Double](repeating: 0, count: n * k)
        for (c, column) in probabilityColumns.enumerated() {
            guard case .numbers(let values) = column.storage else {
                throw EvalError(source: source, column: column.name, reason: "probabilities must be numbers")
            }
            if column.missingCount > 0, let row = column.missing.firstIndex(of: true) {
                throw EvalError(source: source, row: row + 1, column: column.name, reason: "missing probability")
            }
            probabilities.replaceSubrange((c * n)..<((c + 1) * n), with: values)
        }
        var index: [String: Int32] = [:]
        for (c, name) in classes.enumerated() { index[name] = Int32(c) }
        var numeric: [Double: Int32] = [:]
        for (c, name) in classes.enumerated() { if let v = Double(name), numeric[v] == nil { numeric[v] = Int32(c) } }
        var labels = [Int32](repeating: 0, count: n)
        func find(_ text: String, row: Int) throws(EvalError) -> Int32 {
            guard let c = index[text] ?? Double(text).flatMap({ numeric[$0] }) else {
                throw EvalError(source: source, row: row + 1, column: label, reason: "class '\(text)' has no probability column '\(prefix)\(text)'")
            }
            return c
        }
        switch labelColumn.storage {
        case .numbers(let values):
            // Numbers read as numbers: 1 names p_1 (and p_1.0).
            var cache: [Double: Int32] = [:]
            for row in 0..<n {
                if labelColumn.missing[row] { throw EvalError(source: source, row: row + 1, column: label, reason: "missing label") }
                let v = values[row]
                if let c = cache[v] { labels[row] = c; continue }
                let text = v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
                let c: Int32
                if let known = numeric[v] { c = known } else { c = try find(text, row: row) }
                cache[v] = c
                labels[row] = c
            }
        case .strings(let values):
            var cache: [String: Int32] = [:]
            for row in 0..<n {
                if labelColumn.missing[row] { throw EvalError(source: source, row: row + 1, column: label, reason: "missing label") }
                if let c = cache[values[row]] { labels[row] = c; continue }
                let c = try find(values[row], row: row)
                cache[values[row]] = c
                labels[row] = c
            }
        }
        return try ClassificationPredictions(classes: classes, labels: labels, probabilities: probabilities, source: source,
                                             columnNames: probabilityColumns.map(\.name), weights: try sampleWeights(table, weights))
    }

    /// The sample weights in column `name` of `table` (nil for none).
    public static func sampleWeights(_ table: Table, _ name: String?) throws(EvalError) -> SampleWeights? {
        guard let name else { return nil }
        guard let column = table[name] else {
            throw EvalError(source: table.source, column: name, reason: "no such column for --sample-weight (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        return try SampleWeights(column: column, source: table.source)
    }

    /// The labels and predictions of a regression table: both numeric, none missing or infinite.
    public static func regression(_ table: Table, label: String, prediction: String) throws(EvalError) -> (labels: [Double], predictions: [Double]) {
        func values(_ name: String) throws(EvalError) -> [Double] {
            guard let column = table[name] else {
                throw EvalError(source: table.source, column: name, reason: "no such column (columns: \(table.columnNames.joined(separator: ", ")))")
            }
            guard case .numbers(let v) = column.storage else { throw EvalError(source: table.source, column: name, reason: "values must be numbers") }
            for row in 0..<v.count {
                if column.missing[row] { throw EvalError(source: table.source, row: row + 1, column: name, reason: "missing value") }
                if !v[row].isFinite { throw EvalError(source: table.source, row: row + 1, column: name, reason: "value \(v[row]) is not finite") }
            }
            return v
        }
        let y = try values(label), yhat = try values(prediction)
        guard !y.isEmpty else { throw EvalError(source: table.source, reason: "no data rows") }
        return (y, yhat)
    }
}
