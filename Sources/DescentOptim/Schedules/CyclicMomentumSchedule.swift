/// The momentum (SGD's `momentum`, Adam's β₁) that PyTorch's `CyclicLR` cycles with
/// `cycle_momentum`: maxMomentum − (maxMomentum − baseMomentum)·f, where f is the cycle's
/// ``CyclicSchedule/fraction(_:)``, so the momentum is lowest when the rate is highest.
public struct CyclicMomentumSchedule: Schedule {
    /// The learning-rate cycle whose position the momentum mirrors.
    public let cycle: CyclicSchedule
    public let baseMomentum: Float
    public let maxMomentum: Float

    public init(cycle: CyclicSchedule, baseMomentum: Float = 0.8, maxMomentum: Float = 0.9) {
        self.cycle = cycle
        self.baseMomentum = baseMomentum
        self.maxMomentum = maxMomentum
    }

    public func callAsFunction(_ step: Int) -> Float {
        let high = Double(maxMomentum)
        return Float(high - (high - Double(baseMomentum)) * cycle.fraction(step))
    }
}
