import DescentNN

/// A named set of workloads (`--suite quick`).
public struct BenchmarkSuite: Sendable {
    public let name: String
    public let workloads: [Workload]

    public init(name: String, workloads: [Workload]) {
        self.name = name
        self.workloads = workloads
    }

    /// The suites by name.
    public static let all: [BenchmarkSuite] = [quick]

    /// The suite `name`; throws a one-line error naming the known ones.
    public static func named(_ name: String) throws -> BenchmarkSuite {
        guard let suite = all.first(where: { $0.name == name }) else {
            throw BenchmarkError("unknown suite '\(name)' (known: \(all.map(\.name).joined(separator: ", ")))")
        }
        return suite
    }

    /// The suite with only the workloads `names` (in the suite's order); throws a one-line error
    /// for a name the suite does not have.
    public func selecting(_ names: [String]) throws -> BenchmarkSuite {
        for name in names where !workloads.contains(where: { $0.name == name }) {
            throw BenchmarkError("unknown workload '\(name)' in suite \(self.name) (known: \(workloads.map(\.name).joined(separator: ", ")))")
        }
        return BenchmarkSuite(name: self.name, workloads: workloads.filter { names.contains($0.name) })
    }

    /// The cheap workloads: two stochastic test functions and two small digit classifiers.
    /// Targets: the median over seeds 0, 1, 2 of the best validation metric of AdamW with each
    /// workload's ``Workload/reference`` hyperparameters and the benchmark recipe, as
    /// `descent bench targets --suite quick` measures it, rounded to 4 decimals towards the easier side
    /// (the same count of correct validation examples for the accuracies).
    public static let quick = BenchmarkSuite(name: "quick", workloads: [
        Workload(
            name: "quadratic_deep", model: "θ ∈ R¹⁰⁰ (starts at 1)",
            data: "x ~ N(0, 0.6²) in R¹⁰⁰: 1,000 training, 1,000 validation, 1,000 test examples (seeds 42, 43, 44)",
            loss: "0.5·(θ − x)ᵀQ(θ − x), Q = RᵀDR: 90 eigenvalues U(0,1), 10 U(30,60), seeded rotation (DeepOBS quadratic_deep)",
            metric: .loss, target: 92.4433, budgetSteps: 400, batchSize: 128, reference: ["lr": 0.1, "weight_decay": 0],
            setUp: {
                let quadratic = NoisyQuadratic(seed: 42)
                return WorkloadProblem(
                    model: quadratic, objective: .regression, train: quadratic.data(count: 1000, seed: 42),
                    validation: quadratic.data(count: 1000, seed: 43), test: quadratic.data(count: 1000, seed: 44),
                    initialParameters: { quadratic.makeParameters(seed: $0) })
            }),
        Workload(
            name: "rosenbrock_2d", model: "(u, v) ∈ R² (starts at (−0.5, 1.5))",
            data: "(x, y) ~ N(0, 1): 1,000 training, 1,000 validation, 1,000 test pairs (seeds 42, 43, 44)",
            loss: "(1 − u − x/2)² + 100·(v − u² + y/200)²: DeepOBS two_d_rosenbrock's noise in least-squares form",
            metric: .loss, target: 0.3076, budgetSteps: 1000, batchSize: 100, reference: ["lr": 0.2, "weight_decay": 0],
            setUp: {
                let model = NoisyRosenbrock()
                return WorkloadProblem(
                    model: model, objective: .regression, train: NoisyRosenbrock.data(count: 1000, seed: 42),
                    validation: NoisyRosenbrock.data(count: 1000, seed: 43), test: NoisyRosenbrock.data(count: 1000, seed: 44),
                    initialParameters: { model.makeParameters(seed: $0) })
            }),
        Workload(
            name: "logreg_digits", model: "linear 64-10 (multinomial logistic regression)",
            data: "the bundled 8×8 digits, raw pixel counts: 70/15/15% train/validation/test split (split seed 0)",
            loss: "softmax cross-entropy", metric: .accuracy, target: 0.9555, budgetSteps: 200, batchSize: 64,
            reference: ["lr": 0.05, "weight_decay": 0.01],
            setUp: { try digitsProblem(model: "linear") }),
        Workload(
            name: "mlp_digits", model: "MLP 64-128-10, ReLU",
            data: "the bundled 8×8 digits, raw pixel counts: 70/15/15% train/validation/test split (split seed 0)",
            loss: "softmax cross-entropy", metric: .accuracy, target: 0.9814, budgetSteps: 200, batchSize: 64,
            reference: ["lr": 3e-3, "weight_decay": 0.01],
            setUp: { try digitsProblem(model: "mlp:128") }),
    ])

    /// The digits with a model of `descent train`'s grammar.
    static func digitsProblem(model: String) throws -> WorkloadProblem {
        let data = try TrainingData.load(
            TrainingData.Source(data: "digits", label: nil, scaling: .none, splitSeed: 0, validationFraction: 0.15,
                                testFraction: 0.15, labelSmoothing: 0),
            contextLength: nil)
        let network = try ModelSpec(parsing: model).build(inputShape: data.inputShape, outputs: data.outputs)
        return WorkloadProblem(model: network, objective: data.objective, train: data.train, validation: data.validation!,
                               test: data.test!, initialParameters: { network.makeParameters(seed: $0) })
    }
}

/// Bad input to the benchmark (an unknown suite or workload, a malformed results folder).
public struct BenchmarkError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
