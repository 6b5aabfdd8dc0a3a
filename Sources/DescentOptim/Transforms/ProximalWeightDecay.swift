/// Proximal (implicit) weight decay after the step: p ← (p + u) / (1 + lr·λ), written as the
/// update u ← (p + u) / (1 + lr·λ) − p. Placed after ``ScaleByLearningRate``, with the same
/// learning rate; this is Adan's default decay (pytorch-optimizer's `weight_decouple=False`).
public struct ProximalWeightDecay: GradientTransformation {
    public var weightDecay: Float
    public var learningRate: any Schedule

    public init(_ weightDecay: Float, learningRate: any Schedule) {
        self.weightDecay = weightDecay
        self.learningRate = learningRate
    }

    public init(_ weightDecay: Float, learningRate: Float) {
        self.init(weightDecay, learningRate: ConstantSchedule(learningRate))
    }

    public var name: String { "proximal_weight_decay" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(scalars: ["count": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let count = state.advance("count")
        guard weightDecay != 0 else { return }
        let k = learningRate(Int(count)) * weightDecay
        state.elementwise(&updates, [], parameters: parameters) { range, b in
            let (u, p) = (b[0], b[1])
            for i in range { u[i] = (p[i] + u[i]) / (1 + k) - p[i] }
        }
    }
}
