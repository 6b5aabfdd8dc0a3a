/// An optimizer named on the command line with `key=value` hyperparameters, using
/// PyTorch's constructor names and defaults (`lr`, `beta1`, `beta2`, `eps`,
/// `weight_decay`, `momentum`, `dampening`, `nesterov`, `amsgrad`, `maximize`).
public struct OptimizerSpec: Sendable {
    public let name: String
    /// Every hyperparameter with its resolved value (defaults filled in).
    public let hyperparameters: [String: Double]

    /// The optimizers known here, with their defaults.
    public static let defaults: [String: [String: Double]] = [
        "sgd": ["lr": 1e-3, "momentum": 0, "dampening": 0, "weight_decay": 0, "nesterov": 0, "maximize": 0],
        "adam": ["lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0, "amsgrad": 0, "maximize": 0],
        "adamw": ["lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 1e-2, "amsgrad": 0, "maximize": 0],
    ]

    private static let booleans: Set<String> = ["nesterov", "amsgrad", "maximize"]

    /// Resolves `name` and `settings` (`key=value` strings); throws a one-line error for an
    /// unknown optimizer or hyperparameter or a value of the wrong type.
    public init(name: String, settings: [String]) throws {
        guard let defaults = OptimizerSpec.defaults[name] else {
            throw OptimizerSpecError("unknown optimizer '\(name)' (known: \(OptimizerSpec.defaults.keys.sorted().joined(separator: ", ")))")
        }
        var values = defaults
        for setting in settings.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw OptimizerSpecError("hyperparameter '\(setting)' is not key=value") }
            let (key, text) = (parts[0], parts[1])
            guard defaults[key] != nil else {
                throw OptimizerSpecError("optimizer \(name) has no hyperparameter '\(key)' (known: \(defaults.keys.sorted().joined(separator: ", ")))")
            }
            if OptimizerSpec.booleans.contains(key) {
                switch text.lowercased() {
                case "true", "1", "1.0": values[key] = 1
                case "false", "0", "0.0": values[key] = 0
                default: throw OptimizerSpecError("hyperparameter \(key) must be true or false, got '\(text)'")
                }
            } else {
                guard let value = Double(text), value.isFinite else {
                    throw OptimizerSpecError("hyperparameter \(key) must be a finite number, got '\(text)'")
                }
                values[key] = value
            }
        }
        if name == "sgd" && values["nesterov"] == 1 && (values["momentum"]! <= 0 || values["dampening"]! != 0) {
            throw OptimizerSpecError("sgd with nesterov=true needs momentum > 0 and dampening = 0")
        }
        self.name = name
        self.hyperparameters = values
    }

    /// The optimizer these settings describe.
    public func make() -> AnyOptimizer {
        let h = hyperparameters.mapValues { Float($0) }
        switch name {
        case "sgd":
            return AnyOptimizer(SGD(lr: h["lr"]!, momentum: h["momentum"]!, dampening: h["dampening"]!,
                                    weightDecay: h["weight_decay"]!, nesterov: h["nesterov"]! != 0, maximize: h["maximize"]! != 0))
        default:
            return AnyOptimizer(AdamW(lr: h["lr"]!, beta1: h["beta1"]!, beta2: h["beta2"]!, eps: h["eps"]!,
                                      weightDecay: h["weight_decay"]!, amsgrad: h["amsgrad"]! != 0,
                                      maximize: h["maximize"]! != 0, decoupled: name == "adamw"))
        }
    }
}

/// An optimizer or hyperparameter named on the command line is unknown or malformed.
public struct OptimizerSpecError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
