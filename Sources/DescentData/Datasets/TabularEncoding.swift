import DescentNN
import Foundation

/// How the columns of a table become a feature matrix and targets: fitted on training data, then applied unchanged to other files.
///
/// Numeric columns are copied; categorical columns are one-hot encoded with their categories
/// in sorted order (feature names `column=value`); the label column becomes class indices
/// (classes in sorted order: numerically for numbers, by code points for strings) or
/// regression values. Missing cells, NaN and infinity are rejected.
public struct TabularEncoding: Sendable, Codable, Equatable {
    /// How one input column is encoded.
    public enum FeatureColumn: Sendable, Codable, Equatable {
        /// A numeric column, copied as one feature.
        case numeric(name: String)
        /// A categorical column, one-hot encoded over `categories`.
        case categorical(name: String, categories: [String])

        /// The column's header name.
        public var name: String {
            switch self {
            case .numeric(let name), .categorical(let name, _): name
            }
        }
    }

    /// How the label column is read.
    public enum Label: Sendable, Codable, Equatable {
        /// Class labels, index `i` standing for `classes[i]`.
        case classes([String])
        /// A real-valued target.
        case regression
    }

    /// What the caller wants the label to be.
    public enum LabelKind: Sendable {
        /// Classification for string labels and for integers with at most 100 distinct values; regression otherwise.
        case automatic
        /// Always classification.
        case classification
        /// Always regression (the label column must be numeric).
        case regression
    }

    /// The label column's name.
    public let labelColumn: String
    /// How the label is encoded.
    public let label: Label
    /// The input columns in file order.
    public let columns: [FeatureColumn]

    /// An encoding with the given parts.
    public init(labelColumn: String, label: Label, columns: [FeatureColumn]) {
        self.labelColumn = labelColumn
        self.label = label
        self.columns = columns
    }

    /// The names of the encoded features (`column` or `column=value`).
    public var featureNames: [String] {
        columns.flatMap { column -> [String] in
            switch column {
            case .numeric(let name): [name]
            case .categorical(let name, let categories): categories.map { "\(name)=\($0)" }
            }
        }
    }

    /// The task the encoded dataset has.
    public var task: Dataset.Task {
        switch label {
        case .classes(let classes): .classification(classes: classes.count)
        case .regression: .regression(outputs: 1)
        }
    }

