import DescentNN

/// Runs one trial with the library's training loop (``Trainer/fit(on:validation:plan:onStep:onEpoch:)``):
/// evaluation on the validation part after each epoch, the trial ending at the first evaluation
/// that reaches the target, at the step budget, or at a non-finite loss (a divergence, a miss).
public enum TrialRunner {
    /// Trains `optimizer` with `point` (a search-space point, or `[:]` for its defaults) and `seed` on `problem`.
    public static func run(workload: Workload, problem: WorkloadProblem, optimizer: BenchOptimizer, point: [String: Double],
                           study: Int, trial: Int, seed: UInt64) throws -> TrialResult {
        let (hyperparameters, warmupFactor) = optimizer.resolve(point)
        let budget = workload.budgetSteps
        let built = try optimizer.make(hyperparameters: hyperparameters, warmupFactor: warmupFactor, budget: budget)
        var trainer = Trainer(model: problem.model, objective: problem.objective, parameters: problem.initialParameters(seed),
                              optimizer: built, batchSize: workload.batchSize, generator: RandomGenerator(seed: seed))
        let perEpoch = trainer.stepsPerEpoch(problem.train.exampleCount)
        let plan = TrainingPlan(epochs: (budget + perEpoch - 1) / perEpoch, maxSteps: budget)
        let metric = workload.metric
        var curve: [[Double]] = []
        var best = Double.nan, seconds = 0.0
        var reachedAt: (steps: Int, seconds: Double)?
        var diverged = false
        var trainingSeconds = 0.0, steps = 0
        do {
            let summary = try trainer.fit(on: problem.train, validation: problem.validation, plan: plan, onEpoch: { trainer in
                guard let record = trainer.history.last, let evaluation = record.validation else { return false }
                seconds += record.seconds
                let value = metric.value(of: evaluation)
                curve.append([Double(record.step), value])
                guard value.isFinite else { diverged = true; return true }
                best = metric.better(best, value)
                if metric.reaches(value, workload.target) {
                    reachedAt = (record.step, seconds)
                    return true
                }
                return false
            })
            trainingSeconds = summary.trainingSeconds
            steps = summary.steps
        } catch is TrainingError {
            diverged = true
            steps = trainer.step
        }
        let finite = !diverged
        let test = finite ? metric.value(of: trainer.evaluate(on: problem.test)) : nil
        var quality: ClassificationQuality?
        if finite, case .classification = problem.objective {
            quality = ClassificationQuality(model: problem.model, parameters: trainer.parameters, on: problem.test)
        }
        let stateBytes = trainer.optimizer.stateTensors().values.reduce(0) { $0 + $1.byteCount }
        var recorded = hyperparameters
        recorded["warmup_factor"] = warmupFactor
        return TrialResult(
            workload: workload.name, optimizer: optimizer.name, study: study, trial: trial, seed: seed, hyperparameters: recorded,
            reached: reachedAt != nil && finite, stepsToTarget: finite ? reachedAt?.steps : nil,
            secondsToTarget: finite ? reachedAt?.seconds : nil, bestValidation: best.isNaN ? nil : best,
            finalValidation: curve.last.map { $0[1] }.flatMap { $0.isFinite ? $0 : nil }, testMetric: test.flatMap { $0.isFinite ? $0 : nil },
            ece: quality?.expectedCalibrationError, worstClassAccuracy: quality?.worstClassAccuracy.nilIfNaN,
            diverged: diverged, steps: steps, msPerStep: steps > 0 && trainingSeconds > 0 ? trainingSeconds * 1000 / Double(steps) : nil,
            stateBytes: stateBytes, curve: curve)
    }
}

extension Double {
    /// The value, or nil when it is NaN.
    var nilIfNaN: Double? { isNaN ? nil : self }
}
