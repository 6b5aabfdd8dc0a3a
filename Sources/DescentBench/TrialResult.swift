/// What one trial (one optimizer, hyperparameters and seed on one workload) did.
public struct TrialResult: Sendable, Hashable, Codable {
    public var workload: String
    public var optimizer: String
    public var study: Int
    public var trial: Int
    /// Which of the trial's `--seeds` runs this is (0 for the first; written only when not 0).
    public var replica: Int
    public var seed: UInt64
    /// The optimizer's resolved hyperparameters, with `warmup_factor` (and a schedule-free
    /// optimizer's `warmup_steps` as it ran).
    public var hyperparameters: [String: Double]
    public var reached: Bool
    /// Optimizer steps until the first evaluation at or past the target; nil for a miss.
    public var stepsToTarget: Int?
    /// Training seconds (evaluations excluded) until then; nil for a miss.
    public var secondsToTarget: Double?
    /// The best and the last validation metric seen (nil when no evaluation ran).
    public var bestValidation: Double?
    public var finalValidation: Double?
    /// The metric on the test part for the final weights (nil after a divergence).
    public var testMetric: Double?
    /// Expected calibration error and worst-class accuracy of the final model on the test part
    /// (classification workloads; nil otherwise or after a divergence).
    public var ece: Double?
    public var worstClassAccuracy: Double?
    /// A non-finite loss ended the trial (it counts as a miss).
    public var diverged: Bool
    /// Optimizer steps taken.
    public var steps: Int
    /// Mean training milliseconds per step.
    public var msPerStep: Double?
    /// Bytes of the optimizer's state tensors.
    public var stateBytes: Int
    /// CPU seconds the trial used, training and evaluation (its thread's when trials run side
    /// by side with one compute thread each, the process's otherwise).
    public var cpuSeconds: Double?
    /// The process's highest resident memory in bytes while the trial ran (sampled every 2 ms;
    /// with trials side by side it includes theirs).
    public var peakResidentBytes: Int?
    /// An estimate, not a measurement: ``cpuSeconds`` × ``ResourceUsage/wattsPerCore`` joules.
    public var energyEstimateJoules: Double?
    /// (step, validation metric) at every evaluation.
    public var curve: [[Double]]

    public init(workload: String, optimizer: String, study: Int, trial: Int, replica: Int = 0, seed: UInt64, hyperparameters: [String: Double],
                reached: Bool, stepsToTarget: Int?, secondsToTarget: Double?, bestValidation: Double?, finalValidation: Double?,
                testMetric: Double?, ece: Double? = nil, worstClassAccuracy: Double? = nil, diverged: Bool, steps: Int, msPerStep: Double?, stateBytes: Int, cpuSeconds: Double? = nil,
                peakResidentBytes: Int? = nil, curve: [[Double]]) {
        self.workload = workload
        self.optimizer = optimizer
        self.study = study
        self.trial = trial
        self.replica = replica
        self.seed = seed
        self.hyperparameters = hyperparameters
        self.reached = reached
        self.stepsToTarget = stepsToTarget
        self.secondsToTarget = secondsToTarget
        self.bestValidation = bestValidation
        self.finalValidation = finalValidation
        self.testMetric = testMetric
        self.ece = ece
        self.worstClassAccuracy = worstClassAccuracy
        self.diverged = diverged
        self.steps = steps
        self.msPerStep = msPerStep
        self.stateBytes = stateBytes
        self.cpuSeconds = cpuSeconds
        self.peakResidentBytes = peakResidentBytes
        self.energyEstimateJoules = cpuSeconds.map { EnergyEstimate.joules(cpuSeconds: $0) }
        self.curve = curve
    }

    /// The time to target in `measure` (infinity for a miss).
    public func time(_ measure: TimeMeasure) -> Double {
        switch measure {
        case .steps: return stepsToTarget.map(Double.init) ?? .infinity
        case .seconds: return secondsToTarget ?? .infinity
        }
    }

    private enum CodingKeys: String, CodingKey {
        case workload, optimizer, study, trial, replica, seed, hyperparameters, reached, diverged, steps, curve, ece
        case stepsToTarget = "steps_to_target", secondsToTarget = "seconds_to_target", bestValidation = "best_validation"
        case finalValidation = "final_validation", testMetric = "test_metric", msPerStep = "ms_per_step", stateBytes = "state_bytes"
        case worstClassAccuracy = "worst_class_accuracy", cpuSeconds = "cpu_seconds", peakResidentBytes = "peak_rss_bytes"
        case energyEstimateJoules = "energy_estimate_joules"
    }

