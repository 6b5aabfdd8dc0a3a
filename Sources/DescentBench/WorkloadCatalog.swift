import DescentNN
import Foundation

/// Every workload of the benchmark, each for a step budget and a target (the suites pick the
/// values; ``BenchmarkSuite`` documents where the targets come from).
public enum WorkloadCatalog {
    static let digitsData = "the bundled 8×8 digits, raw pixel counts: 70/15/15% train/validation/test split (split seed 0)"

    public static func quadraticDeep(budget: Int, target: Double) -> Workload {
        Workload(
            name: "quadratic_deep", model: "θ ∈ R¹⁰⁰ (starts at 1)",
            data: "x ~ N(0, 0.6²) in R¹⁰⁰: 1,000 training, 1,000 validation, 1,000 test examples (seeds 42, 43, 44)",
            loss: "0.5·(θ − x)ᵀQ(θ − x), Q = RᵀDR: 90 eigenvalues U(0,1), 10 U(30,60), seeded rotation (DeepOBS quadratic_deep)",
            metric: .loss, target: target, budgetSteps: budget, batchSize: 128, reference: ["lr": 0.1, "weight_decay": 0],
            setUp: {
                let quadratic = NoisyQuadratic(seed: 42)
                return .drawn(model: quadratic, draw: { quadratic.data(count: $0, seed: $1) })
            })
    }

    public static func rosenbrock2D(budget: Int, target: Double) -> Workload {
        Workload(
            name: "rosenbrock_2d", model: "(u, v) ∈ R² (starts at (−0.5, 1.5))",
            data: "(x, y) ~ N(0, 1): 1,000 training, 1,000 validation, 1,000 test pairs (seeds 42, 43, 44)",
            loss: "(1 − u − x/2)² + 100·(v − u² + y/200)²: DeepOBS two_d_rosenbrock's noise in least-squares form",
            metric: .loss, target: target, budgetSteps: budget, batchSize: 100, reference: ["lr": 0.2, "weight_decay": 0],
            setUp: {
                let model = NoisyRosenbrock()
                return .drawn(model: model, draw: { NoisyRosenbrock.data(count: $0, seed: $1) })
            })
    }

    public static func logregDigits(budget: Int, target: Double) -> Workload {
        Workload(
            name: "logreg_digits", model: "linear 64-10 (multinomial logistic regression)", data: digitsData,
            loss: "softmax cross-entropy", metric: .accuracy, target: target, budgetSteps: budget, batchSize: 64,
            reference: ["lr": 0.05, "weight_decay": 0.01], setUp: { try digitsProblem(model: "linear") })
    }

    public static func mlpDigits(budget: Int, target: Double) -> Workload {
        Workload(
            name: "mlp_digits", model: "MLP 64-128-10, ReLU", data: digitsData,
            loss: "softmax cross-entropy", metric: .accuracy, target: target, budgetSteps: budget, batchSize: 64,
            reference: ["lr": 3e-3, "weight_decay": 0.01], setUp: { try digitsProblem(model: "mlp:128") })
    }

    public static func cnnDigits(budget: Int, target: Double) -> Workload {
        Workload(
            name: "cnn_digits", model: "CNN: 3×3 conv 16, 2×2 max pool, ReLU, 3×3 conv 32, pool, ReLU, linear 128-10 (cnn:16,32)",
            data: digitsData + ", as 1×8×8 images", loss: "softmax cross-entropy", metric: .accuracy, target: target,
            budgetSteps: budget, batchSize: 64, reference: ["lr": 3e-3, "weight_decay": 0.01],
            setUp: { try digitsProblem(model: "cnn:16,32") })
    }

    public static func autoencoderDigits(budget: Int, target: Double) -> Workload {
        Workload(
            name: "autoencoder_digits", model: "MLP autoencoder 64-32-16-32-64, ReLU, linear output",
            data: "the bundled 8×8 digits, pixel counts / 16 (in [0, 1]), as inputs and targets: 70/15/15% split (split seed 0)",
            loss: "reconstruction mean squared error (per pixel)", metric: .loss, target: target, budgetSteps: budget, batchSize: 64,
            reference: ["lr": 3e-3, "weight_decay": 0],
            setUp: {
                let splits = try DatasetSpec.digits.splits(validation: 0.15, test: 0.15, seed: 0)
                func source(_ d: Dataset) -> TensorBatchSource {
                    let x = d.features.scalars.map { $0 / 16 }
                    let tensor = Tensor(shape: [d.count, 64], scalars: x)
                    return TensorBatchSource(inputs: tensor, targets: tensor)
                }
                let network = MLP(inputs: 64, hidden: [32, 16, 32], outputs: 64)
                return WorkloadProblem(model: network, objective: .regression, train: source(splits.train),
                                       validation: source(splits.validation), test: source(splits.test))
            })
    }

