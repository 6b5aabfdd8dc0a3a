import ArgumentParser
import DescentOptim
import Foundation

/// `descent optim trace`: an optimizer on a test function, the loss per step and, in 2-D,
/// its path over the contour plot.
struct OptimTraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run an optimizer on a test function: the loss per step, and the path over a contour plot in 2-D.",
        discussion: """
        Problems: rosenbrock (from (−1.2, 1)), beale (from (1, 1)), rastrigin[:dim=N], quadratic[:kappa=K,dim=N,smallest=S] (½Σλᵢxᵢ², λ from S to S·K, from all ones).

        losses[k] is the value after k updates (k = 0 … steps). L-BFGS runs its own iterations and line search per step, as PyTorch's step(closure).

        Examples:
          descent optim trace --problem rosenbrock --optimizer adam --hp lr=0.05 --steps 500 --plot rosenbrock.svg
          descent optim trace --problem quadratic:kappa=1000,dim=100 --optimizer sgd --hp lr=1e-3 --steps 1000 --json
        """
    )

    @Option(help: "The test function.") var problem: String
    @Option(help: "The optimizer (see descent optim list).") var optimizer: String
    @Option(name: .customLong("hp"), help: "A hyperparameter as key=value; repeatable or comma-separated.")
    var hyperparameters: [String] = []
    @Option(help: "Number of optimizer steps.") var steps: Int = 1000
    @Option(help: "Write an SVG contour plot with the path (2-D problems).") var plot: String?
    @OptionGroup(title: "Training recipe") var recipeOptions: RecipeOptions
    @Flag(help: "Print one JSON object: {problem, optimizer, hyperparameters, losses, final_params}.") var json = false

    /// The losses after 0 … steps updates and the points visited.
    struct Trace {
        var losses: [Double]
        var path: [[Float]]
    }

    /// What trace prints with --json.
    struct Report: JSONReport {
        var problem: String
        var optimizer: String
        var hyperparameters: [String: JSONScalar]
        var losses: [Double?]
        var finalParams: [Double?]

        enum CodingKeys: String, CodingKey { case problem, optimizer, hyperparameters, losses, finalParams = "final_params" }
    }

    /// Runs `spec` on `problem` for `steps` steps.
    static func trace(_ spec: OptimizerSpec, recipe: TrainingRecipe = TrainingRecipe(), on problem: TestProblem,
                      steps: Int) throws -> Trace {
        var optimizer: any Optimizer = try recipe.makeOptimizer(spec, clipsGradients: true)
        let path = problem.path(&optimizer, steps: steps)
        let trace = Trace(losses: path.map(problem.value), path: path)
        return trace
    }

    func run() throws {
        try CommandFailure.run("optim trace") {
            let problem = try TestProblem.parse(self.problem)
            let spec = try OptimizerSpec(name: optimizer, settings: hyperparameters)
            guard steps >= 1, steps <= 10_000_000 else { throw CommandFailure("--steps must be between 1 and 10,000,000, got \(steps)") }
            if plot != nil && problem.dimension != 2 {
                throw CommandFailure("--plot draws 2-D problems only; \(self.problem) has \(problem.dimension) dimensions")
            }
            let trace = try Self.trace(spec, recipe: try recipeOptions.recipe(), on: problem, steps: steps)
            if let plot {
                try OutputFile.write(ContourPlot.svg(problem: problem, path: trace.path, title: "\(spec.name) on \(problem.name)"), to: plot)
            }
            let final = trace.path.last!
            if json {
                Console.emit(Report(problem: self.problem, optimizer: spec.name, hyperparameters: Hyperparameters.json(spec),
                                    losses: trace.losses.map { finite($0) }, finalParams: final.map { finite($0) }).text)
                return
            }
            Console.emit("\(spec.name) on \(problem.name), \(steps) steps")
            let every = max(1, steps / 10)
            for k in stride(from: 0, through: steps, by: every) { Console.emit(String(format: "  step %8d  loss %.6g", k, trace.losses[k])) }
            if steps % every != 0 { Console.emit(String(format: "  step %8d  loss %.6g", steps, trace.losses[steps])) }
            let shown = final.prefix(10).map { String(format: "%.6g", Double($0)) }.joined(separator: ", ")
            Console.emit("  final params: [\(shown)\(final.count > 10 ? ", …" : "")]  (minimum \(problem.minimum) at \(problem.minimizer.prefix(10).map { "\($0)" }.joined(separator: ", ")))")
        }
    }
}
