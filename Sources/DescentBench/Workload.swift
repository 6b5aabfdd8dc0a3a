import DescentNN

/// A benchmark workload: a model, its data, the loss it trains on, the validation metric and
/// target, and the step budget (AlgoPerf's workload, scaled to a CPU).
public struct Workload: Sendable {
    /// The name on the command line (`mlp_digits`).
    public let name: String
    /// The model, in words (`MLP 64-128-10, ReLU`).
    public let model: String
    /// The data, in words.
    public let data: String
    /// The training loss, in words.
    public let loss: String
    /// The metric the target is on.
    public let metric: ValidationMetric
    /// The value of ``metric`` that counts as reached.
    public let target: Double
    /// Optimizer steps a trial may take.
    public let budgetSteps: Int
    /// Examples per step.
    public let batchSize: Int
    /// Optimizer steps between evaluations of the validation metric (nil: after every epoch).
    /// A trial is also evaluated at its budget.
    public let evaluationInterval: Int?
    /// The AdamW hyperparameters of the reference run the target was set from (with the
    /// benchmark's warm-up and cosine recipe over the budget).
    public let reference: [String: Double]
    /// Builds the problem (data are fixed; `seed` only draws the initial weights).
    let setUp: @Sendable () throws -> WorkloadProblem

    public init(name: String, model: String, data: String, loss: String, metric: ValidationMetric, target: Double,
                budgetSteps: Int, batchSize: Int, evaluationInterval: Int? = nil, reference: [String: Double],
                setUp: @escaping @Sendable () throws -> WorkloadProblem) {
        precondition(evaluationInterval.map { $0 > 0 } ?? true, "the evaluation interval must be positive")
        self.name = name
        self.model = model
        self.data = data
        self.loss = loss
        self.metric = metric
        self.target = target
        self.budgetSteps = budgetSteps
        self.batchSize = batchSize
        self.evaluationInterval = evaluationInterval
        self.reference = reference
        self.setUp = setUp
    }

    /// The model, data and objective, ready to train.
    public func problem() throws -> WorkloadProblem { try setUp() }

    /// The same workload with another target (and budget, when given).
    public func with(target: Double, budgetSteps: Int? = nil) -> Workload {
        Workload(name: name, model: model, data: data, loss: loss, metric: metric, target: target,
                 budgetSteps: budgetSteps ?? self.budgetSteps, batchSize: batchSize, evaluationInterval: evaluationInterval,
                 reference: reference, setUp: setUp)
    }
}

/// What a workload trains: a model with its initial weights, an objective and the data parts.
public struct WorkloadProblem: Sendable {
    public let model: any Layer
    public let objective: Objective
    public let train: any BatchSource
    public let validation: any BatchSource
    public let test: any BatchSource

    public init(model: any Layer, objective: Objective, train: any BatchSource, validation: any BatchSource, test: any BatchSource) {
        self.model = model
        self.objective = objective
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// The initial weights for a trial seed: the model's own initialisation with that seed.
    public func initialParameters(_ seed: UInt64) -> ParameterSet { model.makeParameters(seed: seed) }

    /// A regression problem on drawn data: 1,000 examples each for training, validation and
    /// test, drawn by `draw(count, seed)` with seeds 42, 43 and 44.
    static func drawn(model: any Layer, draw: (Int, UInt64) -> any BatchSource) -> WorkloadProblem {
        WorkloadProblem(model: model, objective: .regression, train: draw(1000, 42), validation: draw(1000, 43), test: draw(1000, 44))
    }
}
