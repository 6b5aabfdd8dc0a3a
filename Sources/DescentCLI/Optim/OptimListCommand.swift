import ArgumentParser
import DescentOptim
import Foundation

/// `descent optim list`: every optimizer with its hyperparameters and state memory.
struct OptimListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every optimizer: hyperparameters with defaults, the reference it matches, state bytes per parameter.",
        discussion: """
        With --json: an array of objects with name, hyperparameters (name → default), reference, paper,
        composition and state_bytes_per_parameter (float32 state kept per parameter element).
        """
    )

    @Flag(help: "Print a JSON array instead of the table.") var json = false

    func run() throws {
        let all = OptimizerCatalog.all
        if json {
            OptimCLI.emit(JSONValue.array(all.map(Self.json)).text)
            return
        }
        let width = max(4, all.map(\.name.count).max() ?? 4)
        OptimCLI.emit("name".padding(toLength: width, withPad: " ", startingAt: 0) + "  state B/param  reference / hyperparameters (defaults)")
        for d in all {
            let bytes = String(format: "%13.0f", d.stateBytesPerParameter)
            OptimCLI.emit(d.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + bytes + "  " + d.reference)
            let hps = d.hyperparameters.map { "\($0.name)=\(OptimCLI.text($0.defaultValue, kind: $0.kind))" }.joined(separator: " ")
            OptimCLI.emit(String(repeating: " ", count: width + 17) + hps)
        }
    }

    static func json(_ d: OptimizerDescriptor) -> JSONValue {
        .object([
            ("name", .string(d.name)),
            ("hyperparameters", .object(d.hyperparameters.map { ($0.name, OptimCLI.json($0.defaultValue, kind: $0.kind)) })),
            ("hyperparameter_kinds", .object(d.hyperparameters.map { ($0.name, .string($0.kind.rawValue)) })),
            ("reference", .string(d.reference)),
            ("paper", .string(d.paper)),
            ("composition", .string(d.composition)),
            ("state_bytes_per_parameter", .number(d.stateBytesPerParameter)),
        ])
    }
}

/// `descent optim show NAME`: the formula, the chain, the defaults and the references.
struct OptimShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "An optimizer's update rule, composed chain, defaults and references.",
        discussion: "Example: descent optim show lion"
    )

    @Argument(help: "The optimizer's name (see descent optim list).") var name: String
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        try OptimCLI.run("show") {
            let spec = try OptimizerSpec(name: name, settings: [])
            let d = spec.descriptor
            if json {
                guard case .object(var fields) = OptimListCommand.json(d) else { return }
                fields.insert(("formula", .string(d.formula)), at: 4)
                fields.append(("hyperparameter_help", .object(d.hyperparameters.map { ($0.name, .string($0.help)) })))
                OptimCLI.emit(JSONValue.object(fields).text)
                return
            }
            OptimCLI.emit("\(d.name)")
            OptimCLI.emit("  update:      \(d.formula)")
            OptimCLI.emit("  chain:       \(d.composition)")
            OptimCLI.emit("  reference:   \(d.reference)")
            OptimCLI.emit("  paper:       \(d.paper)")
            OptimCLI.emit("  state:       \(OptimCLI.text(d.stateBuffersPerParameter, kind: .real)) float32 buffers per parameter (\(OptimCLI.text(d.stateBytesPerParameter, kind: .real)) bytes)")
            OptimCLI.emit("  hyperparameters:")
            let width = d.hyperparameters.map(\.name.count).max() ?? 0
            for h in d.hyperparameters {
                let help = h.help.isEmpty ? "" : "  (\(h.help))"
                OptimCLI.emit("    \(h.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(OptimCLI.text(h.defaultValue, kind: h.kind))  [\(h.kind.rawValue)]\(help)")
            }
        }
    }
}
