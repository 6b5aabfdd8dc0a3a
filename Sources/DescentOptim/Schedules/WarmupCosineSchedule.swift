/// Linear warm-up from `initial` to `peak` over `warmup` updates, then cosine decay to
/// `end` at update `total` (Optax's `warmup_cosine_decay_schedule`, whose `decay_steps`
/// is `total`: warm-up included).
public struct WarmupCosineSchedule: Schedule {
    public let initial: Float
    public let peak: Float
    public let warmup: Int
    public let total: Int
    public let end: Float
    public let exponent: Float

    public init(initial: Float = 0, peak: Float, warmup: Int, total: Int, end: Float = 0, exponent: Float = 1) {
        precondition(warmup >= 0 && total > warmup, "total must exceed warmup")
        self.initial = initial
        self.peak = peak
        self.warmup = warmup
        self.total = total
        self.end = end
        self.exponent = exponent
    }

    public func callAsFunction(_ step: Int) -> Float {
        if step < warmup { return LinearSchedule(initial: initial, end: peak, steps: warmup)(step) }
        return CosineSchedule(initial: peak, steps: total - warmup, minimum: end, exponent: exponent)(step - warmup)
    }
}

extension Schedule where Self == WarmupCosineSchedule {
    /// Linear warm-up to `peak`, then cosine decay to `end` at update `total`.
    public static func warmupCosine(peak: Float, warmup: Int, total: Int, initial: Float = 0, end: Float = 0) -> WarmupCosineSchedule {
        WarmupCosineSchedule(initial: initial, peak: peak, warmup: warmup, total: total, end: end)
    }
}
