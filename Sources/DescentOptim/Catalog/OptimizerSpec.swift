import Foundation

/// An optimizer named on the command line with `key=value` hyperparameters (PyTorch's
/// constructor names: tuples split, `beta1`, `beta2`, or given whole, `betas=0.9,0.95`),
/// resolved against its defaults; or read from a JSON file as a PyTorch user writes one.
public struct OptimizerSpec: Sendable, CustomStringConvertible {
    public let descriptor: OptimizerDescriptor
    /// Every hyperparameter with its resolved value (defaults filled in; booleans as 0/1).
    public let hyperparameters: [String: Double]

    public var name: String { descriptor.name }

    /// PyTorch's tuple hyperparameters and the split names they fill, in order.
    static let tuples: [String: [String]] = [
        "betas": ["beta1", "beta2", "beta3"], "etas": ["eta_minus", "eta_plus"],
        "step_sizes": ["step_size_min", "step_size_max"], "ns_coefficients": ["ns_a", "ns_b", "ns_c"], "eps": ["eps1", "eps2"],
        "adamw_betas": ["adamw_beta1", "adamw_beta2"],
    ]

    /// PyTorch constructor switches that choose an implementation, not the mathematics; accepted and ignored.
    static let implementationSwitches: Set<String> = ["foreach", "fused", "capturable", "differentiable"]

    /// Resolves `name` and `settings` (``SpecText`` items: `key=value`, repeatable or
    /// comma-separated; a tuple's values follow its key, `betas=0.9,0.95`); throws a one-line error for an unknown
    /// optimizer or hyperparameter, a value of the wrong type or out of range.
    public init(name: String, settings: [String]) throws {
        let given = settings.filter { !SpecText.trim($0).isEmpty }
        let spec: SpecText
        do {
            spec = try SpecText(name: name, body: given.isEmpty ? nil : given.joined(separator: ","), tuples: true)
        } catch {
            throw OptimizerSpecError("optimizer \(name): \(error)")
        }
        try self.init(name: name, values: spec.settings.map { ($0.key, $0.values.map(Value.text)) })
    }

    /// An optimizer written as one ``SpecText``, `NAME[:key=value,...]`, the form ``description`` prints.
    public init(parsing text: String) throws {
        let (name, body) = SpecText.split(text)
        try self.init(name: name, settings: body.map { [$0] } ?? [])
    }

    /// Every hyperparameter in the catalog's order, `adamw:lr=0.001,beta1=0.9,...,amsgrad=false`;
    /// ``init(parsing:)`` reads it back (for config files and messages).
    public var description: String {
        SpecText(name: name, settings: descriptor.hyperparameters.map { h in
            .init(h.name, h.kind.text(hyperparameters[h.name] ?? h.defaultValue))
        }).description
    }

