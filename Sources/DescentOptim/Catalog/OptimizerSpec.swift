/// An optimizer named on the command line with `key=value` hyperparameters (PyTorch's
/// constructor names, tuples split: `beta1`, `beta2`), resolved against its defaults.
public struct OptimizerSpec: Sendable {
    public let descriptor: OptimizerDescriptor
    /// Every hyperparameter with its resolved value (defaults filled in; booleans as 0/1).
    public let hyperparameters: [String: Double]

    public var name: String { descriptor.name }

    /// Resolves `name` and `settings` (`key=value`, repeatable or comma-separated); throws a
    /// one-line error for an unknown optimizer or hyperparameter or a value of the wrong type.
    public init(name: String, settings: [String]) throws {
        guard let descriptor = OptimizerCatalog.descriptor(named: name) else {
            throw OptimizerSpecError("unknown optimizer '\(name)' (known: \(OptimizerCatalog.all.map(\.name).joined(separator: ", ")))")
        }
        var values = descriptor.defaults
        let kinds = Dictionary(uniqueKeysWithValues: descriptor.hyperparameters.map { ($0.name, $0.kind) })
        for setting in settings.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw OptimizerSpecError("hyperparameter '\(setting)' is not key=value") }
            let (key, text) = (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
            guard let kind = kinds[key] else {
                throw OptimizerSpecError("optimizer \(name) has no hyperparameter '\(key)' (known: \(descriptor.hyperparameters.map(\.name).joined(separator: ", ")))")
            }
            values[key] = try OptimizerSpec.parse(text, kind: kind, key: key)
        }
        if let error = OptimizerSpec.validate(name, values) { throw OptimizerSpecError(error) }
        self.descriptor = descriptor
        self.hyperparameters = values
    }

    static func parse(_ text: String, kind: OptimizerDescriptor.Hyperparameter.Kind, key: String) throws -> Double {
        switch kind {
        case .boolean:
            switch text.lowercased() {
            case "true", "1", "1.0", "yes": return 1
            case "false", "0", "0.0", "no": return 0
            default: throw OptimizerSpecError("hyperparameter \(key) must be true or false, got '\(text)'")
            }
        case .integer:
            guard let value = Double(text), value.isFinite, value.rounded() == value else {
                throw OptimizerSpecError("hyperparameter \(key) must be an integer, got '\(text)'")
            }
            return value
        case .real:
            guard let value = Double(text), value.isFinite else {
                throw OptimizerSpecError("hyperparameter \(key) must be a finite number, got '\(text)'")
            }
            return value
        }
    }

    /// Checks that hold across hyperparameters (PyTorch's constructor checks).
    static func validate(_ name: String, _ h: [String: Double]) -> String? {
        if let lr = h["lr"], lr < 0 { return "lr must be non-negative, got \(lr)" }
        if let eps = h["eps"], eps < 0 { return "eps must be non-negative, got \(eps)" }
        for beta in ["beta1", "beta2", "beta3"] {
            if let b = h[beta], !(0..<1).contains(b) { return "\(beta) must be in [0, 1), got \(b)" }
        }
        if name == "sgd" && h["nesterov"] == 1 && (h["momentum"]! <= 0 || h["dampening"]! != 0) {
            return "sgd with nesterov=true needs momentum > 0 and dampening = 0"
        }
        return nil
    }

    /// Throws a one-line error naming the first parameter this optimizer cannot take.
    public func check(_ parameters: ParameterSet) throws {
        for entry in parameters.entries {
            if let why = descriptor.parameterRequirement(entry) {
                throw OptimizerSpecError("\(name) cannot optimize parameter \(entry.name) of shape \(entry.shape): \(why)")
            }
        }
    }

    /// The optimizer these settings describe.
    public func make() -> AnyOptimizer { AnyOptimizer(descriptor.make(hyperparameters)) }
}

/// An optimizer or hyperparameter named on the command line is unknown or malformed.
public struct OptimizerSpecError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