    /// Written with every non-finite number as null (JSON has no NaN or infinity), so the same
    /// encoding serves `results.json`, `--json` and the trial files.
    public func encode(to encoder: any Encoder) throws {
        func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(workload, forKey: .workload)
        try c.encode(optimizer, forKey: .optimizer)
        try c.encode(study, forKey: .study)
        try c.encode(trial, forKey: .trial)
        if replica != 0 { try c.encode(replica, forKey: .replica) }
        try c.encode(seed, forKey: .seed)
        try c.encode(hyperparameters.mapValues(finite), forKey: .hyperparameters)
        try c.encode(reached, forKey: .reached)
        try c.encode(stepsToTarget, forKey: .stepsToTarget)
        try c.encode(finite(secondsToTarget), forKey: .secondsToTarget)
        try c.encode(finite(bestValidation), forKey: .bestValidation)
        try c.encode(finite(finalValidation), forKey: .finalValidation)
        try c.encode(finite(testMetric), forKey: .testMetric)
        try c.encode(diverged, forKey: .diverged)
        try c.encode(finite(ece), forKey: .ece)
        try c.encode(finite(worstClassAccuracy), forKey: .worstClassAccuracy)
        try c.encode(finite(msPerStep), forKey: .msPerStep)
        try c.encode(stateBytes, forKey: .stateBytes)
        try c.encode(finite(cpuSeconds), forKey: .cpuSeconds)
        try c.encode(peakResidentBytes, forKey: .peakResidentBytes)
        try c.encode(finite(energyEstimateJoules), forKey: .energyEstimateJoules)
        try c.encode(steps, forKey: .steps)
        try c.encode(curve.map { $0.map(finite) }, forKey: .curve)
    }

    /// Reads what ``encode(to:)`` writes: a null in the curve is NaN (a non-finite metric).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workload = try c.decode(String.self, forKey: .workload)
        optimizer = try c.decode(String.self, forKey: .optimizer)
        study = try c.decode(Int.self, forKey: .study)
        trial = try c.decode(Int.self, forKey: .trial)
        replica = try c.decodeIfPresent(Int.self, forKey: .replica) ?? 0
        seed = try c.decode(UInt64.self, forKey: .seed)
        hyperparameters = try c.decode([String: Double?].self, forKey: .hyperparameters).mapValues { $0 ?? .nan }
        reached = try c.decode(Bool.self, forKey: .reached)
        stepsToTarget = try c.decodeIfPresent(Int.self, forKey: .stepsToTarget)
        secondsToTarget = try c.decodeIfPresent(Double.self, forKey: .secondsToTarget)
        bestValidation = try c.decodeIfPresent(Double.self, forKey: .bestValidation)
        finalValidation = try c.decodeIfPresent(Double.self, forKey: .finalValidation)
        testMetric = try c.decodeIfPresent(Double.self, forKey: .testMetric)
        diverged = try c.decode(Bool.self, forKey: .diverged)
        ece = try c.decodeIfPresent(Double.self, forKey: .ece)
        worstClassAccuracy = try c.decodeIfPresent(Double.self, forKey: .worstClassAccuracy)
        msPerStep = try c.decodeIfPresent(Double.self, forKey: .msPerStep)
        stateBytes = try c.decode(Int.self, forKey: .stateBytes)
        cpuSeconds = try c.decodeIfPresent(Double.self, forKey: .cpuSeconds)
        peakResidentBytes = try c.decodeIfPresent(Int.self, forKey: .peakResidentBytes)
        energyEstimateJoules = try c.decodeIfPresent(Double.self, forKey: .energyEstimateJoules)
        steps = try c.decode(Int.self, forKey: .steps)
        curve = try c.decode([[Double?]].self, forKey: .curve).map { $0.map { $0 ?? .nan } }
    }

    /// The result with the timings and costs (the fields that vary between identical runs) set to nil.
    public var withoutTimings: TrialResult {
        var copy = self
        copy.secondsToTarget = nil
        copy.msPerStep = nil
        copy.cpuSeconds = nil
        copy.peakResidentBytes = nil
        copy.energyEstimateJoules = nil
        return copy
    }
}

/// How time to target is counted: optimizer steps (deterministic) or training seconds.
public enum TimeMeasure: String, Sendable, Hashable, Codable, CaseIterable {
    case steps, seconds
}