    /// The encoding that fits `table`: every column except `label` and `exclude` is a feature.
    public init(fitting table: Table, label labelName: String, kind: LabelKind = .automatic, exclude: Set<String> = []) throws(DataError) {
        let path = table.source
        guard let labelColumn = table[labelName] else {
            throw .missingLabelColumn(labelName, in: path, available: table.columnNames)
        }
        for name in exclude where table[name] == nil {
            throw .unusableColumn(name, path: path, "cannot exclude it: no such column (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        try TabularEncoding.requireComplete(labelColumn, path: path)
        switch (labelColumn.storage, kind) {
        case (.numbers(let values), .regression):
            try TabularEncoding.requireFinite(values, labelColumn, path: path)
            label = .regression
        case (.numbers(let values), _):
            try TabularEncoding.requireFinite(values, labelColumn, path: path)
            let distinct = Set(values).sorted()
            let integral = distinct.allSatisfy { $0.rounded() == $0 && abs($0) < 1e15 }
            if kind == .automatic && !(integral && distinct.count <= 100) {
                label = .regression
            } else {
                label = .classes(distinct.map(TabularEncoding.name(of:)))
            }
        case (.strings, .regression):
            throw .unusableColumn(labelName, path: path, "a regression label must be numeric, but this column holds text")
        case (.strings(let values), _):
            label = .classes(Set(values).sorted())
        }
        if case .classes(let classes) = label, classes.count > Dataset.maximumClasses {
            throw .badLabels(path: path, "column '\(labelName)': \(classes.count) distinct labels would make \(classes.count) classes, more than the limit of \(Dataset.maximumClasses) classes")
        }
        var columns: [FeatureColumn] = []
        for column in table.columns where column.name != labelName && !exclude.contains(column.name) {
            try TabularEncoding.requireComplete(column, path: path)
            switch column.storage {
            case .numbers(let values):
                try TabularEncoding.requireFinite(values, column, path: path)
                columns.append(.numeric(name: column.name))
            case .strings(let values):
                let numeric = values.reduce(0) { $0 + (Double($1.trimmingCharacters(in: .whitespaces)) != nil ? 1 : 0) }
                if numeric * 2 > values.count, let row = values.firstIndex(where: { Double($0.trimmingCharacters(in: .whitespaces)) == nil }) {
                    throw .nonNumeric(values[row], path: path, row: row + 1, column: column.name)
                }
                let categories = Set(values).sorted()
                if column.type == .text {
                    throw .unusableColumn(column.name, path: path, "looks like free text or an identifier (\(categories.count) distinct values in \(values.count) rows); exclude it, or force it categorical")
                }
                columns.append(.categorical(name: column.name, categories: categories))
            }
        }
        guard !columns.isEmpty else { throw .unusableColumn(labelName, path: path, "no feature columns besides the label") }
        self.labelColumn = labelName
        self.columns = columns
    }

    /// The feature matrix [rows, features] that `table` encodes to; the label column may be absent.
    public func encodeFeatures(_ table: Table) throws(DataError) -> Tensor {
        let path = table.source
        let rows = table.rowCount
        guard rows > 0 else { throw .empty(path: path) }
        let names = featureNames
        let width = names.count
        try DataFile.requireMemory(MemoryBudget.product([rows, width, 4]), path: path, "\(rows) rows × \(width) encoded features as float32")
        var features = [Float](repeating: 0, count: rows * width)
        var offset = 0
        for feature in columns {
            guard let column = table[feature.name] else {
                throw .unusableColumn(feature.name, path: path, "missing: the encoding was fitted with this column (columns here: \(table.columnNames.joined(separator: ", ")))")
            }
            try TabularEncoding.requireComplete(column, path: path)
            switch (feature, column.storage) {
            case (.numeric, .numbers(let values)):
                try TabularEncoding.requireFinite(values, column, path: path)
                for row in 0..<rows { features[row * width + offset] = Float(values[row]) }
                offset += 1
            case (.numeric, .strings(let values)):
                let row = values.firstIndex { Double($0.trimmingCharacters(in: .whitespaces)) == nil } ?? 0
                throw .nonNumeric(values[row], path: path, row: row + 1, column: column.name)
            case (.categorical(_, let categories), _):
                let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
                let values = TabularEncoding.strings(column)
                for row in 0..<rows {
                    guard let k = index[values[row]] else { throw .unknownCategory(values[row], path: path, row: row + 1, column: column.name) }
                    features[row * width + offset + k] = 1
                }
                offset += categories.count
            }
        }
        return Tensor(shape: [rows, width], scalars: features)
    }

    /// The label column of `table` encoded as targets (class indices [rows], or regression values [rows, 1]).
    public func encodeTargets(_ table: Table) throws(DataError) -> Tensor {
        let path = table.source
        let rows = table.rowCount
        guard let labelColumn = table[labelColumn] else {
            throw .missingLabelColumn(self.labelColumn, in: path, available: table.columnNames)
        }
        try TabularEncoding.requireComplete(labelColumn, path: path)
        switch label {
        case .regression:
            guard case .numbers(let values) = labelColumn.storage else {
                let values = TabularEncoding.strings(labelColumn)
                let row = values.firstIndex { Double($0.trimmingCharacters(in: .whitespaces)) == nil } ?? 0
                throw .nonNumeric(values[row], path: path, row: row + 1, column: labelColumn.name)
            }
            try TabularEncoding.requireFinite(values, labelColumn, path: path)
            return Tensor(shape: [rows, 1], scalars: values.map { Float($0) })
        case .classes(let classes):
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            let values = TabularEncoding.strings(labelColumn)
            var targets = [Float](repeating: 0, count: rows)
            for row in 0..<rows {
                guard let k = index[values[row]] else { throw .unknownCategory(values[row], path: path, row: row + 1, column: labelColumn.name) }
                targets[row] = Float(k)
            }
            return Tensor(shape: [rows], scalars: targets)
        }
    }

    /// The dataset that `table` encodes to; its columns must include every column of this encoding and the label.
    public func encode(_ table: Table) throws(DataError) -> Dataset {
        let features = try encodeFeatures(table)
        let targets = try encodeTargets(table)
        switch label {
        case .regression:
            return try Dataset(features: features, targets: targets, task: .regression(outputs: 1), featureNames: featureNames)
        case .classes(let classes):
            return try Dataset(features: features, targets: targets, task: .classification(classes: classes.count),
                               featureNames: featureNames, classNames: classes)
        }
    }

    /// The cells of `column` as label strings (numbers written as integers when they are integers).
    private static func strings(_ column: Column) -> [String] {
        switch column.storage {
        case .numbers(let values): values.map(name(of:))
        case .strings(let values): values
        }
    }

    /// `3` for 3.0, `0.5` for 0.5.
    private static func name(of value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    private static func requireComplete(_ column: Column, path: String) throws(DataError) {
        if column.missingCount > 0, let row = column.missing.firstIndex(of: true) {
            throw .missingValue(path: path, row: row + 1, column: column.name)
        }
    }

    private static func requireFinite(_ values: [Double], _ column: Column, path: String) throws(DataError) {
        if let row = values.firstIndex(where: { !$0.isFinite || !Float($0).isFinite }) {
            throw .nonFinite("\(values[row])", path: path, row: row + 1, column: column.name)
        }
    }
}
