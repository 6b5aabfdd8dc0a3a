/// Warm-up, a long constant phase, then a short decay (WSD; Hu et al. 2024, MiniCPM;
/// Hägele et al. 2024): linear from `initial` to `peak` over `warmup` updates, `peak` for
/// `stable` updates, then down to `end` over `decay` updates and constant after.
///
/// The decay shape is linear, cosine or 1 − √ (the shape Hägele et al. found best).
/// Equal to Optax's `join_schedules` of `linear_schedule`, `constant_schedule` and
/// `linear_schedule`/`cosine_decay_schedule` with boundaries [warmup, warmup + stable].
public struct WarmupStableDecaySchedule: Schedule {
    /// The shape of the final decay.
    public enum DecayShape: String, Sendable { case linear, cosine, oneMinusSqrt }

    public let initial: Float
    public let peak: Float
    public let warmup: Int
    public let stable: Int
    public let decay: Int
    public let end: Float
    public let shape: DecayShape

    public init(initial: Float = 0, peak: Float, warmup: Int, stable: Int, decay: Int, end: Float = 0, shape: DecayShape = .linear) {
        precondition(warmup >= 0 && stable >= 0 && decay >= 0, "phases must be non-negative")
        self.initial = initial
        self.peak = peak
        self.warmup = warmup
        self.stable = stable
        self.decay = decay
        self.end = end
        self.shape = shape
    }

    /// The number of updates the three phases cover.
    public var total: Int { warmup + stable + decay }

    public func callAsFunction(_ step: Int) -> Float {
        if step < warmup { return LinearSchedule(initial: initial, end: peak, steps: warmup)(step) }
        if step < warmup + stable { return peak }
        let t = step - warmup - stable
        if t >= decay { return end }
        switch shape {
        case .linear: return LinearSchedule(initial: peak, end: end, steps: decay)(t)
        case .cosine: return CosineSchedule(initial: peak, steps: decay, minimum: end)(t)
        case .oneMinusSqrt:
            let fraction = Double(min(t, decay)) / Double(decay)
            return Float(Double(end) + (Double(peak) - Double(end)) * (1 - fraction.squareRoot()))
        }
    }
}

extension Schedule where Self == WarmupStableDecaySchedule {
    /// Warm-up to `peak`, `stable` updates at `peak`, then `decay` updates down to `end`.
    public static func warmupStableDecay(
        peak: Float, warmup: Int, stable: Int, decay: Int, initial: Float = 0, end: Float = 0,
        shape: WarmupStableDecaySchedule.DecayShape = .linear
    ) -> WarmupStableDecaySchedule {
        WarmupStableDecaySchedule(initial: initial, peak: peak, warmup: warmup, stable: stable, decay: decay, end: end, shape: shape)
    }
}
