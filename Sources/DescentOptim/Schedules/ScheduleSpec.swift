import Foundation

/// A schedule named on the command line: `NAME[:key=value,...]`, PyTorch's scheduler names and argument names in snake case.
///
/// The grammar (``SpecText``): a name of ``catalog``, then optionally `:` and `key=value` pairs
/// separated by `,` (spaces around them are ignored). Numbers are finite decimals (`3e-4`), whole
/// numbers may be written `1e4`, booleans are `true`/`false`/`yes`/`no`/`1`/`0`, and list values
/// (`multistep`'s `milestones`) separate their items with `/` (`milestones=30/80`; `;` is
/// accepted too but must be quoted in a shell). Every key and value is checked when parsed.
public struct ScheduleSpec: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The schedule's name (`onecycle`).
    public let name: String
    /// The arguments as given (`["max_lr": "0.05"]`), validated at parse time.
    public let arguments: [String: String]

    /// Parses `NAME[:key=value,...]` (``SpecText``); throws ``ScheduleSpecError`` naming the schedule, the bad key or value, and the known keys.
    public init(parsing text: String) throws {
        let name = SpecText.split(text).name
        guard let descriptor = Self.catalog.first(where: { $0.name == name }) else {
            throw ScheduleSpecError("unknown schedule '\(name)' in '\(text)'; known schedules: \(Self.catalog.map(\.name).joined(separator: ", "))")
        }
        func failure(_ problem: String) -> ScheduleSpecError {
            ScheduleSpecError("schedule \(name): \(problem) (known keys: \(descriptor.knownKeys))")
        }
        let spec: SpecText
        do {
            spec = try SpecText(parsing: text)
        } catch {
            throw failure(error.description)
        }
        var arguments: [String: String] = [:]
        for setting in spec.settings {
            guard let argument = descriptor.argument(setting.key) else { throw failure("unknown key '\(setting.key)'") }
            let value = setting.values[0]
            if let problem = argument.kind.check(value) { throw failure("\(setting.key)=\(value) \(problem)") }
            arguments[setting.key] = value
        }
        for argument in descriptor.arguments where argument.default == nil && arguments[argument.name] == nil {
            throw failure("\(argument.name) is required")
        }
        self.name = name
        self.arguments = arguments
    }

    /// The canonical text form, `name:key=value,...` in the catalog's key order; parsing it gives back this spec.
    public var description: String {
        SpecText(name: name, settings: descriptor.arguments.compactMap { a in arguments[a.name].map { .init(a.name, $0) } }).description
    }

    /// Whether this is `plateau` (driven by the validation loss each epoch, not by the step).
    public var isMetricDriven: Bool { name == "plateau" }

    /// The learning-rate schedule for an optimizer whose constructor lr is `base` (torch's initial group lr),
    /// with `warmupSteps` > 0 putting torch's LinearLR(start_factor=1/N, end_factor=1, total_iters=N) in front,
    /// joined as SequentialLR(milestones=[N]) does. For `plateau` returns a ReduceLROnPlateau (a class; the
    /// training loop drives it with step(metric:)). Throws ScheduleSpecError for arguments that need the base (e.g. bad ranges).
    ///
    /// The warm-up goes from X/N towards X, where X is the lr torch's SequentialLR resets the
    /// group to: `base`, or max_lr/div_factor for `onecycle` (OneCycleLR rewrites the group's
    /// initial lr). Torch's SequentialLR cannot drive ReduceLROnPlateau, so `plateau` with a
    /// warm-up throws.
    public func learningRate(base: Float, warmupSteps: Int = 0) throws -> any Schedule {
        guard base.isFinite && base >= 0 else { throw failure("the optimizer's lr \(base) must be finite and ≥ 0") }
        guard warmupSteps >= 0 else { throw failure("the warm-up steps \(warmupSteps) must be ≥ 0") }
        var warmupTarget = base
        let main: any Schedule
        switch name {
        case "constant":
            main = ConstantSchedule(base)
        case "cosine":
            main = CosineSchedule(initial: base, steps: integer("t_max"), minimum: real("eta_min"), periodic: true)
        case "onecycle":
            let cycle = oneCycle(maxLR: arguments["max_lr"] == nil ? base : real("max_lr"))
            warmupTarget = cycle.maxLR / cycle.divFactor
            main = cycle
        case "step":
            main = StepSchedule(initial: base, stepSize: integer("step_size"), gamma: real("gamma"))
        case "multistep":
            main = MultiStepSchedule(initial: base, milestones: ArgumentKind.integers(value("milestones")) ?? [], gamma: real("gamma"))
        case "exponential":
            main = ExponentialSchedule(initial: base, rate: real("gamma"))
        case "linear":
            main = LinearSchedule(initial: base * real("start_factor"), end: base * real("end_factor"), steps: integer("total_iters"))
        case "polynomial":
            main = PolynomialSchedule(initial: base, end: 0, power: real("power"), steps: integer("total_iters"))
        case "cosine_warm_restarts":
            main = CosineWarmRestartsSchedule(initial: base, period: integer("t_0"), periodMultiplier: integer("t_mult"), minimum: real("eta_min"))
        case "cyclic":
            main = cyclic(base: arguments["base_lr"] == nil ? base : real("base_lr"))
        case "warmup_cosine":
            main = CosineWithWarmupSchedule(peak: base, warmup: integer("warmup_steps"), total: integer("total_steps"),
                                            cycles: Double(value("num_cycles"))!)
        case "warmup_stable_decay":
            let shapes: [String: WarmupStableDecaySchedule.DecayShape] = ["linear": .linear, "cosine": .cosine, "1-sqrt": .oneMinusSqrt]
            let floor = base * real("min_lr_ratio")
            main = WarmupStableDecaySchedule(initial: floor, peak: base, warmup: integer("warmup_steps"), stable: integer("stable_steps"),
                                             decay: integer("decay_steps"), end: floor, shape: shapes[value("decay_type")]!)
        case "inverse_sqrt":
            main = InverseSquareRootSchedule(peak: base, warmup: integer("warmup_steps"),
                                             timescale: arguments["timescale"] == nil ? nil : integer("timescale"))
        case "plateau":
            guard warmupSteps == 0 else {
                throw failure("a warm-up cannot precede plateau (torch's SequentialLR cannot drive ReduceLROnPlateau); use warm-up 0")
            }
            return ReduceLROnPlateau(
                initial: base, mode: value("mode") == "max" ? .max : .min, factor: Double(value("factor"))!, patience: integer("patience"),
                threshold: Double(value("threshold"))!, thresholdMode: value("threshold_mode") == "abs" ? .abs : .rel,
                cooldown: integer("cooldown"), minLR: Double(value("min_lr"))!, eps: Double(value("eps"))!)
        default:
            preconditionFailure("schedule \(name) is in the catalog but has no builder")
        }
        guard warmupSteps > 0 else { return main }
        let warmup = LinearSchedule(initial: warmupTarget / Float(warmupSteps), end: warmupTarget, steps: warmupSteps)
        return JoinedSchedule([warmup, main], boundaries: [warmupSteps])
    }

    /// The momentum (SGD's momentum, or beta1 for Adam-style optimizers) schedule where the torch scheduler
    /// cycles it: onecycle with cycle_momentum (default true, base_momentum 0.85, max_momentum 0.95) and cyclic with cycle_momentum
    /// (default true in torch; base_momentum 0.8, max_momentum 0.9). nil otherwise. Torch semantics exactly (momentum inverse to lr).
    ///
    /// During a warm-up the momentum stays at the cycle's first value (max_momentum), as torch
    /// leaves it while SequentialLR runs the LinearLR in front.
    public func momentum(warmupSteps: Int = 0) -> (any Schedule)? {
        let momentum: any Schedule
        switch name {
        case "onecycle" where ArgumentKind.boolean(value("cycle_momentum"))!:
            momentum = CycledMomentumSchedule(cycle: .oneCycle(oneCycle(maxLR: 1)), baseMomentum: real("base_momentum"),
                                              maxMomentum: real("max_momentum"))
        case "cyclic" where ArgumentKind.boolean(value("cycle_momentum"))!:
            momentum = CycledMomentumSchedule(cycle: .cyclic(cyclic(base: 0)), baseMomentum: real("base_momentum"),
                                              maxMomentum: real("max_momentum"))
        default:
            return nil
        }
        guard warmupSteps > 0 else { return momentum }
        return JoinedSchedule([ConstantSchedule(momentum(0)), momentum], boundaries: [warmupSteps])
    }

    /// Writes the canonical text form (``description``), so a config file holds `"onecycle:total_steps=400"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Reads and validates the text form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as ScheduleSpecError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    // MARK: - Arguments with their defaults

    /// This schedule's catalog entry (parsing guarantees there is one).
    private var descriptor: ScheduleDescriptor { Self.catalog.first { $0.name == name }! }

    private func failure(_ problem: String) -> ScheduleSpecError {
        ScheduleSpecError("schedule \(name): \(problem) (known keys: \(descriptor.knownKeys))")
    }

    /// The value of `key` as given, or its default (the caller handles defaults that depend on other values).
    private func value(_ key: String) -> String {
        arguments[key] ?? descriptor.argument(key)!.default!
    }

    private func real(_ key: String) -> Float { Float(ArgumentKind.real(value(key))!) }

    private func integer(_ key: String) -> Int { ArgumentKind.integer(value(key))! }

    /// OneCycleLR with this spec's phases and the given peak.
    private func oneCycle(maxLR: Float) -> OneCycleSchedule {
        OneCycleSchedule(
            maxLR: maxLR, total: integer("total_steps"), pctStart: real("pct_start"),
            annealing: value("anneal_strategy") == "linear" ? .linear : .cos, divFactor: real("div_factor"),
            finalDivFactor: real("final_div_factor"), threePhase: ArgumentKind.boolean(value("three_phase"))!)
    }

    /// CyclicLR with this spec's cycle and the given lower end.
    private func cyclic(base: Float) -> CyclicSchedule {
        let modes: [String: CyclicSchedule.Mode] = ["triangular": .triangular, "triangular2": .triangular2, "exp_range": .expRange]
        return CyclicSchedule(
            base: base, maxLR: real("max_lr"), stepSizeUp: integer("step_size_up"),
            stepSizeDown: arguments["step_size_down"] == nil ? nil : integer("step_size_down"),
            mode: modes[value("mode")]!, gamma: real("gamma"))
    }
}
