import DescentCore
import DescentNN
import DescentOptim

/// Runs one trial with the library's training loop (``Trainer/fit(on:validation:plan:onStep:onEpoch:)``),
/// in stretches of the workload's evaluation interval (one epoch unless it sets one): after each
/// stretch, and at the step budget, the validation metric is evaluated; the trial ends at the
/// first evaluation that reaches the target, at the budget, or at a non-finite loss or metric
/// (a divergence, a miss).
public enum TrialRunner {
    /// Trains `optimizer` with `point` (a search-space point, or `[:]` for its defaults) and `seed` on `problem`.
    public static func run(workload: Workload, problem: WorkloadProblem, optimizer: BenchOptimizer, point: [String: Double],
                           study: Int, trial: Int, replica: Int = 0, seed: UInt64) throws -> TrialResult {
        let memory = ResidentMemorySampler.shared.begin()
        // With one compute thread the kernels run on this thread, so its CPU time is the trial's,
        // even beside other trials; with more, the trial runs alone and the process's time is its.
        let ownThread = ComputeThreads.count <= 1
        let cpuStart = ownThread ? ResourceUsage.threadCPUSeconds() : ResourceUsage.processCPUSeconds()
        let (hyperparameters, warmupFactor) = optimizer.resolve(point)
        let budget = workload.budgetSteps
        let built = try optimizer.make(hyperparameters: hyperparameters, warmupFactor: warmupFactor, budget: budget)
        var trainer = Trainer(model: problem.model, objective: problem.objective, parameters: problem.initialParameters(seed),
                              optimizer: built, batchSize: workload.batchSize, generator: RandomGenerator(seed: seed))
        let interval = workload.evaluationInterval ?? trainer.stepsPerEpoch(problem.train.exampleCount)
        let metric = workload.metric
        // Both at the weights to evaluate: a schedule-free optimizer's evaluation point x
        // (schedulefree's `.eval()`), not the iterates y it steps (Trainer.evaluationParameters).
        func score(_ trainer: Trainer<AnyOptimizer>, on source: any BatchSource) -> Double {
            metric.isEvaluation ? metric.value(of: trainer.evaluate(on: source))
                : metric.measure(model: problem.model, parameters: trainer.evaluationParameters, objective: problem.objective, on: source)
        }
        var curve: [[Double]] = []
        var best = Double.nan
        var reachedAt: (steps: Int, seconds: Double)?
        var diverged = false
        var trainingSeconds = 0.0
        while trainer.step < budget && reachedAt == nil && !diverged {
            let stop = min(budget, (trainer.step / interval + 1) * interval)
            do {
                let summary = try trainer.fit(on: problem.train, plan: TrainingPlan(epochs: .max, maxSteps: stop))
                trainingSeconds += summary.trainingSeconds
            } catch is TrainingError {
                diverged = true
                break
            }
            let value = score(trainer, on: problem.validation)
            curve.append([Double(trainer.step), value])
            guard value.isFinite else { diverged = true; break }
            best = metric.better(best, value)
            if metric.reaches(value, workload.target) { reachedAt = (trainer.step, trainingSeconds) }
        }
        let finite = !diverged
        let steps = trainer.step
        let test = finite ? score(trainer, on: problem.test) : nil
        var quality: ClassificationQuality?
        if finite, case .classification = problem.objective {
            quality = ClassificationQuality(model: problem.model, parameters: trainer.evaluationParameters, on: problem.test)
        }
        let stateBytes = trainer.optimizer.stateTensors().values.reduce(0) { $0 + $1.byteCount }
        let recorded = optimizer.recorded(point, budget: budget)
        let cpuSeconds = (ownThread ? ResourceUsage.threadCPUSeconds() : ResourceUsage.processCPUSeconds()) - cpuStart
        return TrialResult(
            workload: workload.name, optimizer: optimizer.name, study: study, trial: trial, replica: replica, seed: seed, hyperparameters: recorded,
            reached: reachedAt != nil && finite, stepsToTarget: finite ? reachedAt?.steps : nil,
            secondsToTarget: finite ? reachedAt?.seconds : nil, bestValidation: best.isNaN ? nil : best,
            finalValidation: curve.last.map { $0[1] }.flatMap { $0.isFinite ? $0 : nil }, testMetric: test.flatMap { $0.isFinite ? $0 : nil },
            ece: quality?.expectedCalibrationError, worstClassAccuracy: quality?.worstClassAccuracy.nilIfNaN,
            diverged: diverged, steps: steps, msPerStep: steps > 0 && trainingSeconds > 0 ? trainingSeconds * 1000 / Double(steps) : nil,
            stateBytes: stateBytes, cpuSeconds: max(cpuSeconds, 0), peakResidentBytes: ResidentMemorySampler.shared.end(memory),
            curve: curve)
    }
}

extension Double {
    /// The value, or nil when it is NaN.
    var nilIfNaN: Double? { isNaN ? nil : self }
}
