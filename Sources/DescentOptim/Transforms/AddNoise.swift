/// Adds Gaussian noise with variance η/(1 + t)^γ to the updates (Neelakantan et al. 2015;
/// Optax's `add_noise`), t the 0-based update count.
///
/// The noise of update t is drawn from `RandomGenerator(seed:)` derived for (t, block) for
/// each block of 65,536 elements, so a resumed run draws the same noise as an
/// uninterrupted one whatever the thread count; only the count is state.
/// The samples differ from Optax's (JAX's threefry generator), their law is the same.
public struct AddNoise: GradientTransformation {
    public var eta: Float
    public var gamma: Float
    public var seed: UInt64

    public init(eta: Float, gamma: Float = 0.55, seed: UInt64 = 0) {
        precondition(eta >= 0, "eta must be non-negative")
        self.eta = eta
        self.gamma = gamma
        self.seed = seed
    }

    public var name: String { "add_noise" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(scalars: ["count": 0])
    }

    /// The standard deviation of the noise added by update `count` (0-based).
    public func standardDeviation(at count: Int) -> Float {
        (eta / Math.pow(Float(count + 1), gamma)).squareRoot()
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let count = Int(state.scalars["count"]!)
        state.scalars["count"] = Float(count + 1)
        let sigma = standardDeviation(at: count)
        let base = RandomGenerator(seed: seed).derived(0x6E6F_6973_65, UInt64(count))
        let n = updates.scalarCount, block = 1 << 16
        let blocks = (n + block - 1) / block
        updates.withMutablePointer { u in
            let shared = UncheckedSendable(u)
            parallelChunks(blocks, grain: 2) { range in
                for b in range {
                    var generator = base.derived(UInt64(count), UInt64(b))
                    for i in (b &* block)..<Swift.min(n, (b &+ 1) &* block) { shared.value[i] += sigma * generator.normal() }
                }
            }
        }
    }
}
