/// The momentum (SGD's `momentum`, Adam's β₁) that PyTorch's `OneCycleLR` and `CyclicLR`
/// cycle with `cycle_momentum`, inverse to the learning rate: lowest (`baseMomentum`) where
/// the rate is highest, `maxMomentum` where it is lowest.
public struct CycledMomentumSchedule: Schedule {
    /// The learning-rate cycle whose position the momentum mirrors.
    public enum Cycle: Sendable {
        /// From `maxMomentum` down to `baseMomentum` while the rate rises, then back up
        /// (three-phase: down, up, then held).
        case oneCycle(OneCycleSchedule)
        /// maxMomentum − (maxMomentum − baseMomentum)·f, f the cycle's ``CyclicSchedule/fraction(_:)``.
        case cyclic(CyclicSchedule)
    }

    public let cycle: Cycle
    public let baseMomentum: Float
    public let maxMomentum: Float

    public init(cycle: Cycle, baseMomentum: Float, maxMomentum: Float) {
        self.cycle = cycle
        self.baseMomentum = baseMomentum
        self.maxMomentum = maxMomentum
    }

    public func callAsFunction(_ step: Int) -> Float {
        let (high, low) = (Double(maxMomentum), Double(baseMomentum))
        switch cycle {
        case .oneCycle(let cycle): return Float(cycle.interpolate(step, start: high, peak: low, end: high))
        case .cyclic(let cycle): return Float(high - (high - low) * cycle.fraction(step))
        }
    }
}
