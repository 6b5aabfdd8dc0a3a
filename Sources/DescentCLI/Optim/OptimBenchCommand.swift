import ArgumentParser
import DescentOptim
import Foundation

/// `descent optim bench`: the optimizer's own cost per step (DeepOBS's overhead measure).
struct OptimBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time one optimizer update on N parameters (median of timed steps after a warm-up).",
        discussion: """
        The parameters are one vector of N float32 values with fixed random gradients; only the update is timed. With --json: {"optimizer", "params", "threads", "ms_per_step", "params_per_second"}.

        Examples:
          descent optim bench --optimizer adamw --params 16777216 --threads 2 --json
          descent optim bench --optimizer muon --params 1048576 --shape matrix
        """
    )

    @Option(help: "The optimizer (see descent optim list).") var optimizer: String
    @Option(name: .customLong("hp"), help: "A hyperparameter as key=value; repeatable or comma-separated.")
    var hyperparameters: [String] = []
    @Option(help: "Number of parameters.") var params: Int
    @OptionGroup var compute: ComputeOptions
    @Option(help: "Timed steps; the median is reported.") var repeats: Int = 15
    @Option(help: "Untimed steps first.") var warmup: Int = 3
    @Option(help: "Parameter shape: a vector, or a matrix as near square as N allows (for matrix optimizers).") var shape = Choice(Shape.vector)
    @OptionGroup(title: "Training recipe") var recipeOptions: RecipeOptions
    @Flag(help: "Print one JSON object instead of text.") var json = false

    /// The shape the parameters are laid out in.
    enum Shape: String, CaseIterable {
        case vector, matrix
    }

    /// What bench prints with --json.
    struct Report: JSONReport {
        var optimizer: String
        var params: Int
        var threads: Int
        var msPerStep: Double?
        var paramsPerSecond: Double?

        enum CodingKeys: String, CodingKey {
            case optimizer, params, threads, msPerStep = "ms_per_step", paramsPerSecond = "params_per_second"
        }
    }

    /// Median milliseconds per step of `spec` on `count` parameters.
    static func measure(_ spec: OptimizerSpec, recipe: TrainingRecipe = TrainingRecipe(), count: Int, matrix: Bool, warmup: Int,
                        repeats: Int) throws -> Double {
        var shape = [count]
        if matrix {
            var rows = Int(Double(count).squareRoot())
            while count % rows != 0 { rows -= 1 }
            shape = [rows, count / rows]
        }
        var generator = RandomGenerator(seed: 1)
        var parameters = ParameterSet([("w", Tensor(shape: shape, scalars: (0..<count).map { _ in 0.02 * generator.normal() }))])
        try spec.check(parameters)
        var gradients = parameters
        for i in gradients.storage.indices { gradients.storage[i] = 0.01 * generator.normal() }
        var optimizer = try recipe.makeOptimizer(spec, clipsGradients: true)
        for _ in 0..<warmup { optimizer.step(&parameters, gradients: gradients) }
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            optimizer.step(&parameters, gradients: gradients)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    }

    /// Throws when `count` parameters, their gradients and the optimizer's state (and the
    /// `repeats` timings) need more memory than is available, before anything is allocated.
    static func requireMemory(_ spec: OptimizerSpec, recipe: TrainingRecipe, count: Int, repeats: Int) throws {
        let state = spec.descriptor.stateBytes(per: recipe.stateDType)
        let stateBytes = (Double(count) * state).rounded(.up)
        // Parameters and gradients, 4 bytes each; the state as the catalog gives it; 8 bytes a timing.
        let bytes = MemoryBudget.sum([MemoryBudget.product([count, 8]), stateBytes < 9e18 ? Int(stateBytes) : nil, MemoryBudget.product([repeats, 8])])
        let what = "--params \(count): \(spec.name) on \(count) parameters (4 bytes each, as many for the gradients, \(String(format: "%g", state)) bytes of state each)"
        if let problem = MemoryBudget.shortfall(bytes, for: what) { throw CommandFailure(problem) }
    }

    func run() throws {
        try CommandFailure.run("optim bench") {
            let spec = try OptimizerSpec(name: optimizer, settings: hyperparameters)
            guard params >= 1, params <= 1 << 31 else { throw CommandFailure("--params must be between 1 and 2^31, got \(params)") }
            guard repeats >= 1, warmup >= 0 else { throw CommandFailure("--repeats must be positive and --warmup non-negative") }
            let shape = try shape.value("--shape")
            let recipe = try recipeOptions.recipe()
            try Self.requireMemory(spec, recipe: recipe, count: params, repeats: repeats)
            let (ms, used) = try compute.run { (try Self.measure(spec, recipe: recipe, count: params, matrix: shape == .matrix, warmup: warmup, repeats: repeats), ComputeThreads.count) }
            if json {
                Console.emit(Report(optimizer: spec.name, params: params, threads: used, msPerStep: finite(ms),
                                    paramsPerSecond: finite(Double(params) / (ms / 1000))).text)
            } else {
                Console.emit("\(spec.name): " + String(format: "%.3f ms per step on %d parameters, %d threads (%.3g parameters/s; median of %d)",
                                                   ms, params, used, Double(params) / (ms / 1000), repeats))
            }
        }
    }
}
