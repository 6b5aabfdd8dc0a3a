/// A one-line, user-facing error from reading a CSV file, naming the file, line and column.
public struct CSVError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file path or source label.
    public let source: String
    /// 1-based physical line number in the file (the header is line 1), when known.
    public let line: Int?
    /// The column name, when known.
    public let column: String?
    /// What is wrong.
    public let reason: String

    /// Creates an error.
    public init(source: String, line: Int? = nil, column: String? = nil, reason: String) {
        self.source = source
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line: column 'c': reason`, parts omitted when unknown.
    public var description: String {
        var s = source
        if let line { s += ":\(line)" }
        s += ": "
        if let column { s += "column '\(column)': " }
        return s + reason
    }
}
