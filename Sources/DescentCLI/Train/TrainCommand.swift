import ArgumentParser
import DescentData
import DescentNN
import DescentOptim
import Foundation

/// `descent train`: trains a model on a dataset and reports its test metrics.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a dataset with an optimizer; checkpoints go to --out.",
        discussion: """
        Examples:
          descent train --data digits --model mlp:256,256 --optimizer adamw --hp lr=1e-3 --epochs 20 --out runs/a
          descent train --resume runs/a --epochs 30
          descent train --data digits --optimizer adamw --hp lr=1e-3,betas=0.9,0.95 --schedule onecycle:max_lr=0.01,total_steps=400 --clip-grad-norm 1 --no-decay biases,norms --accumulate 2
          descent train --data text --model transformer:layers=2,heads=4,width=128,context=64 --steps 500 --json

        Data: digits, moons, spirals, blobs, regression, friedman1, gaussian:n=N,features=F,classes=C, csv:PATH (with --label COLUMN), idx:DIR, npy:X.npy,Y.npy, text[:PATH]. Features are scaled on the training part's statistics (--scaling); the digits' pixel counts are left as they are.

        Models: linear, mlp:W,W,..., cnn:C,C,..., transformer:layers=L,heads=H,width=D,context=T.

        Optimizers: \(OptimizerCatalog.all.map(\.name).joined(separator: ", ")); hyperparameters as PyTorch's constructor names them (descent optim show NAME), tuples split (beta1, beta2) or whole (betas=0.9,0.95).
        """
    )

    @Option(help: "The dataset (see above).") var data: String?
    @Option(help: "The label column of a CSV file.") var label: String?
    @Option(help: "Feature scaling fitted on the training part: feature (per feature, as StandardScaler), global (one mean and deviation, as torchvision's Normalize) or none (default: none for digits, whose pixel counts share one scale; feature otherwise).")
    var scaling: Choice<FeatureScaling>?
    @Option(help: "The model (see above).") var model: String?
    @Option(name: .customLong("init"), help: "Weight initialisation: pytorch (default), xavier-uniform, xavier-normal, kaiming-uniform, kaiming-normal.")
    var initializer: String?
    @Option(help: "The optimizer, one of descent optim list (default adamw).") var optimizer: String?
    @Option(help: "The optimizer from a JSON file written as for PyTorch: {\"name\": \"AdamW\", \"lr\": 3e-4, \"betas\": [0.9, 0.95], \"weight_decay\": 0.1}.")
    var optimizerConfig: String?
    @Option(name: .customLong("hp"), help: "A hyperparameter as key=value (repeatable, or comma-separated).")
    var hyperparameters: [String] = []
    @Option(help: "Passes over the training data.") var epochs: Int?
    @Option(help: "Stop after this many optimizer steps in all (overrides --epochs when smaller).") var steps: Int?
    @Option(help: "Examples per mini-batch.") var batchSize: Int?
    @Option(help: "Seed for initialisation, shuffling and dropout.") var seed: UInt64?
    @Option(help: "Seed for the train/validation/test split.") var splitSeed: UInt64?
    @Option(help: "Fraction of the data held out for validation.") var validation: Double?
    @Option(help: "Fraction of the data held out for testing.") var test: Double?
    @Option(help: "Stop when the validation loss has not improved for this many epochs.") var earlyStopping: Int?
    @Option(help: "Label smoothing for classification.") var labelSmoothing: Float?
    @Option(help: "Run folder for the configuration, checkpoints and metrics.") var out: String?
    @Option(help: "Continue the run saved in this folder.") var resume: String?
    @Option(help: "Compute threads (default: all cores; when resuming, the count the run recorded).") var threads: Int?
    @OptionGroup(title: "Training recipe") var recipeOptions: RecipeOptions
    @Flag(help: "Print one JSON object with the results, and no progress bar.") var json = false

    func run() throws {
        try CommandFailure.run("train") { try train() }
    }

    /// The run's configuration: from the flags, or from the resumed run with flags overriding
    /// the length of training.
    func resolveConfiguration() throws -> (RunConfiguration, folder: URL?, resuming: Bool) {
        if let resume {
            let folder = URL(fileURLWithPath: resume)
            let file = folder.appendingPathComponent("config.json")
            guard let bytes = FileManager.default.contents(atPath: file.path) else {
                throw TrainingError("\(file.path): no run to resume (missing config.json)")
            }
            guard var configuration = try? JSONDecoder().decode(RunConfiguration.self, from: bytes) else {
                throw TrainingError("\(file.path): not a run configuration")
            }
            for (flag, given) in [("--data", data), ("--model", model), ("--optimizer", optimizer), ("--label", label),
                                  ("--init", initializer), ("--scaling", scaling?.name), ("--optimizer-config", optimizerConfig)]
            where given != nil {
                throw TrainingError("\(flag) cannot change when resuming; the run's configuration is in \(file.path)")
            }
            if !hyperparameters.isEmpty || batchSize != nil || seed != nil || splitSeed != nil || !recipeOptions.isEmpty {
                throw TrainingError("--hp, --batch-size, the seeds and the recipe options cannot change when resuming")
            }
            // A new length replaces the old one: --epochs alone lifts an earlier --steps cap.
            if let epochs { configuration.epochs = epochs }
            if steps != nil || epochs != nil { configuration.steps = steps }
            if let earlyStopping { configuration.earlyStopping = earlyStopping }
            guard Checkpoint.exists(in: folder) else { throw TrainingError("\(folder.path): no checkpoint to resume") }
            try RunFolder.checkWritable(folder, option: "--resume")
            // The recorded thread count again, unless --threads says otherwise: BLAS
            // reductions, and so the results' last bits, depend on it.
            configuration.threads = threads ?? configuration.threads ?? ComputeThreads.count
            return (configuration, folder, true)
        }
        guard let data else { throw ValidationError("--data is required (or --resume)") }
        let featureScaling = try scaling?.value("--scaling")
        let spec: OptimizerSpec
        if let optimizerConfig {
            guard optimizer == nil, hyperparameters.isEmpty else {
                throw TrainingError("--optimizer-config gives the optimizer and its hyperparameters; drop --optimizer and --hp")
            }
            spec = try OptimizerSpec(configFile: URL(fileURLWithPath: optimizerConfig))
        } else {
            spec = try OptimizerSpec(name: optimizer ?? "adamw", settings: hyperparameters)
        }
        let recipe = try recipeOptions.recipe()
        _ = try recipe.makeOptimizer(spec)  // every recipe error before any data is read
        let dataSpec = try DatasetSpec(parsing: data)
        // config.json holds the specs as their printers write them, every default spelled out.
        let configuration = RunConfiguration(
            data: dataSpec.description, label: label, scaling: featureScaling ?? dataSpec.defaultScaling,
            model: try ModelSpec(parsing: model ?? "mlp:128").description, initializer: initializer,
            optimizer: spec.name, hyperparameters: spec.hyperparameters, epochs: epochs ?? 10, steps: steps,
            batchSize: batchSize ?? 64, seed: seed ?? 0, splitSeed: splitSeed ?? 0, validationFraction: validation ?? 0.15,
            testFraction: test ?? 0.15, earlyStopping: earlyStopping, labelSmoothing: labelSmoothing ?? 0, recipe: recipe,
            threads: threads ?? ComputeThreads.count)
        for (flag, value) in [("--epochs", configuration.epochs), ("--steps", configuration.steps ?? 1), ("--batch-size", configuration.batchSize)]
        where value < 1 {
            throw TrainingError("\(flag) must be a positive integer, got \(value)")
        }
        guard (0...1).contains(configuration.labelSmoothing) else {
            throw TrainingError("--label-smoothing must be in [0, 1] (as PyTorch's label_smoothing), got \(configuration.labelSmoothing)")
        }
        guard (0..<1).contains(configuration.validationFraction), (0..<1).contains(configuration.testFraction),
              configuration.validationFraction + configuration.testFraction < 1 else {
            throw TrainingError("--validation and --test must be fractions in [0, 1) that leave training data")
        }
        let folder = out.map { URL(fileURLWithPath: $0) }
        if let folder, Checkpoint.exists(in: folder) {
            throw TrainingError("\(folder.path) already holds a run; continue it with --resume \(folder.path) or choose another --out")
        }
        if let folder { try RunFolder.checkWritable(folder, option: "--out") }
        return (configuration, folder, false)
    }

    func train() throws {
        if let threads, threads < 1 { throw TrainingError("--threads must be a positive integer, got \(threads)") }
        let (configuration, folder, resuming) = try resolveConfiguration()
        let previousThreads = ComputeThreads.count
        if let threads = configuration.threads, threads > 0, threads != previousThreads { ComputeThreads.set(threads) }
        defer { if ComputeThreads.count != previousThreads { ComputeThreads.set(previousThreads) } }
        let modelSpec = try ModelSpec(parsing: configuration.model)
        let data = try TrainingData.load(configuration.dataSource, contextLength: modelSpec.contextLength)
        guard let initializer = Initializer(named: configuration.initializer ?? "pytorch") else {
            throw ModelSpecError("unknown --init '\(configuration.initializer ?? "")' (known: pytorch, xavier-uniform, xavier-normal, kaiming-uniform, kaiming-normal)")
        }
        let optimizerSpec = try OptimizerSpec(name: configuration.optimizer, hyperparameters: configuration.hyperparameters)
        let recipe = configuration.recipe ?? TrainingRecipe()
        // Weights, gradients, a micro-batch's activations and the optimizer's state, before any is allocated.
        if let size = modelSpec.size(inputShape: data.inputShape, outputs: data.outputs) {
            let state = optimizerSpec.descriptor.stateBytes(per: recipe.stateDType) * Double(size.parameters)
            let bytes = MemoryBudget.sum([MemoryBudget.product([size.parameters, 8]),
                                          MemoryBudget.product([size.activationsPerExample, configuration.batchSize, 4]),
                                          state < 9e18 ? Int(state.rounded(.up)) : nil])
            if let problem = MemoryBudget.shortfall(bytes, for: "model '\(configuration.model)' with \(configuration.optimizer)'s state at batch size \(configuration.batchSize)") {
                throw TrainingError(problem)
            }
        }
        let network = try modelSpec.build(inputShape: data.inputShape, outputs: data.outputs, initializer: initializer,
                                          batchSize: configuration.batchSize)
        let initialParameters = network.makeParameters(seed: configuration.seed)
        try optimizerSpec.check(initialParameters)
        var trainer = Trainer(
            model: network, objective: data.objective, parameters: initialParameters, optimizer: try recipe.makeOptimizer(optimizerSpec),
            batchSize: configuration.batchSize, accumulate: recipe.accumulate, clipping: recipe.clipping,
            generator: RandomGenerator(seed: configuration.seed))
        if resuming, let folder { try trainer.restore(try Checkpoint.load(from: folder), source: folder.path) }
        // What a killed run left half-written; the run is about to write its files anew.
        if let folder { RunFolder.removeTemporaryFiles(in: folder) }

        let perEpoch = trainer.stepsPerEpoch(data.train.exampleCount)
        let (epochSteps, overflow) = configuration.epochs.multipliedReportingOverflow(by: perEpoch)
        let totalSteps = min(configuration.steps ?? .max, overflow ? .max : epochSteps)
        let progress = ProgressBar(enabled: !json, total: totalSteps)
        let started = Date()
        func save(_ trainer: Trainer<AnyOptimizer>) throws {
            guard let folder else { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try RunFolder.writing(folder) {
                try AtomicFile.write(try encoder.encode(configuration), to: folder.appendingPathComponent("config.json"))
                if let preprocessing = data.preprocessing {
                    try AtomicFile.write(try encoder.encode(preprocessing), to: folder.appendingPathComponent(FeaturePreprocessing.fileName))
                }
                try trainer.checkpoint(metadata: ["optimizer": configuration.optimizer, "model": configuration.model,
                                                  "data": configuration.data]).save(in: folder)
            }
        }
        let summary = try trainer.fit(
            on: data.train, validation: data.validation,
            plan: TrainingPlan(epochs: configuration.epochs, maxSteps: configuration.steps, earlyStopping: configuration.earlyStopping),
            onStep: { step, loss in progress.update(step: step, epoch: step / perEpoch + 1, loss: loss) },
            onEpoch: { trainer in try save(trainer); return false })
        progress.finish()
        let testEvaluation = data.test.map { trainer.evaluate(on: $0) }
        let validationEvaluation = data.validation.map { trainer.evaluate(on: $0) }
        let report = TrainingReport(
            configuration: configuration, trainer: trainer, test: testEvaluation, validation: validationEvaluation,
            trainLoss: summary.trainLoss, stoppedEarly: summary.stoppedEarly, seconds: Date().timeIntervalSince(started),
            msPerStep: summary.steps > 0 ? summary.trainingSeconds * 1000 / Double(summary.steps) : nil,
            unigramEntropy: data.unigramEntropy, peakResidentBytes: ResourceUsage.peakResidentBytes())
        if let folder {
            try RunFolder.writing(folder) { try AtomicFile.write(try JSONOutput.data(report), to: folder.appendingPathComponent("metrics.json")) }
        }
        Console.emit(json ? try JSONOutput.text(report) : report.text)
    }
}
