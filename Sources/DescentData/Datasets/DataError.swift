import Foundation

/// A problem with input data, described in one line that names the file, row and column.
///
/// The cases are private so that new ones can be added without breaking users; match on
/// ``kind`` when a program needs to react to a particular problem.
public struct DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The broad category of a ``DataError``.
    public enum Kind: String, Sendable {
        /// A file or directory that does not exist or cannot be read.
        case missingFile
        /// A named column (the label) that the file lacks.
        case missingColumn
        /// A cell that is not a number, or a category not seen in fitting.
        case badValue
        /// NaN, infinity or an empty cell.
        case nonFinite
        /// A header, magic number or structure that the format does not allow (CSV: ragged rows, unterminated quotes).
        case badFormat
        /// A file shorter than its header announces.
        case truncated
        /// An element type or column kind that Descent does not read.
        case unsupported
        /// Parts of the data whose shapes disagree, or arguments out of range.
        case shapeMismatch
        /// A dataset spec that is not understood.
        case unknownSpec
        /// A file with no data rows, or too few to split.
        case emptyData
        /// Sizes that would need more memory than the machine has, or counts that overflow.
        case tooLarge
    }

    private enum Reason: Equatable, Sendable {
        case missingFile(path: String)
        case missingLabelColumn(path: String, column: String, available: [String])
        case nonNumeric(path: String, row: Int, column: String, value: String)
        case nonFinite(path: String, row: Int, column: String, value: String)
        case badMagic(path: String, expected: String, found: String)
        case truncated(path: String, expectedBytes: Int, foundBytes: Int)
        case unsupportedDType(path: String, dtype: String)
        case malformed(path: String, detail: String)
        case shapeMismatch(detail: String)
        case unknownSpec(spec: String, detail: String)
        case empty(path: String)
        case unknownCategory(path: String, row: Int, column: String, value: String)
        case csv(message: String)
        case missingValue(path: String, row: Int, column: String)
        case unusableColumn(path: String, column: String, detail: String)
        case described(kind: Kind, path: String, detail: String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    /// The file does not exist or cannot be read.
    public static func missingFile(_ path: String) -> DataError { DataError(.missingFile(path: path)) }

    /// The named label column is not among the file's columns.
    public static func missingLabelColumn(_ column: String, in path: String, available: [String]) -> DataError {
        DataError(.missingLabelColumn(path: path, column: column, available: available))
    }

    /// A cell that should hold a number does not; `row` counts data rows from 1 (the header is not a row).
    public static func nonNumeric(_ value: String, path: String, row: Int, column: String) -> DataError {
        DataError(.nonNumeric(path: path, row: row, column: column, value: value))
    }

    /// A cell or element is NaN or infinite; `row` counts data rows (examples) from 1.
    public static func nonFinite(_ value: String, path: String, row: Int, column: String) -> DataError {
        DataError(.nonFinite(path: path, row: row, column: column, value: value))
    }

    /// A binary file does not start with the magic number of its format.
    public static func badMagic(path: String, expected: String, found: String) -> DataError {
        DataError(.badMagic(path: path, expected: expected, found: found))
    }

    /// A file ends before the data its header announces.
    public static func truncated(path: String, expectedBytes: Int, foundBytes: Int) -> DataError {
        DataError(.truncated(path: path, expectedBytes: expectedBytes, foundBytes: foundBytes))
    }

    /// An NPY file stores an element type that Descent does not read.
    public static func unsupportedDType(_ dtype: String, path: String) -> DataError {
        DataError(.unsupportedDType(path: path, dtype: dtype))
    }

    /// A file's header or structure is not what its format requires.
    public static func malformed(path: String, _ detail: String) -> DataError {
        DataError(.malformed(path: path, detail: detail))
    }

    /// Two parts of the data disagree in shape (features and labels, for example).
    public static func shapeMismatch(_ detail: String) -> DataError { DataError(.shapeMismatch(detail: detail)) }

    /// A dataset spec on the command line is not understood.
    public static func unknownSpec(_ spec: String, _ detail: String) -> DataError {
        DataError(.unknownSpec(spec: spec, detail: detail))
    }

    /// A categorical cell holds a value the encoding was not fitted with.
    public static func unknownCategory(_ value: String, path: String, row: Int, column: String) -> DataError {
        DataError(.unknownCategory(path: path, row: row, column: column, value: value))
    }

    /// An error from the CSV table reader, kept as its one-line message.
    public static func csv(_ error: CSVError) -> DataError { DataError(.csv(message: error.description)) }

    /// A cell is empty or NaN (missing values are rejected for training); `row` counts data rows from 1.
    public static func missingValue(path: String, row: Int, column: String) -> DataError {
        DataError(.missingValue(path: path, row: row, column: column))
    }

    /// A column cannot be turned into features (free text or an identifier, for example).
    public static func unusableColumn(_ column: String, path: String, _ detail: String) -> DataError {
        DataError(.unusableColumn(path: path, column: column, detail: detail))
    }

    /// A file holds no data rows.
    public static func empty(path: String) -> DataError { DataError(.empty(path: path)) }

    /// An array whose shape the data cannot have (1-D features, for example).
    public static func badShape(path: String, _ detail: String) -> DataError {
        DataError(.described(kind: .shapeMismatch, path: path, detail: detail))
    }

    /// Class labels that would make more classes than ``Dataset/maximumClasses``, or a training part with one class.
    public static func badLabels(path: String, _ detail: String) -> DataError {
        DataError(.described(kind: .badValue, path: path, detail: detail))
    }

    /// Data that needs more memory than there is (or whose size overflows); `detail` says how much of each.
    public static func tooLarge(path: String, _ detail: String) -> DataError {
        DataError(.described(kind: .tooLarge, path: path, detail: detail))
    }

    /// Too few rows for the split asked for.
    public static func tooFewRows(path: String, _ detail: String) -> DataError {
        DataError(.described(kind: .emptyData, path: path, detail: detail))
    }

    /// The category of this error.
    public var kind: Kind {
        switch reason {
        case .missingFile: .missingFile
        case .missingLabelColumn: .missingColumn
        case .nonNumeric: .badValue
        case .nonFinite: .nonFinite
        case .badMagic, .malformed: .badFormat
        case .truncated: .truncated
        case .unsupportedDType: .unsupported
        case .shapeMismatch: .shapeMismatch
        case .unknownSpec: .unknownSpec
        case .empty: .emptyData
        case .unknownCategory: .badValue
        case .csv: .badFormat
        case .missingValue: .nonFinite
        case .unusableColumn: .unsupported
        case .described(let kind, _, _): kind
        }
    }

    /// The message, one line.
    public var description: String {
        switch reason {
        case .missingFile(let path):
            "\(path): no such file or it cannot be read"
        case .missingLabelColumn(let path, let column, let available):
            "\(path): no label column '\(column)' (columns: \(Self.list(available)))"
        case .nonNumeric(let path, let row, let column, let value):
            "\(path): row \(row), column '\(column)': '\(Self.clip(value))' is not a number"
        case .nonFinite(let path, let row, let column, let value):
            Double(value).map(\.isFinite) == true
                ? "\(path): row \(row), column '\(column)': \(Self.clip(value)) is beyond float32's range (±3.4e38)"
                : "\(path): row \(row), column '\(column)': \(Self.clip(value)) is not a finite number (NaN, infinity and empty cells are rejected)"
        case .badMagic(let path, let expected, let found):
            "\(path): bad magic number \(found), expected \(expected)"
        case .truncated(let path, let expectedBytes, let foundBytes):
            "\(path): truncated: the header announces \(expectedBytes) bytes, the file has \(foundBytes)"
        case .unsupportedDType(let path, let dtype):
            "\(path): unsupported dtype '\(dtype)' (supported: <f4, <f8, <i4, <i8, |u1, |i1)"
        case .malformed(let path, let detail):
            "\(path): \(detail)"
        case .shapeMismatch(let detail):
            "shape mismatch: \(detail)"
        case .unknownSpec(let spec, let detail):
            "unknown dataset '\(spec)': \(detail)"
        case .empty(let path):
            "\(path): no data rows"
        case .unknownCategory(let path, let row, let column, let value):
            "\(path): row \(row), column '\(column)': category '\(Self.clip(value))' was not seen when the encoding was fitted"
        case .csv(let message):
            message
        case .missingValue(let path, let row, let column):
            "\(path): row \(row), column '\(column)': empty or NaN cell (missing values are rejected; impute or drop them first)"
        case .unusableColumn(let path, let column, let detail):
            "\(path): column '\(column)': \(detail)"
        case .described(_, let path, let detail):
            "\(path): \(detail)"
        }
    }

    private static func clip(_ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 40 ? String(flat.prefix(40)) + "…" : flat
    }

    private static func list(_ names: [String]) -> String {
        let shown = names.prefix(12).joined(separator: ", ")
        return names.count > 12 ? shown + ", … (\(names.count) in all)" : shown
    }
}
