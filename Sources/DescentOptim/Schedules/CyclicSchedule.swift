import Foundation

/// Cyclical learning rates (Smith 2017), as PyTorch's `CyclicLR`: a triangle between
/// `base` and `maxLR`, `stepSizeUp` updates up and `stepSizeDown` down, with the
/// amplitude kept (`triangular`), halved every cycle (`triangular2`) or scaled by
/// γ^t (`expRange`).
///
/// PyTorch's momentum cycling (`cycle_momentum`) is ``CycledMomentumSchedule``.
public struct CyclicSchedule: Schedule {
    /// How the amplitude changes from cycle to cycle (PyTorch's `mode`).
    public enum Mode: String, Sendable { case triangular, triangular2, expRange = "exp_range" }

    public let base: Float
    public let maxLR: Float
    public let stepSizeUp: Int
    public let stepSizeDown: Int
    public let mode: Mode
    public let gamma: Float

    public init(base: Float, maxLR: Float, stepSizeUp: Int = 2000, stepSizeDown: Int? = nil, mode: Mode = .triangular, gamma: Float = 1) {
        precondition(stepSizeUp > 0 && (stepSizeDown ?? 1) > 0, "step sizes must be positive")
        self.base = base
        self.maxLR = maxLR
        self.stepSizeUp = stepSizeUp
        self.stepSizeDown = stepSizeDown ?? stepSizeUp
        self.mode = mode
        self.gamma = gamma
    }

    public func callAsFunction(_ step: Int) -> Float {
        Float(Double(base) + (Double(maxLR) - Double(base)) * fraction(step))
    }

    /// How far up the triangle `step` is, times the cycle's amplitude (0 at `base`, 1 at
    /// `maxLR`); torch's momentum goes the other way by the same fraction.
    public func fraction(_ step: Int) -> Double {
        let totalSize = Double(stepSizeUp + stepSizeDown)
        let stepRatio = Double(stepSizeUp) / totalSize
        let t = Double(max(step, 0))
        let cycle = (1 + t / totalSize).rounded(.down)
        let x = 1 + t / totalSize - cycle
        let scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1)
        let amplitude: Double
        switch mode {
        case .triangular: amplitude = 1
        case .triangular2: amplitude = 1 / pow(2, cycle - 1)
        case .expRange: amplitude = pow(Double(gamma), t)
        }
        return scaleFactor * amplitude
    }
}

extension Schedule where Self == CyclicSchedule {
    /// PyTorch's `CyclicLR(base_lr:max_lr:step_size_up:step_size_down:mode:gamma:)`.
    public static func cyclic(base: Float, maxLR: Float, stepSizeUp: Int = 2000, stepSizeDown: Int? = nil,
                              mode: CyclicSchedule.Mode = .triangular, gamma: Float = 1) -> CyclicSchedule {
        CyclicSchedule(base: base, maxLR: maxLR, stepSizeUp: stepSizeUp, stepSizeDown: stepSizeDown, mode: mode, gamma: gamma)
    }
}
