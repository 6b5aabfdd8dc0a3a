/// A schedule spec that cannot be used: one line naming the schedule, the bad key or value, and the known keys.
public struct ScheduleSpecError: Error, CustomStringConvertible, Equatable {
    /// The one-line message.
    public let description: String

    /// An error with the one-line `description`.
    public init(_ description: String) { self.description = description }
}
