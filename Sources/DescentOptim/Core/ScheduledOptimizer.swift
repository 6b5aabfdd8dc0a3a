/// A named optimizer whose learning rate (and momentum or β₁) follow schedules, as
/// PyTorch's schedulers set a parameter group's `lr` (and `momentum` or `betas[0]`) between
/// steps: before a step whose scheduled values differ from the last ones, the update rule is
/// remade from the catalog with those values and the state is kept. Every optimizer of the
/// catalog is scheduled this way, fused kernels included (they read the new value).
///
/// The schedules see the 0-based count of updates made, saved with the state as
/// `schedule_step`; ``ReduceLROnPlateau`` is driven by ``observe(validationLoss:)`` and its
/// state is saved under `plateau/`.
public struct ScheduledOptimizer: Optimizer {
    public let descriptor: OptimizerDescriptor
    public let settings: OptimizerSettings
    public let learningRate: (any Schedule)?
    public let momentum: (any Schedule)?
    /// The hyperparameter the momentum schedule sets: `beta1`, or `momentum` without one.
    public let momentumName: String?
    public private(set) var base: any Optimizer
    /// Updates made so far: where the schedules stand.
    public private(set) var updates = 0
    private var madeWith: (lr: Float?, momentum: Float?) = (nil, nil)

    /// Throws when a momentum schedule is given for an optimizer with neither `beta1` nor
    /// `momentum` (PyTorch's OneCycleLR raises the same).
    public init(descriptor: OptimizerDescriptor, settings: OptimizerSettings, learningRate: (any Schedule)?,
                momentum: (any Schedule)? = nil) throws {
        self.descriptor = descriptor
        self.settings = settings
        self.learningRate = learningRate
        self.momentum = momentum
        let names = Set(descriptor.hyperparameters.map(\.name))
        momentumName = names.contains("beta1") ? "beta1" : names.contains("momentum") ? "momentum" : nil
        if momentum != nil && momentumName == nil {
            throw OptimizerSpecError("\(descriptor.name) has neither beta1 nor momentum for the schedule to cycle (use cycle_momentum=false)")
        }
        if learningRate != nil && !names.contains("lr") {
            throw OptimizerSpecError("\(descriptor.name) has no learning rate to schedule")
        }
        // The first update's values shape the rule (SGD built with momentum 0 has no momentum
        // buffer; OneCycleLR's momentum gives it one, as it does in PyTorch).
        base = descriptor.make(Self.settings(settings, lr: learningRate?(0), momentum: momentum?(0), named: momentumName))
    }

    /// `settings` with the scheduled values in place of `lr` and the momentum hyperparameter.
    private static func settings(_ settings: OptimizerSettings, lr: Float?, momentum: Float?, named name: String?) -> OptimizerSettings {
        var changed = settings
        if let lr {
            // Other parameter groups' learning rates (`adamw_lr` of `muon_adamw`) follow the same
            // factor, as a PyTorch scheduler scales every group's initial learning rate.
            if let base = settings.hyperparameters["lr"], base > 0 {
                for (key, value) in settings.hyperparameters where key.hasSuffix("_lr") {
                    changed.hyperparameters[key] = value * Double(lr) / base
                }
            }
            changed.hyperparameters["lr"] = Double(lr)
        }
        // A momentum cycled down to exactly 0 keeps the buffer (the rule's parts stay the same):
        // the smallest positive momentum updates it as 0 would, to float precision.
        if let momentum, let name { changed.hyperparameters[name] = Double(momentum == 0 ? .leastNonzeroMagnitude : momentum) }
        return changed
    }

    public var name: String { descriptor.name }

    /// Steps from now on through the composed transformation instead of the fused kernel
    /// (the state is the same), for checking one against the other.
    public mutating func useComposedForm() {
        composedOnly = true
        if let current = base as? TransformationOptimizer { base = current.composed }
    }
    private var composedOnly = false

    /// The plateau schedule, if the learning rate follows one.
    private var plateau: ReduceLROnPlateau? { learningRate as? ReduceLROnPlateau }

    private mutating func follow() {
        let lr = learningRate?(updates), mu = momentum?(updates)
        guard lr != madeWith.lr || mu != madeWith.momentum else { return }
        madeWith = (lr, mu)
        let fresh = descriptor.make(Self.settings(settings, lr: lr, momentum: mu, named: momentumName))
        if var current = base as? TransformationOptimizer, let fresh = fresh as? TransformationOptimizer {
            current.adoptRule(of: composedOnly ? fresh.composed : fresh)
            base = current
        } else if var current = base as? LBFGS, let lr {
            current.lr = lr
            base = current
        }
    }

    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float) {
        if learningRate != nil || momentum != nil { follow() }
        base.step(&parameters, gradients: gradients, gradientScale: gradientScale)
        updates += 1
    }

    public mutating func observe(validationLoss: Double) {
        plateau?.step(metric: validationLoss)
    }

    public func evaluationPoint(_ parameters: ParameterSet) -> ParameterSet? { base.evaluationPoint(parameters) }

    public func stateTensors() -> [String: SafeTensors.Value] {
        var tensors = base.stateTensors()
        if learningRate != nil || momentum != nil { tensors["schedule_step"] = .float32(Tensor(Float(updates))) }
        if let plateau { tensors.merge(plateau.stateTensors().mapValues { .float32($0) }) { a, _ in a } }
        return tensors
    }

    public mutating func loadStateTensors(_ tensors: [String: SafeTensors.Value], for parameters: ParameterSet) throws {
        var rest = tensors
        if learningRate != nil || momentum != nil {
            guard let step = rest.removeValue(forKey: "schedule_step")?.float32, step.count == 1, step.scalars[0] >= 0,
                  step.scalars[0] < 16_777_216, step.scalars[0].rounded() == step.scalars[0] else {
                throw OptimizerStateError("optimizer state has no valid schedule_step")
            }
            updates = Int(step.scalars[0])
        }
        if let plateau { try plateau.load(rest.compactMapValues(\.float32)) }
        try base.loadStateTensors(rest, for: parameters)
        madeWith = (nil, nil)
    }
}
