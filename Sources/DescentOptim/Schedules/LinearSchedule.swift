/// Goes linearly from `initial` to `end` over `steps` updates starting at `begin`, then
/// stays at `end` (Optax's `linear_schedule`; PyTorch's `LinearLR` is
/// `initial = lr·start_factor`, `end = lr·end_factor`, `steps = total_iters`).
public struct LinearSchedule: Schedule {
    public let initial: Float
    public let end: Float
    public let steps: Int
    public let begin: Int

    public init(initial: Float, end: Float, steps: Int, begin: Int = 0) {
        precondition(steps >= 0 && begin >= 0, "steps and begin must be non-negative")
        self.initial = initial
        self.end = end
        self.steps = steps
        self.begin = begin
    }

    public func callAsFunction(_ step: Int) -> Float {
        guard steps > 0 else { return step < begin ? initial : end }
        let t = Double(min(max(step - begin, 0), steps)) / Double(steps)
        return Float(Double(initial) + (Double(end) - Double(initial)) * t)
    }
}

extension Schedule where Self == LinearSchedule {
    /// Linear from `initial` to `end` over `steps` updates (after `begin`), then constant.
    public static func linear(from initial: Float, to end: Float, steps: Int, begin: Int = 0) -> LinearSchedule {
        LinearSchedule(initial: initial, end: end, steps: steps, begin: begin)
    }
}
