/// Bad input to an audit (a missing label column, a malformed probability file): one line
/// naming the file, row and column.
public struct AuditInputError: Error, Sendable, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
