/// The recipe around an optimizer, as `descent train` and `descent optim replay|trace|bench`
/// name it: learning-rate schedule with an optional linear warm-up, gradient clipping,
/// parameter groups without weight decay, gradient accumulation and the state dtype.
public struct TrainingRecipe: Sendable, Codable, Equatable {
    /// The learning-rate (and momentum) schedule, stepped once per optimizer step.
    public var schedule: ScheduleSpec?
    /// Steps of linear warm-up from lr/N put in front of the schedule (torch's LinearLR
    /// joined by SequentialLR).
    public var warmupSteps: Int
    /// Gradient clipping before the optimizer.
    public var clipping: GradientClipping?
    /// Parameter groups with weight decay 0.
    public var noDecay: [ParameterGroup]
    /// Micro-batches averaged into one optimizer step.
    public var accumulate: Int
    /// How the optimizer's state is stored.
    public var stateDType: StateDType

    public init(schedule: ScheduleSpec? = nil, warmupSteps: Int = 0, clipping: GradientClipping? = nil,
                noDecay: [ParameterGroup] = [], accumulate: Int = 1, stateDType: StateDType = .float32) {
        self.schedule = schedule
        self.warmupSteps = warmupSteps
        self.clipping = clipping
        self.noDecay = noDecay
        self.accumulate = accumulate
        self.stateDType = stateDType
    }

    /// Saved with the command line's names (`warmup_steps`, `no_decay`, `state_dtype`).
    private enum CodingKeys: String, CodingKey {
        case schedule, clipping, accumulate
        case warmupSteps = "warmup_steps", noDecay = "no_decay", stateDType = "state_dtype"
    }

    /// Reads a recipe; every field may be absent (a run saved before recipes existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schedule = try c.decodeIfPresent(ScheduleSpec.self, forKey: .schedule)
        warmupSteps = try c.decodeIfPresent(Int.self, forKey: .warmupSteps) ?? 0
        clipping = try c.decodeIfPresent(GradientClipping.self, forKey: .clipping)
        noDecay = try c.decodeIfPresent([ParameterGroup].self, forKey: .noDecay) ?? []
        accumulate = try c.decodeIfPresent(Int.self, forKey: .accumulate) ?? 1
        stateDType = try c.decodeIfPresent(StateDType.self, forKey: .stateDType) ?? .float32
    }

    /// Throws a one-line error for a value out of range.
    public func validate() throws {
        guard warmupSteps >= 0 else { throw OptimizerSpecError("--warmup-steps must be non-negative, got \(warmupSteps)") }
        guard accumulate >= 1 else { throw OptimizerSpecError("--accumulate must be at least 1, got \(accumulate)") }
        switch clipping {
        case .norm(let x)? where !(x > 0 && x.isFinite): throw OptimizerSpecError("--clip-grad-norm must be a positive number, got \(x)")
        case .value(let x)? where !(x > 0 && x.isFinite): throw OptimizerSpecError("--clip-grad-value must be a positive number, got \(x)")
        default: break
        }
    }

    /// The optimizer `spec` describes, with this recipe's schedule, decay groups and state
    /// dtype; with `clipsGradients` it also clips (for callers that are not a ``Trainer``,
    /// which clips the accumulated gradient itself).
    public func makeOptimizer(_ spec: OptimizerSpec, clipsGradients: Bool = false) throws -> AnyOptimizer {
        try validate()
        let base = Float(spec.hyperparameters["lr"] ?? 0)
        var learningRate: (any Schedule)?
        var momentum: (any Schedule)?
        if let schedule {
            learningRate = try schedule.learningRate(base: base, warmupSteps: warmupSteps)
            momentum = schedule.momentum(warmupSteps: warmupSteps)
        } else if warmupSteps > 0 {
            learningRate = try ScheduleSpec(parsing: "constant").learningRate(base: base, warmupSteps: warmupSteps)
        }
        let optimizer = try spec.make(learningRate: learningRate, momentum: momentum, decayMask: .excluding(noDecay),
                                      stateDType: stateDType)
        guard clipsGradients, let clipping else { return optimizer }
        return AnyOptimizer(ClippedOptimizer(base: optimizer, clipping: clipping))
    }
}

/// An optimizer that clips the gradients it is given first (`clip_grad_norm_` or
/// `clip_grad_value_` before `optimizer.step()`).
public struct ClippedOptimizer: Optimizer {
    public private(set) var base: AnyOptimizer
    public let clipping: GradientClipping
    private var clipped = ParameterSet()

    public init(base: AnyOptimizer, clipping: GradientClipping) {
        self.base = base
        self.clipping = clipping
    }

    public var name: String { base.name }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float) {
        clipped = gradients
        let scale = clipping.apply(to: &clipped)
        base.step(&parameters, gradients: clipped, gradientScale: gradientScale * scale)
    }

    public func stateTensors() -> [String: SafeTensors.Value] { base.stateTensors() }

    public mutating func loadStateTensors(_ tensors: [String: SafeTensors.Value], for parameters: ParameterSet) throws {
        try base.loadStateTensors(tensors, for: parameters)
    }

    public mutating func observe(validationLoss: Double) { base.observe(validationLoss: validationLoss) }
}
