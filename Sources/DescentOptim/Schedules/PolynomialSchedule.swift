import Foundation

/// (initial − end)·(1 − t/steps)^power + end over `steps` updates after `begin`, then
/// `end` (Optax's `polynomial_schedule`; PyTorch's `PolynomialLR` is `end: 0`).
public struct PolynomialSchedule: Schedule {
    public let initial: Float
    public let end: Float
    public let power: Float
    public let steps: Int
    public let begin: Int

    public init(initial: Float, end: Float = 0, power: Float = 1, steps: Int, begin: Int = 0) {
        precondition(steps > 0, "steps must be positive")
        self.initial = initial
        self.end = end
        self.power = power
        self.steps = steps
        self.begin = begin
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = Double(min(max(step - begin, 0), steps))
        let fraction = 1 - t / Double(steps)
        return Float((Double(initial) - Double(end)) * pow(fraction, Double(power)) + Double(end))
    }
}

extension Schedule where Self == PolynomialSchedule {
    /// Polynomial decay from `initial` to `end` over `steps` updates.
    public static func polynomial(from initial: Float, to end: Float = 0, power: Float = 1, steps: Int, begin: Int = 0) -> PolynomialSchedule {
        PolynomialSchedule(initial: initial, end: end, power: power, steps: steps, begin: begin)
    }
}
