import Foundation

/// Cosine annealing with warm restarts (SGDR, Loshchilov & Hutter 2017), as PyTorch's
/// `CosineAnnealingWarmRestarts`: a cosine from `initial` to `minimum` over `period`
/// updates (`T_0`), restarted with each period `periodMultiplier` (`T_mult`) times longer.
///
/// The value depends only on the update count, in whole updates (PyTorch also accepts
/// fractional epochs); Optax's `sgdr_schedule` adds a warm-up to each cycle instead.
public struct CosineWarmRestartsSchedule: Schedule {
    public let initial: Float
    public let period: Int
    public let periodMultiplier: Int
    public let minimum: Float

    public init(initial: Float, period: Int, periodMultiplier: Int = 1, minimum: Float = 0) {
        precondition(period > 0 && periodMultiplier >= 1, "period must be positive and the multiplier at least 1")
        self.initial = initial
        self.period = period
        self.periodMultiplier = periodMultiplier
        self.minimum = minimum
    }

    /// Updates since the last restart and the current period's length, at `step`.
    public func position(at step: Int) -> (current: Int, period: Int) {
        var t = max(step, 0)
        if periodMultiplier == 1 { return (t % period, period) }
        var length = period
        while t >= length {
            t -= length
            length *= periodMultiplier
        }
        return (t, length)
    }

    public func callAsFunction(_ step: Int) -> Float {
        let (current, length) = position(at: step)
        let lo = Double(minimum)
        return Float(lo + (Double(initial) - lo) * (1 + cos(Double.pi * Double(current) / Double(length))) / 2)
    }
}

extension Schedule where Self == CosineWarmRestartsSchedule {
    /// SGDR: cosine cycles of `period` updates, each `periodMultiplier` times the last.
    public static func cosineWarmRestarts(_ initial: Float, period: Int, periodMultiplier: Int = 1, minimum: Float = 0) -> CosineWarmRestartsSchedule {
        CosineWarmRestartsSchedule(initial: initial, period: period, periodMultiplier: periodMultiplier, minimum: minimum)
    }
}
