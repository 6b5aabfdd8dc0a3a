/// A learning rate (or any hyperparameter) as a function of the 0-based step.
///
/// The step convention: `schedule(k)` is the value used by update k, where k counts the
/// updates already made (0 for the first update). This is Optax's `count`, and
/// PyTorch's `optimizer.param_groups[0]["lr"]` before the (k+1)-th `optimizer.step()`
/// when `scheduler.step()` is called after each `optimizer.step()`, as PyTorch documents.
/// ``ScaleByLearningRate`` keeps that count in its state, so a resumed run continues the
/// schedule where it stopped. ``ReduceLROnPlateau`` is the one schedule driven by a
/// metric instead (see there).
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