    /// Reads `{"name": "AdamW", "lr": 3e-4, "betas": [0.9, 0.95], "weight_decay": 0.1}`: the
    /// optimizer's name in any case, then its constructor's arguments as PyTorch names them.
    public init(configFile url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw OptimizerSpecError("\(url.path): cannot read the optimizer configuration")
        }
        guard let object = try? JSONDecoder().decode([String: JSONArgument].self, from: data) else {
            throw OptimizerSpecError("\(url.path): not a JSON object of numbers, booleans, strings and lists")
        }
        guard case .text(let name)? = object["name"] else {
            throw OptimizerSpecError("\(url.path): no \"name\" (the optimizer, as \"AdamW\")")
        }
        var values: [(String, [Value])] = []
        for key in object.keys.sorted() where key != "name" {
            func value(_ item: JSONArgument) throws -> Value {
                switch item {
                case .number(let x): return .number(x)
                case .bool(let b): return .text(b ? "true" : "false")
                case .text(let t): return .text(t)
                case .list: throw OptimizerSpecError("\(url.path): \"\(key)\" nests lists")
                }
            }
            let items: [JSONArgument]
            if case .list(let list) = object[key]! { items = list } else { items = [object[key]!] }
            values.append((key, try items.map(value)))
        }
        do {
            try self.init(name: name.lowercased(), values: values)
        } catch let error as OptimizerSpecError {
            throw OptimizerSpecError("\(url.path): \(error.description)")
        }
    }

    /// One argument of a JSON optimizer configuration.
    enum JSONArgument: Decodable {
        case number(Double), bool(Bool), text(String), list([JSONArgument])

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let b = try? container.decode(Bool.self) { self = .bool(b) }
            else if let x = try? container.decode(Double.self) { self = .number(x) }
            else if let t = try? container.decode(String.self) { self = .text(t) }
            else { self = .list(try container.decode([JSONArgument].self)) }
        }
    }

    enum Value {
        case text(String)
        case number(Double)
    }

    private init(name: String, values given: [(key: String, values: [Value])]) throws {
        guard let descriptor = OptimizerCatalog.descriptor(named: name) else {
            throw OptimizerSpecError("unknown optimizer '\(name)' (known: \(OptimizerCatalog.all.map(\.name).joined(separator: ", ")))")
        }
        var values = descriptor.defaults
        let kinds = Dictionary(uniqueKeysWithValues: descriptor.hyperparameters.map { ($0.name, $0.kind) })
        for (key, list) in given where !OptimizerSpec.implementationSwitches.contains(key) {
            let targets: [String]
            if kinds[key] != nil, list.count == 1 {
                targets = [key]
            } else if let split = OptimizerSpec.tuples[key], kinds[split[0]] != nil {
                let present = split.filter { kinds[$0] != nil }
                guard list.count == present.count else {
                    throw OptimizerSpecError("\(key) takes \(present.count) values (\(present.joined(separator: ", "))) for \(name), got \(list.count)")
                }
                targets = present
            } else if kinds[key] != nil {
                throw OptimizerSpecError("hyperparameter \(key) takes one value, got \(list.count)")
            } else {
                throw OptimizerSpecError("optimizer \(name) has no hyperparameter '\(key)' (known: \(descriptor.hyperparameters.map(\.name).joined(separator: ", ")))")
            }
            for (target, value) in zip(targets, list) {
                switch value {
                case .text(let text): values[target] = try OptimizerSpec.parse(text, kind: kinds[target]!, key: target)
                case .number(let number): values[target] = try OptimizerSpec.parse(String(number), kind: kinds[target]!, key: target)
                }
            }
        }
        if let error = OptimizerSpec.validate(name, values) { throw OptimizerSpecError(error) }
        self.descriptor = descriptor
        self.hyperparameters = values
    }

    /// A spec from resolved hyperparameters (a saved run configuration); checked as parsed ones are.
    public init(name: String, hyperparameters: [String: Double]) throws {
        try self.init(name: name, values: hyperparameters.sorted { $0.key < $1.key }.map { ($0.key, [Value.number($0.value)]) })
    }

    static func parse(_ text: String, kind: OptimizerDescriptor.Hyperparameter.Kind, key: String) throws -> Double {
        switch kind {
        case .boolean:
            guard let value = SpecText.boolean(text) else { throw OptimizerSpecError("hyperparameter \(key) must be true or false, got '\(text)'") }
            return value ? 1 : 0
        case .integer:
            guard let value = SpecText.integer(text) else { throw OptimizerSpecError("hyperparameter \(key) must be an integer, got '\(text)'") }
            return Double(value)
        case .real:
            guard let value = Double(text), value.isFinite || (value == .infinity && key == "growth_rate") else {
                throw OptimizerSpecError("hyperparameter \(key) must be a finite number, got '\(text)'")
            }
            return value.isFinite ? value : .greatestFiniteMagnitude
        }
    }

    /// Checks that hold across hyperparameters (PyTorch's constructor checks).
    static func validate(_ name: String, _ h: [String: Double]) -> String? {
        for key in ["lr", "eps", "weight_decay", "momentum", "adamw_lr", "adamw_eps", "adamw_weight_decay"] {
            if let value = h[key], value < 0 { return "\(key) must be non-negative, got \(value)" }
        }
        for beta in ["beta1", "beta2", "beta3", "adamw_beta1", "adamw_beta2"] {
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

    /// The optimizer these settings describe, with the rest of the recipe: learning-rate and
    /// momentum schedules, the parameters weight decay applies to, the state dtype.
    public func make(learningRate: (any Schedule)? = nil, momentum: (any Schedule)? = nil,
                     decayMask: ParameterMask = .all, stateDType: StateDType = .float32) throws -> AnyOptimizer {
        if !decayMask.includesEverything && !descriptor.decayMaskable && (hyperparameters["weight_decay"] ?? 0) != 0 {
            throw OptimizerSpecError("\(name) keeps its weight decay inside its update rule; it cannot leave some parameters undecayed (--no-decay)")
        }
        if stateDType != .float32 && hyperparameters["amsgrad"] == 1 {
            throw OptimizerSpecError("amsgrad keeps its state in float32; drop --state-dtype \(stateDType.rawValue) or amsgrad")
        }
        guard descriptor.stateDTypes.contains(stateDType) else {
            throw OptimizerSpecError("\(name) keeps its state in \(descriptor.stateDTypes.map(\.rawValue).joined(separator: ", ")) only, not \(stateDType.rawValue)")
        }
        let settings = OptimizerSettings(hyperparameters: hyperparameters, decayMask: decayMask, stateDType: stateDType)
        if learningRate == nil && momentum == nil { return AnyOptimizer(descriptor.make(settings)) }
        return AnyOptimizer(try ScheduledOptimizer(descriptor: descriptor, settings: settings, learningRate: learningRate,
                                                   momentum: momentum))
    }
}

/// An optimizer or hyperparameter named on the command line is unknown or malformed.
public struct OptimizerSpecError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
