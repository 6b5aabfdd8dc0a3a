import Foundation

/// Multiplies `initial` by `gamma` every `stepSize` updates: lr·γ^⌊t/stepSize⌋
/// (PyTorch's `StepLR`).
public struct StepSchedule: Schedule {
    public let initial: Float
    public let stepSize: Int
    public let gamma: Float

    public init(initial: Float, stepSize: Int, gamma: Float = 0.1) {
        precondition(stepSize > 0, "stepSize must be positive")
        self.initial = initial
        self.stepSize = stepSize
        self.gamma = gamma
    }

    public func callAsFunction(_ step: Int) -> Float {
        Float(Double(initial) * pow(Double(gamma), Double(max(step, 0) / stepSize)))
    }
}

extension Schedule where Self == StepSchedule {
    /// `initial`·γ^⌊t/stepSize⌋ (PyTorch's `StepLR`).
    public static func step(_ initial: Float, every stepSize: Int, gamma: Float = 0.1) -> StepSchedule {
        StepSchedule(initial: initial, stepSize: stepSize, gamma: gamma)
    }
}
