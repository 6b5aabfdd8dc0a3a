import ArgumentParser
import DescentOptim
import Foundation

/// `descent optim list`: every optimizer with its hyperparameters and state memory.
struct OptimListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Every optimizer: hyperparameters with defaults, the reference it matches, state bytes per parameter.",
        discussion: """
        With --json: an array of objects with name, hyperparameters (name → default), hyperparameter_kinds, reference, paper, composition, state_bytes_per_parameter (float32 state kept per parameter element) and state_bytes_per_parameter_by_dtype (each --state-dtype the optimizer takes: float32, bfloat16, int8 with its absmax per block of 2,048).

        Examples:
          descent optim list
          descent optim list --json
        """
    )

    @Flag(help: "Print a JSON array instead of the table.") var json = false

    func run() throws {
        try CommandFailure.run("optim list") {
            let all = OptimizerCatalog.all
            if json {
                Console.emit(try JSONOutput.text(all.map { OptimizerJSON($0) }))
                return
            }
            let width = max(4, all.map(\.name.count).max() ?? 4)
            Console.emit("name".padded(width) + "  state B/param  reference / hyperparameters (defaults)")
            for d in all {
                let bytes = d.stateDTypes.count == 1 ? String(format: "%13.0f", d.stateBytesPerParameter)
                    : String(format: "%13@", d.stateDTypes.map { String(format: "%g", d.stateBytes(per: $0)) }.joined(separator: "/"))
                Console.emit(d.name.padded(width) + "  " + bytes + "  " + d.reference)
                let hps = d.hyperparameters.map { "\($0.name)=\($0.kind.text($0.defaultValue))" }.joined(separator: " ")
                Console.emit(String(repeating: " ", count: width + 17) + hps)
            }
        }
    }
}

/// An optimizer's catalog entry as `optim list --json` and `optim show --json` print it
/// (`show` adds the formula and the hyperparameters' help).
struct OptimizerJSON: JSONReport {
    var name: String
    var hyperparameters: [String: JSONScalar]
    var hyperparameterKinds: [String: String]
    var reference: String
    var paper: String
    var composition: String
    var stateBytesPerParameter: Double
    var stateBytesPerParameterByDType: [String: Double]
    var formula: String?
    var hyperparameterHelp: [String: String]?

    init(_ d: OptimizerDescriptor, details: Bool = false) {
        name = d.name
        hyperparameters = Dictionary(uniqueKeysWithValues: d.hyperparameters.map { ($0.name, Hyperparameters.json($0.defaultValue, kind: $0.kind)) })
        hyperparameterKinds = Dictionary(uniqueKeysWithValues: d.hyperparameters.map { ($0.name, $0.kind.rawValue) })
        reference = d.reference
        paper = d.paper
        composition = d.composition
        stateBytesPerParameter = d.stateBytesPerParameter
        stateBytesPerParameterByDType = Dictionary(uniqueKeysWithValues: d.stateDTypes.map { ($0.rawValue, d.stateBytes(per: $0)) })
        if details {
            formula = d.formula
            hyperparameterHelp = Dictionary(uniqueKeysWithValues: d.hyperparameters.map { ($0.name, $0.help) })
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, hyperparameters, reference, paper, composition, formula, hyperparameterKinds = "hyperparameter_kinds"
        case stateBytesPerParameter = "state_bytes_per_parameter", hyperparameterHelp = "hyperparameter_help"
        case stateBytesPerParameterByDType = "state_bytes_per_parameter_by_dtype"
    }
}

/// `descent optim show NAME`: the formula, the chain, the defaults and the references.
struct OptimShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "An optimizer's update rule, composed chain, defaults and references.",
        discussion: """
        With --json: the object of descent optim list --json, with formula and hyperparameter_help added.

        Examples:
          descent optim show lion
          descent optim show adamw --json
        """
    )

    @Argument(help: "The optimizer's name (see descent optim list).") var name: String
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        try CommandFailure.run("optim show") {
            let spec = try OptimizerSpec(name: name, settings: [])
            let d = spec.descriptor
            if json {
                Console.emit(OptimizerJSON(d, details: true).text)
                return
            }
            Console.emit("\(d.name)")
            Console.emit("  update:      \(d.formula)")
            Console.emit("  chain:       \(d.composition)")
            Console.emit("  reference:   \(d.reference)")
            Console.emit("  paper:       \(d.paper)")
            Console.emit("  state:       \(d.stateBuffersPerParameter) float32 buffers per parameter (\(d.stateBytesPerParameter) bytes)")
            Console.emit("  hyperparameters:")
            Console.emitColumns(d.hyperparameters.map { h in
                (h.name, "\(h.kind.text(h.defaultValue))  [\(h.kind.rawValue)]" + (h.help.isEmpty ? "" : "  (\(h.help))"))
            }, indent: "    ")
        }
    }
}
