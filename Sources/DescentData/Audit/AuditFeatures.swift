/// The rows of a table as numbers, for nearest-neighbour checks and the cross-validated model:
/// numeric columns standardised with the fitted split's mean and deviation (missing cells
/// set to the mean, so 0), categorical columns one-hot over the fitted split's categories
/// (an unseen or missing category is all zeros). Text columns and excluded columns are left out.
public struct AuditFeatures: Sendable {
    /// One input column's encoding.
    enum Encoding: Sendable {
        case numeric(name: String, mean: Double, scale: Double)
        case categorical(name: String, index: [String: Int])
    }

    let encodings: [Encoding]
    /// The number of features per row.
    public let width: Int
    /// The names of the input columns used.
    public var columnNames: [String] {
        encodings.map {
            switch $0 {
            case .numeric(let name, _, _), .categorical(let name, _): name
            }
        }
    }

    /// Fits the encoding on `table`, leaving out `exclude` (the label) and text columns.
    public init(fitting table: Table, exclude: Set<String>) {
        var encodings: [Encoding] = []
        var width = 0
        for column in table.columns where !exclude.contains(column.name) && column.type != .text {
            switch column.storage {
            case .numbers(let values):
                let moments = PopulationMoments(values.indices.lazy.filter { !column.missing[$0] && values[$0].isFinite }.map { values[$0] })
                encodings.append(.numeric(name: column.name, mean: moments.mean, scale: moments.deviation > 0 ? moments.deviation : 1))
                width += 1
            case .strings(let values):
                var categories = Set<String>()
                for row in values.indices where !column.missing[row] { categories.insert(values[row]) }
                let sorted = categories.sorted()
                encodings.append(.categorical(name: column.name, index: Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })))
                width += sorted.count
            }
        }
        self.encodings = encodings
        self.width = width
    }

    /// The rows of `table` (which must hold the fitted columns) as a row-major matrix `rowCount × width`.
    public func matrix(_ table: Table) -> [Double] {
        let rows = table.rowCount
        var out = [Double](repeating: 0, count: rows * width)
        var offset = 0
        for encoding in encodings {
            switch encoding {
            case .numeric(let name, let mean, let scale):
                if let column = table[name], case .numbers(let values) = column.storage {
                    for row in 0..<rows where !column.missing[row] && values[row].isFinite {
                        out[row * width + offset] = PopulationMoments.standardized(values[row], mean: mean, scale: scale)
                    }
                }
                offset += 1
            case .categorical(let name, let index):
                if let column = table[name] {
                    for row in 0..<rows where !column.missing[row] {
                        let text: String
                        switch column.storage {
                        case .strings(let values): text = values[row]
                        case .numbers(let values): text = AuditLabels.name(of: values[row])
                        }
                        if let k = index[text] { out[row * width + offset + k] = 1 }
                    }
                }
                offset += index.count
            }
        }
        return out
    }
}