    /// The character transformer's context length.
    static let corpusContext = 32

    public static func charTransformer(budget: Int, target: Double) -> Workload {
        Workload(
            name: "char_transformer",
            model: "character transformer LM: 2 layers, 2 heads, width 32, context 32 (transformer:layers=2,heads=2,width=32,context=32)",
            data: "the bundled corpus (Genesis, 186,826 characters): first 90% for training (non-overlapping 32-character windows), "
                + "the last 10% as windows, first half validation, second half test",
            loss: "next-character softmax cross-entropy (nats per character)", metric: .loss, target: target, budgetSteps: budget,
            batchSize: 32, evaluationInterval: 50, reference: ["lr": 3e-3, "weight_decay": 0.01],
            setUp: {
                let corpus = try CharacterCorpus.bundled(contextLength: corpusContext, validationFraction: 0.1)
                let spec = try ModelSpec(parsing: "transformer:layers=2,heads=2,width=32,context=\(corpusContext)")
                let network = try spec.build(inputShape: [corpusContext], outputs: corpus.vocabulary.count)
                let held = CorpusWindows(corpus: corpus, part: .validation)
                let half = held.exampleCount / 2
                return WorkloadProblem(model: network, objective: .languageModel, train: CorpusWindows(corpus: corpus, part: .train),
                                       validation: RowRangeSource(held, rows: 0..<half),
                                       test: RowRangeSource(held, rows: half..<held.exampleCount))
            })
    }

    public static func friedman1(budget: Int, target: Double) -> Workload {
        Workload(
            name: "friedman1", model: "MLP 10-64-64-1, ReLU",
            data: "Friedman #1 (scikit-learn's make_friedman1: 10 features U[0, 1), y = 10 sin(πx₀x₁) + 20(x₂ − 0.5)² + 10x₃ + 5x₄ + N(0, 1)), "
                + "2,000 examples (data seed 0), 70/15/15% split (split seed 0), unscaled",
            loss: "mean squared error", metric: .rmse, target: target, budgetSteps: budget, batchSize: 64,
            reference: ["lr": 1e-2, "weight_decay": 0],
            setUp: {
                let splits = try DatasetSpec.friedman1(count: 2000, features: 10, noise: 1, seed: 0).splits(validation: 0.15, test: 0.15, seed: 0)
                let network = MLP(inputs: 10, hidden: [64, 64], outputs: 1)
                return WorkloadProblem(model: network, objective: .regression, train: source(splits.train),
                                       validation: source(splits.validation), test: source(splits.test))
            })
    }

    public static func demandForecast(budget: Int, target: Double) -> Workload {
        Workload(
            name: "demand_forecast", model: "MLP 17-64-64-1, ReLU (one-day-ahead sales over the product's scale)",
            data: "SyntheticDemand(products: 50, days: 420, seed: 0): lag, rolling-mean, stock-out, promotion, weekday and time features "
                + "of in-stock days; days 28–335 training, 336–377 validation, 378–419 test",
            loss: "mean squared error on sales / the product's mean training sales", metric: .mape, target: target,
            budgetSteps: budget, batchSize: 128, evaluationInterval: 50, reference: ["lr": 3e-3, "weight_decay": 0],
            setUp: {
                let demand = SyntheticDemand(products: 50, days: 420, seed: 0)
                let scales = demand.scales(before: 336)
                let network = MLP(inputs: SyntheticDemand.featureNames.count, hidden: [64, 64], outputs: 1)
                return WorkloadProblem(model: network, objective: .regression, train: demand.examples(days: 28..<336, scales: scales),
                                       validation: demand.examples(days: 336..<378, scales: scales),
                                       test: demand.examples(days: 378..<420, scales: scales))
            })
    }

