import ArgumentParser
import Foundation

/// The `descent` command: train, compare and watch models.
public struct DescentCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "descent",
        abstract: "Train models with modern optimizers, compare optimizers fairly, keep models healthy.",
        discussion: """
        Examples:
          descent train --data digits --model mlp:256,256 --optimizer adamw --hp lr=1e-3 --epochs 20 --out runs/a
          descent predict --run runs/a --out predictions.csv
          descent optim list
          descent drift --reference ref.csv --current cur.csv --json
          descent eval --predictions preds.csv --label y --slices region --html report.html
          descent audit --train train.csv --test test.csv --label y --fail-on error

        Every command prints one JSON object with --json. Exit status: 0 success, 1 the check found something (drift, an audit finding at --fail-on), 2 bad input (one line on stderr; nothing written).
        """,
        subcommands: [
            TrainCommand.self, PredictCommand.self, EvalCommand.self, AuditCommand.self, DriftCommand.self,
            OptimCommand.self, BenchCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line `arguments` (without the program name) and returns the exit
    /// status: what `descent` does, and what the tests run in-process. A malformed command
    /// line is bad input like any other: one line on standard error and status 2
    /// (ArgumentParser's own code for it is 64).
    public static func execute(_ arguments: [String]) -> Int32 {
        if let reason = CountArguments.problem(in: arguments) {
            Console.error("\(commandPath(arguments)): \(reason)")
            return 2
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let reason = message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
                Console.error("\(commandPath(arguments)): \(reason)")
                return 2
            }
            let text = fullMessage(for: error)
            if !text.isEmpty {
                if code == .success { Console.emit(text) } else { Console.error(text) }
            }
            return code.rawValue
        }
    }

    /// `descent train`, `descent optim bench`: the command a line names, for its error messages.
    static func commandPath(_ arguments: [String]) -> String {
        var path = ["descent"]
        var commands = configuration.subcommands
        for token in arguments {
            guard let next = commands.first(where: { $0._commandName == token }) else { break }
            path.append(token)
            commands = next.configuration.subcommands
        }
        return path.joined(separator: " ")
    }
}
