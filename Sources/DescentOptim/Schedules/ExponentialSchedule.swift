import Foundation

/// `initial`·rate^((t − begin)/transitionSteps), optionally in whole transitions
/// (`staircase`) and bounded by `end` (Optax's `exponential_decay`); with
/// `transitionSteps: 1` it is PyTorch's `ExponentialLR(gamma: rate)`.
public struct ExponentialSchedule: Schedule {
    public let initial: Float
    public let rate: Float
    public let transitionSteps: Int
    public let begin: Int
    public let staircase: Bool
    /// A floor (for rate < 1) or ceiling (for rate > 1) on the value, as Optax's `end_value`.
    public let end: Float?

    public init(initial: Float, rate: Float, transitionSteps: Int = 1, begin: Int = 0, staircase: Bool = false, end: Float? = nil) {
        precondition(transitionSteps > 0, "transitionSteps must be positive")
        self.initial = initial
        self.rate = rate
        self.transitionSteps = transitionSteps
        self.begin = begin
        self.staircase = staircase
        self.end = end
    }

    public func callAsFunction(_ step: Int) -> Float {
        guard step > begin else { return initial }
        var power = Double(step - begin) / Double(transitionSteps)
        if staircase { power.round(.down) }
        var value = Double(initial) * pow(Double(rate), power)
        if let end {
            value = rate < 1 ? max(value, Double(end)) : min(value, Double(end))
        }
        return Float(value)
    }
}

extension Schedule where Self == ExponentialSchedule {
    /// `initial`·γ^t (PyTorch's `ExponentialLR`).
    public static func exponential(_ initial: Float, gamma: Float) -> ExponentialSchedule {
        ExponentialSchedule(initial: initial, rate: gamma)
    }
}
