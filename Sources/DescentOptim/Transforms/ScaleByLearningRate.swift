/// Multiplies updates by −lr(step), turning a direction into a descent step (Optax's
/// `scale_by_learning_rate`); the schedule sees the 0-based count of updates so far.
public struct ScaleByLearningRate: GradientTransformation {
    public var schedule: any Schedule

    public init(_ schedule: any Schedule) { self.schedule = schedule }

    /// A constant learning rate.
    public init(_ learningRate: Float) { self.schedule = ConstantSchedule(learningRate) }

    public var name: String { "scale_by_learning_rate" }

    public func initialState(for parameters: ParameterSet) -> TransformationState {
        TransformationState(scalars: ["count": 0])
    }

    public func update(_ updates: inout ParameterSet, state: inout TransformationState, parameters: ParameterSet) {
        let scale = -schedule(Int(state.advance("count")))
        state.elementwise(&updates, []) { range, b in for i in range { b[0][i] *= scale } }
    }
}
