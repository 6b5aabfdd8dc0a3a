/// Linear warm-up to `peak` over `warmup` updates, then peak/√((t + timescale − warmup)/timescale)
/// (Vaswani et al. 2017's "noam" decay as Hugging Face's `get_inverse_sqrt_schedule`;
/// `timescale` defaults to `warmup`, giving peak·√(warmup/t) after the warm-up).
public struct InverseSquareRootSchedule: Schedule {
    public let peak: Float
    public let warmup: Int
    public let timescale: Int

    public init(peak: Float, warmup: Int, timescale: Int? = nil) {
        precondition(warmup >= 0, "warmup must be non-negative")
        self.peak = peak
        self.warmup = warmup
        self.timescale = timescale ?? (warmup > 0 ? warmup : 10_000)
        precondition(self.timescale > 0, "timescale must be positive")
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = max(step, 0)
        if t < warmup { return Float(Double(peak) * Double(t) / Double(max(1, warmup))) }
        let shift = Double(timescale - warmup)
        return Float(Double(peak) / ((Double(t) + shift) / Double(timescale)).squareRoot())
    }
}

extension Schedule where Self == InverseSquareRootSchedule {
    /// Linear warm-up to `peak`, then decay as 1/√t.
    public static func inverseSquareRoot(peak: Float, warmup: Int, timescale: Int? = nil) -> InverseSquareRootSchedule {
        InverseSquareRootSchedule(peak: peak, warmup: warmup, timescale: timescale)
    }
}
