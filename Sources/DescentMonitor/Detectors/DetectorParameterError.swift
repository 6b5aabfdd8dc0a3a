/// A bad detector parameter, as a one-line message.
public struct DetectorParameterError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public let message: String
    public var description: String { message }
}
