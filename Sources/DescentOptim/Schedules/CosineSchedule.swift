import Foundation

/// Half a cosine from `initial` down to `minimum` over `steps` updates, then `minimum`:
/// min + (initial − min)·(½(1 + cos(πt/steps)))^exponent.
///
/// With `periodic` it is PyTorch's `CosineAnnealingLR(T_max: steps, eta_min: minimum)` at
/// every step (after `steps` the value rises again along the cosine, period 2·steps);
/// without (the default) it stays at `minimum` after `steps`, as Optax's
/// `cosine_decay_schedule(decay_steps: steps, alpha:)` with `minimum = alpha·initial`.
public struct CosineSchedule: Schedule {
    public let initial: Float
    public let steps: Int
    public let minimum: Float
    public let exponent: Float
    /// Whether the value keeps following the cosine after `steps` (PyTorch) instead of holding `minimum` (Optax).
    public let periodic: Bool

    public init(initial: Float, steps: Int, minimum: Float = 0, exponent: Float = 1, periodic: Bool = false) {
        precondition(steps > 0, "steps must be positive")
        self.initial = initial
        self.steps = steps
        self.minimum = minimum
        self.exponent = exponent
        self.periodic = periodic
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = Double(periodic ? max(step, 0) : min(max(step, 0), steps))
        let cosine = 0.5 * (1 + cos(Double.pi * t / Double(steps)))
        let lo = Double(minimum)
        return Float(lo + (Double(initial) - lo) * pow(cosine, Double(exponent)))
    }
}

extension Schedule where Self == CosineSchedule {
    /// Cosine decay to `minimum` (PyTorch's `eta_min`) over `steps` updates.
    public static func cosine(_ initial: Float, steps: Int, minimum: Float = 0, exponent: Float = 1) -> CosineSchedule {
        CosineSchedule(initial: initial, steps: steps, minimum: minimum, exponent: exponent)
    }

    /// Cosine decay to `alpha`·initial over `steps` updates (Optax's `alpha`).
    public static func cosine(_ initial: Float, steps: Int, alpha: Float, exponent: Float = 1) -> CosineSchedule {
        CosineSchedule(initial: initial, steps: steps, minimum: alpha * initial, exponent: exponent)
    }
}
