/// Everything a named optimizer is made from: its hyperparameters (PyTorch's constructor
/// names, tuples split, every name present), which parameters are weight-decayed, and the
/// dtype of its state. Schedules are applied on top (``ScheduledOptimizer``), as PyTorch's
/// schedulers change a parameter group's `lr` between steps.
public struct OptimizerSettings: Sendable {
    /// Every hyperparameter with its resolved value (booleans as 0/1).
    public var hyperparameters: [String: Double]
    /// The parameters weight decay applies to (the others form PyTorch's group with `weight_decay=0`).
    public var decayMask: ParameterMask
    /// How the state buffers are stored.
    public var stateDType: StateDType

    public init(hyperparameters: [String: Double], decayMask: ParameterMask = .all, stateDType: StateDType = .float32) {
        self.hyperparameters = hyperparameters
        self.decayMask = decayMask
        self.stateDType = stateDType
    }

    /// A resolved hyperparameter.
    public subscript(name: String) -> Double? { hyperparameters[name] }

    /// A resolved hyperparameter as Float.
    func float(_ name: String) -> Float { Float(hyperparameters[name]!) }

    /// A resolved boolean hyperparameter.
    func flag(_ name: String) -> Bool { hyperparameters[name]! != 0 }

    /// The constant learning rate `lr`.
    var lr: LearningRate { .constant(float("lr")) }

    /// `weight_decay`.
    var weightDecay: Float { float("weight_decay") }

    /// `maximize`: whether the objective is maximized (the gradient negated first).
    var maximize: Bool { flag("maximize") }
}

/// A learning rate that is a constant or a schedule (Optax's `ScalarOrSchedule`); a float
/// literal is a constant.
public enum LearningRate: Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    case constant(Float)
    case scheduled(any Schedule)

    public init(floatLiteral value: Float) { self = .constant(value) }
    public init(integerLiteral value: Int) { self = .constant(Float(value)) }

    /// The value by update.
    public var schedule: any Schedule {
        switch self {
        case .constant(let value): ConstantSchedule(value)
        case .scheduled(let schedule): schedule
        }
    }

    /// The value at update `step`.
    public func callAsFunction(_ step: Int) -> Float {
        switch self {
        case .constant(let value): value
        case .scheduled(let schedule): schedule(step)
        }
    }
}
