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

/// Bad input to `descent optim`: reported as one line on stderr with exit status 2.
struct OptimInputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum OptimCLI {
    /// Collects output lines instead of printing them (tests run commands in-process and in parallel).
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        private var errorLines: [String] = []
        var text: String { lock.withLock { lines.joined(separator: "\n") } }
        var errors: String { lock.withLock { errorLines.joined(separator: "\n") } }
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        func appendError(_ line: String) { lock.withLock { errorLines.append(line) } }
    }

    @TaskLocal static var capture: Capture?

    /// Prints one line to standard output, or to the task's ``capture``.
    static func emit(_ line: String) {
        if let capture { capture.append(line) } else { print(line) }
    }

    /// Runs `body`; any error other than an exit code becomes one stderr line and exit 2.
    static func run(_ command: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch {
            let line = "descent optim \(command): \(error)"
            if let capture { capture.appendError(line) } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            throw ExitCode(2)
        }
    }

    /// A hyperparameter value as JSON: booleans and integers in their own type.
    static func json(_ value: Double, kind: OptimizerDescriptor.Hyperparameter.Kind) -> JSONValue {
        switch kind {
        case .boolean: return .bool(value != 0)
        case .integer: return .int(Int(value))
        case .real: return .number(value)
        }
    }

    /// The resolved hyperparameters in the descriptor's order.
    static func hyperparameters(_ spec: OptimizerSpec) -> JSONValue {
        .object(spec.descriptor.hyperparameters.map { ($0.name, json(spec.hyperparameters[$0.name]!, kind: $0.kind)) })
    }

    /// A value for a text table: booleans as true/false, integers without a point.
    static func text(_ value: Double, kind: OptimizerDescriptor.Hyperparameter.Kind) -> String {
        switch kind {
        case .boolean: return value != 0 ? "true" : "false"
        case .integer: return String(Int(value))
        case .real: return "\(value)"
        }
    }
}
