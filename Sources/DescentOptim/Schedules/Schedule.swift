/// A learning rate (or any hyperparameter) as a function of the 0-based step.
public protocol Schedule: Sendable {
    /// The value at `step` (the number of updates made before this one).
    func callAsFunction(_ step: Int) -> Float
}

/// The same value at every step.
public struct ConstantSchedule: Schedule {
    public let value: Float

    public init(_ value: Float) { self.value = value }

    public func callAsFunction(_ step: Int) -> Float { value }
}

extension Schedule where Self == ConstantSchedule {
    /// The same value at every step.
    public static func constant(_ value: Float) -> ConstantSchedule { ConstantSchedule(value) }
}
