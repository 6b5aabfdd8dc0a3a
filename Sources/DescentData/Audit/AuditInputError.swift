/// Bad input to an audit (a missing label column, a malformed probability file): one line
/// naming the file, row and column.
public struct AuditInputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The one-line reason, naming the file (and row and column where they are known).
    public let description: String

    /// An error with this reason.
    public init(_ description: String) { self.description = description }
}
