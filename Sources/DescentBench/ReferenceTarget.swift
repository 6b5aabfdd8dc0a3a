/// A workload's target set from a short reference run, until targets are tuned: AdamW with the
/// workload's ``Workload/reference`` hyperparameters and the benchmark recipe (5% warm-up,
/// cosine to zero) over the budget, for several seeds; the target is the median of their best
/// validation metrics (AlgoPerf takes the median of the best runs' in the same way).
public enum ReferenceTarget {
    /// The reference runs of `workload` with `seeds`, and the median of their best validation metric.
    public static func measure(_ workload: Workload, seeds: [UInt64] = [0, 1, 2]) throws -> (target: Double, trials: [TrialResult]) {
        let adamw = try BenchOptimizer(named: "adamw")
        let problem = try workload.problem()
        // The trial must run to its budget: a target no run can reach stands in for the real one.
        let open = workload.with(target: workload.metric.minimizes ? -.infinity : .infinity)
        let trials = try seeds.enumerated().map { index, seed in
            try TrialRunner.run(workload: open, problem: problem, optimizer: adamw, point: workload.reference, study: 0,
                                trial: index, seed: seed)
        }
        let best = trials.map { $0.bestValidation ?? (workload.metric.minimizes ? .infinity : -.infinity) }
        return (TuningRuleset.median(best), trials)
    }
}
