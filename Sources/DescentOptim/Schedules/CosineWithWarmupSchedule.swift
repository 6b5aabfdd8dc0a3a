import Foundation

/// Hugging Face transformers' `get_cosine_schedule_with_warmup`: `peak`·t/warmup during
/// the warm-up, then `peak`·max(0, ½(1 + cos(2π·cycles·p))) with
/// p = (t − warmup)/max(1, total − warmup).
///
/// Unlike ``WarmupCosineSchedule`` (Optax's form, which holds its end value) the cosine
/// goes on after `total` as transformers' does, and `cycles` (`num_cycles`, 0.5 for one
/// half-cosine down to 0) sets how many periods fit between the warm-up and `total`.
public struct CosineWithWarmupSchedule: Schedule {
    public let peak: Float
    public let warmup: Int
    public let total: Int
    public let cycles: Double

    public init(peak: Float, warmup: Int, total: Int, cycles: Double = 0.5) {
        precondition(warmup >= 0 && total >= 0, "warmup and total must be non-negative")
        self.peak = peak
        self.warmup = warmup
        self.total = total
        self.cycles = cycles
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = max(step, 0)
        if t < warmup { return Float(Double(peak) * Double(t) / Double(max(1, warmup))) }
        let progress = Double(t - warmup) / Double(max(1, total - warmup))
        return Float(Double(peak) * max(0, 0.5 * (1 + cos(Double.pi * cycles * 2 * progress))))
    }
}
