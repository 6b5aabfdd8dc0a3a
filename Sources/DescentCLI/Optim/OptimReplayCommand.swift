import ArgumentParser
import DescentOptim
import Foundation

/// `descent optim replay`: applies an optimizer to given gradients, step by step, so its
/// numbers can be checked against another library's.
struct OptimReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Apply an optimizer to the gradients in a file and print the parameters after every step.",
        discussion: """
        FILE: {"params": {"name": nested arrays}, "grads": [{"name": nested arrays}, ...]}; every gradient entry names the same parameters with the same shapes. NaN, Infinity and -Infinity may be written bare, as Python's json.dump does; non-finite results are printed as null. Prints {"optimizer", "hyperparameters" (all resolved), "params": [{"name": nested arrays}, ... one per step]} with the float32 values written exactly. Parameters are laid out in name order.

        Example:
          descent optim replay --optimizer adamw --hp lr=1e-2 --input trace.json
        """
    )

    @Option(help: "The optimizer (see descent optim list).") var optimizer: String
    @Option(name: .customLong("hp"), help: "A hyperparameter as key=value (PyTorch's names); repeatable or comma-separated.")
    var hyperparameters: [String] = []
    @Option(help: "The JSON file with params and grads.") var input: String
    @OptionGroup(title: "Training recipe") var recipeOptions: RecipeOptions
    @Flag(help: "Print compact JSON (the output is JSON either way).") var json = false

    func run() throws {
        try CommandFailure.run("optim replay") {
            let spec = try OptimizerSpec(name: optimizer, settings: hyperparameters)
            let (initial, gradients) = try Self.load(input)
            try spec.check(initial)
            var opt = try recipeOptions.recipe().makeOptimizer(spec, clipsGradients: true)
            var parameters = initial
            var steps: [[String: NestedScalars]] = []
            for g in gradients {
                opt.step(&parameters, gradients: g)
                steps.append(Dictionary(uniqueKeysWithValues: parameters.entries.map { ($0.name, NestedScalars(tensor: parameters[$0.name])) }))
            }
            Console.emit(try JSONOutput.text(Replay(optimizer: spec.name, hyperparameters: Hyperparameters.json(spec), params: steps), pretty: !json))
        }
    }

    /// What replay prints.
    struct Replay: Encodable {
        var optimizer: String
        var hyperparameters: [String: JSONScalar]
        var params: [[String: NestedScalars]]
    }

    /// The parameters and the gradient of every step; throws a one-line error naming the
    /// first problem. Python's bare NaN, Infinity and -Infinity are read as those values.
    static func load(_ path: String) throws -> (ParameterSet, [ParameterSet]) {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CommandFailure("\(path): cannot read the file")
        }
        let root: ReplayJSON
        do { root = try ReplayJSON.parse(data) } catch {
            throw CommandFailure("\(path): \(error)")
        }
        guard case .object(let object) = root else { throw CommandFailure("\(path): expected a JSON object with params and grads") }
        guard case .object(let params)? = object["params"], !params.isEmpty else {
            throw CommandFailure("\(path): \"params\" must be a non-empty object of name → nested arrays")
        }
        guard case .array(let grads)? = object["grads"] else { throw CommandFailure("\(path): \"grads\" must be an array of objects") }
        let names = params.keys.sorted()
        let parameters = ParameterSet(try names.map { ($0, try tensor(params[$0]!, what: "params.\($0)")) })
        var gradients: [ParameterSet] = []
        for (step, item) in grads.enumerated() {
            guard case .object(let g) = item else { throw CommandFailure("\(path): grads[\(step)] is not an object") }
            if let extra = g.keys.sorted().first(where: { params[$0] == nil }) {
                throw CommandFailure("grads[\(step)] names \(extra), which is not a parameter")
            }
            gradients.append(ParameterSet(try names.map { name in
                guard let value = g[name] else { throw CommandFailure("grads[\(step)] has no gradient for parameter \(name)") }
                let t = try tensor(value, what: "grads[\(step)].\(name)")
                let expected = parameters.entry(named: name)!.shape
                guard t.shape == expected else {
                    throw CommandFailure("grads[\(step)].\(name) has shape \(t.shape), but the parameter has shape \(expected)")
                }
                return (name, t)
            }))
        }
        return (parameters, gradients)
    }

    /// A number or a rectangular nested array of numbers as a tensor; anything else where a
    /// number belongs (true, null, a string) is an error naming the entry.
    static func tensor(_ value: ReplayJSON, what: String) throws -> Tensor {
        var shape: [Int] = []
        var probe = value
        while case .array(let array) = probe {
            shape.append(array.count)
            guard let first = array.first else { break }
            probe = first
        }
        // The shape comes from each level's first element; the rest is checked while collecting,
        // so nothing is reserved from it (a hostile file could claim any size).
        var scalars: [Float] = []
        func collect(_ v: ReplayJSON, depth: Int, entry: String) throws {
            if depth == shape.count {
                switch v {
                case .number(let x): scalars.append(Float(x))
                case .array, .object: throw CommandFailure("\(what) is not a rectangular nested array of numbers")
                default: throw CommandFailure("\(entry) is \(v.kind), not a number")
                }
                return
            }
            guard case .array(let array) = v, array.count == shape[depth] else {
                throw CommandFailure("\(what) is not a rectangular nested array of numbers")
            }
            for (i, item) in array.enumerated() { try collect(item, depth: depth + 1, entry: "\(entry)[\(i)]") }
        }
        try collect(value, depth: 0, entry: what)
        return Tensor(shape: shape, scalars: scalars)
    }
}

/// The `optim replay` input file, read as the command reads it (for the fuzz targets).
public enum ReplayFile {
    /// The parameters and the gradient of every step in the file at `path`; throws one line.
    public static func load(_ path: String) throws -> (ParameterSet, [ParameterSet]) {
        try OptimReplayCommand.load(path)
    }
}
