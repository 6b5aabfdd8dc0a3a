import Foundation

/// A problem with input data, described in one line that names the file, row and column.
///
/// Made by the static functions below, each with its message; match on ``kind`` when a
/// program needs to react to a particular problem.
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

    /// The category of this error.
    public let kind: Kind
    /// The message, one line.
    public let description: String

    private init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The file does not exist or cannot be read.
    public static func missingFile(_ path: String) -> DataError { DataError(.missingFile, "\(path): no such file or it cannot be read") }

    /// The named label column is not among the file's columns.
    public static func missingLabelColumn(_ column: String, in path: String, available: [String]) -> DataError {
        DataError(.missingColumn, "\(path): no label column '\(column)' (columns: \(list(available)))")
    }

    /// A cell that should hold a number does not; `row` counts data rows from 1 (the header is not a row).
    public static func nonNumeric(_ value: String, path: String, row: Int, column: String) -> DataError {
        DataError(.badValue, "\(path): row \(row), column '\(column)': '\(clip(value))' is not a number")
    }

    /// A cell or element is NaN or infinite; `row` counts data rows (examples) from 1.
    public static func nonFinite(_ value: String, path: String, row: Int, column: String) -> DataError {
        DataError(.nonFinite, Double(value).map(\.isFinite) == true
            ? "\(path): row \(row), column '\(column)': \(clip(value)) is beyond float32's range (±3.4e38)"
            : "\(path): row \(row), column '\(column)': \(clip(value)) is not a finite number (NaN, infinity and empty cells are rejected)")
    }

    /// A binary file does not start with the magic number of its format.
    public static func badMagic(path: String, expected: String, found: String) -> DataError {
        DataError(.badFormat, "\(path): bad magic number \(found), expected \(expected)")
    }

    /// A file ends before the data its header announces.
    public static func truncated(path: String, expectedBytes: Int, foundBytes: Int) -> DataError {
        DataError(.truncated, "\(path): truncated: the header announces \(expectedBytes) bytes, the file has \(foundBytes)")
    }

    /// An NPY file stores an element type that Descent does not read.
    public static func unsupportedDType(_ dtype: String, path: String) -> DataError {
        DataError(.unsupported, "\(path): unsupported dtype '\(dtype)' (supported: <f4, <f8, <i4, <i8, |u1, |i1)")
    }

    /// A file's header or structure is not what its format requires.
    public static func malformed(path: String, _ detail: String) -> DataError { DataError(.badFormat, "\(path): \(detail)") }

    /// Two parts of the data disagree in shape (features and labels, for example).
    public static func shapeMismatch(_ detail: String) -> DataError { DataError(.shapeMismatch, "shape mismatch: \(detail)") }

    /// A dataset spec on the command line is not understood.
    public static func unknownSpec(_ spec: String, _ detail: String) -> DataError {
        DataError(.unknownSpec, "unknown dataset '\(spec)': \(detail)")
    }

    /// A categorical cell holds a value the encoding was not fitted with.
    public static func unknownCategory(_ value: String, path: String, row: Int, column: String) -> DataError {
        DataError(.badValue, "\(path): row \(row), column '\(column)': category '\(clip(value))' was not seen when the encoding was fitted")
    }

    /// An error from the CSV table reader, kept as its one-line message.
    public static func csv(_ error: CSVError) -> DataError { DataError(.badFormat, error.description) }

    /// A cell is empty or NaN (missing values are rejected for training); `row` counts data rows from 1.
    public static func missingValue(path: String, row: Int, column: String) -> DataError {
        DataError(.nonFinite, "\(path): row \(row), column '\(column)': empty or NaN cell (missing values are rejected; impute or drop them first)")
    }

    /// A column cannot be turned into features (free text or an identifier, for example).
    public static func unusableColumn(_ column: String, path: String, _ detail: String) -> DataError {
        DataError(.unsupported, "\(path): column '\(column)': \(detail)")
    }

    /// A file holds no data rows.
    public static func empty(path: String) -> DataError { DataError(.emptyData, "\(path): no data rows") }

    /// An array whose shape the data cannot have (1-D features, for example).
    public static func badShape(path: String, _ detail: String) -> DataError { DataError(.shapeMismatch, "\(path): \(detail)") }

    /// Class labels that would make more classes than ``Dataset/maximumClasses``, or a training part with one class.
    public static func badLabels(path: String, _ detail: String) -> DataError { DataError(.badValue, "\(path): \(detail)") }

    /// Data that needs more memory than there is (or whose size overflows); `detail` says how much of each.
    public static func tooLarge(path: String, _ detail: String) -> DataError { DataError(.tooLarge, "\(path): \(detail)") }

    /// Too few rows for the split asked for.
    public static func tooFewRows(path: String, _ detail: String) -> DataError { DataError(.emptyData, "\(path): \(detail)") }

    private static func clip(_ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 40 ? String(flat.prefix(40)) + "…" : flat
    }

    private static func list(_ names: [String]) -> String {
        let shown = names.prefix(12).joined(separator: ", ")
        return names.count > 12 ? shown + ", … (\(names.count) in all)" : shown
    }
}
