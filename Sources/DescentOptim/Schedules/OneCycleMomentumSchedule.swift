/// The momentum (SGD's `momentum`, Adam's β₁) that PyTorch's `OneCycleLR` cycles with
/// `cycle_momentum`: inverse to the learning rate, from `maxMomentum` down to `baseMomentum`
/// while the rate rises, then back up to `maxMomentum` (three-phase: down, up, then held).
public struct OneCycleMomentumSchedule: Schedule {
    /// The learning-rate cycle whose phases the momentum follows.
    public let cycle: OneCycleSchedule
    public let baseMomentum: Float
    public let maxMomentum: Float

    public init(cycle: OneCycleSchedule, baseMomentum: Float = 0.85, maxMomentum: Float = 0.95) {
        self.cycle = cycle
        self.baseMomentum = baseMomentum
        self.maxMomentum = maxMomentum
    }

    public func callAsFunction(_ step: Int) -> Float {
        let high = Double(maxMomentum)
        return Float(cycle.interpolate(step, start: high, peak: Double(baseMomentum), end: high))
    }
}
