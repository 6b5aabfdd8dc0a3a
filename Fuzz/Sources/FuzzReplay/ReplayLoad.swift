import DescentCore
import Foundation

// A verbatim copy of OptimReplayCommand.load and .tensor from
// Sources/DescentCLI/Optim/OptimReplayCommand.swift (DescentCLI is not a product of the main
// package, and the command file needs ArgumentParser and the CLI's support types). Keep it in
// step with the original; a crash found here is confirmed with
// `descent optim replay --optimizer sgd --input FILE`.
// ReplayJSON.swift in this folder is a symlink to the main package's file, compiled as is.

/// Stands in for DescentCLI's CommandFailure (a one-line error).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum OptimReplayCommand {
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
        var scalars: [Float] = []
        // As OptimReplayCommand.tensor: nothing is reserved from the shape the first elements claim.
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
