/// Bad input to an evaluation, in one line naming the file, the row (1 for the first data
/// line, the header not counted) and the column.
public struct EvalError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The whole line.
    public let description: String

    /// An error described in full by `description`.
    public init(_ description: String) { self.description = description }

    /// `source: row R: column 'c': reason`, parts omitted when unknown.
    public init(source: String, row: Int? = nil, column: String? = nil, reason: String) {
        var text = source + ": "
        if let row { text += "row \(row): " }
        if let column { text += "column '\(column)': " }
        description = text + reason
    }
}