    public static func noisyLabelDigits(budget: Int, target: Double) -> Workload {
        Workload(
            name: "noisy_label_digits", model: "MLP 64-128-10, ReLU",
            data: digitsData + "; 20% of the training labels replaced by a uniformly drawn other class (seed 0); validation and test labels clean",
            loss: "softmax cross-entropy on the noisy labels", metric: .accuracy, target: target, budgetSteps: budget, batchSize: 64,
            reference: ["lr": 3e-3, "weight_decay": 0.01],
            setUp: {
                try digitsMLP { train in
                    let noisy = SymmetricLabelNoise(rate: 0.2, seed: 0).apply(to: train.targets.scalars, classes: 10)
                    return TensorBatchSource(inputs: train.features, targets: Tensor(shape: [noisy.count], scalars: noisy))
                }
            })
    }

    public static func imbalancedDigits(budget: Int, target: Double) -> Workload {
        Workload(
            name: "imbalanced_digits", model: "MLP 64-128-10, ReLU",
            data: digitsData + "; in the training part, classes 5–9 keep 10% of their examples (seed 0), about 1:10; validation and test untouched",
            loss: "softmax cross-entropy", metric: .balancedAccuracy, target: target, budgetSteps: budget, batchSize: 64,
            reference: ["lr": 3e-3, "weight_decay": 0.01],
            setUp: {
                try digitsMLP { train in
                    source(train.subset(ClassSubsampling(minority: [5, 6, 7, 8, 9], keep: 0.1, seed: 0).rows(labels: train.targets.scalars)))
                }
            })
    }

    /// A CNN on the MNIST-style IDX files in `directory` (`name`: `cnn_mnist`, `cnn_fashion_mnist`).
    public static func cnnIDX(name: String, directory: String, budget: Int, target: Double) -> Workload {
        Workload(
            name: name, model: "CNN: 3×3 conv 16, 2×2 max pool, ReLU, 3×3 conv 32, pool, ReLU, linear 1568-10 (cnn:16,32)",
            data: "the IDX files in \(directory), pixels / 255: 90/10% train/validation split of the training files (split seed 0), the t10k files as test (80/10/10% of the training files without them)",
            loss: "softmax cross-entropy", metric: .accuracy, target: target, budgetSteps: budget, batchSize: 128, evaluationInterval: 100,
            reference: ["lr": 3e-3, "weight_decay": 0.01],
            setUp: {
                let splits = try DatasetSpec.idx(directory: directory).splits(validation: 0.1, test: 0.1, seed: 0)
                func scaled(_ d: Dataset) -> TensorBatchSource {
                    TensorBatchSource(inputs: Tensor(shape: d.features.shape, scalars: d.features.scalars.map { $0 / 255 }), targets: d.targets)
                }
                guard case .classification(let classes) = splits.train.task else { throw BenchmarkError("\(directory): IDX data must be classification") }
                let network = ConvolutionalNetwork(inputShape: splits.train.featureShape, channels: [16, 32], outputs: classes)
                return classifier(network, train: scaled(splits.train), validation: scaled(splits.validation), test: scaled(splits.test))
            })
    }

    /// A classifier's problem with the given parts.
    static func classifier(_ network: any Layer, train: TensorBatchSource, validation: TensorBatchSource,
                           test: TensorBatchSource) -> WorkloadProblem {
        WorkloadProblem(model: network, objective: .classification(), train: train, validation: validation, test: test)
    }

    /// The digits (70/15/15% split, split seed 0) for an MLP 64-128-10 classifier, its training
    /// part as `train` makes it from the split's.
    static func digitsMLP(train: (Dataset) -> TensorBatchSource) throws -> WorkloadProblem {
        let splits = try DatasetSpec.digits.splits(validation: 0.15, test: 0.15, seed: 0)
        return classifier(MLP(inputs: 64, hidden: [128], outputs: 10), train: train(splits.train),
                          validation: source(splits.validation), test: source(splits.test))
    }

    /// A dataset's examples as a batch source.
    static func source(_ d: Dataset) -> TensorBatchSource { TensorBatchSource(inputs: d.features, targets: d.targets) }

    /// The digits with a model of `descent train`'s grammar.
    static func digitsProblem(model: String) throws -> WorkloadProblem {
        let data = try TrainingData.load(
            TrainingData.Source(data: "digits", label: nil, scaling: .none, splitSeed: 0, validationFraction: 0.15,
                                testFraction: 0.15, labelSmoothing: 0),
            contextLength: nil)
        let network = try ModelSpec(parsing: model).build(inputShape: data.inputShape, outputs: data.outputs)
        return WorkloadProblem(model: network, objective: data.objective, train: data.train, validation: data.validation!,
                               test: data.test!)
    }
}
