import ArgumentParser
import DescentOptim
import Foundation

/// `descent optim`: the optimizer library from the command line.
public struct OptimCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "optim",
        abstract: "List, explain, replay, trace and time the optimizers.",
        discussion: """
        Examples:
          descent optim list --json
          descent optim show adamw
          descent optim replay --optimizer adamw --hp lr=1e-2 --hp weight_decay=0.1 --input trace.json
          descent optim trace --problem rosenbrock --optimizer adam --hp lr=0.05 --steps 500 --plot path.svg
          descent optim trace --problem quadratic:kappa=1000,dim=100 --optimizer sgd --hp lr=1e-3,momentum=0.9 --steps 2000 --json
          descent optim bench --optimizer adamw --params 16777216 --threads 2 --json

        Exit status: 0 success, 2 bad input (one line on stderr naming the problem; nothing written).
        """,
        subcommands: [OptimListCommand.self, OptimShowCommand.self, OptimReplayCommand.self, OptimTraceCommand.self, OptimBenchCommand.self, OptimSchedulesCommand.self]
    )

    public init() {}
}

/// The tests capture the commands' output as `OptimCLI.$capture`, the name it had when only
/// `descent optim` used it.
typealias OptimCLI = Console

/// How `descent optim` shows hyperparameter values.
enum Hyperparameters {
    /// A value as JSON: booleans and integers in their own type.
    static func json(_ value: Double, kind: OptimizerDescriptor.Hyperparameter.Kind) -> JSONScalar {
        switch kind {
        case .boolean: return .bool(value != 0)
        case .integer: return .int(Int(value))
        case .real: return .number(value)
        }
    }

    /// The resolved hyperparameters of `spec` by name.
    static func json(_ spec: OptimizerSpec) -> [String: JSONScalar] {
        Dictionary(uniqueKeysWithValues: spec.descriptor.hyperparameters.map { ($0.name, json(spec.hyperparameters[$0.name]!, kind: $0.kind)) })
    }
}
