import Foundation

/// Multiplies `initial` by `gamma` at each milestone: lr·γ^(milestones reached)
/// (PyTorch's `MultiStepLR`; a milestone m is reached from update m on).
public struct MultiStepSchedule: Schedule {
    public let initial: Float
    public let milestones: [Int]
    public let gamma: Float

    public init(initial: Float, milestones: [Int], gamma: Float = 0.1) {
        self.initial = initial
        self.milestones = milestones.sorted()
        self.gamma = gamma
    }

    public func callAsFunction(_ step: Int) -> Float {
        let reached = milestones.lazy.filter { $0 <= step }.count
        return Float(Double(initial) * pow(Double(gamma), Double(reached)))
    }
}

extension Schedule where Self == MultiStepSchedule {
    /// `initial`·γ^(milestones ≤ t) (PyTorch's `MultiStepLR`).
    public static func multiStep(_ initial: Float, milestones: [Int], gamma: Float = 0.1) -> MultiStepSchedule {
        MultiStepSchedule(initial: initial, milestones: milestones, gamma: gamma)
    }
}
