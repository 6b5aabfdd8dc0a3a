/// Bad input to a drift report, as one line.
public struct DriftInputError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
