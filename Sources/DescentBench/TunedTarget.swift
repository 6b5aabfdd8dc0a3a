import Dispatch
import Foundation

/// A workload's target set the AlgoPerf way, scaled down: AdamW, NAdamW and SGD with Nesterov
/// momentum (each with the benchmark recipe: warm-up and cosine decay to zero over the budget)
/// are tuned with the same quasi-random budget of search-space points, every run going to the
/// full budget; the best run's point is rerun with several seeds, and the target is the median
/// of their best validation metrics.
public enum TunedTarget {
    /// The baselines AlgoPerf's targets come from.
    public static let baselines = ["adamw", "nadamw", "sgd"]

    /// What the tuning found for one workload.
    public struct Measurement: Sendable {
        public let workload: String
        /// The median over `reruns` of the best validation metric.
        public let target: Double
        /// The tuning run with the best validation metric: its optimizer and hyperparameters.
        public let bestOptimizer: String
        public let bestHyperparameters: [String: Double]
        /// Every tuning run (trial k of each baseline, seed k) and the reruns of the best (study 1, seeds 1000+).
        public let tuning: [TrialResult]
        public let reruns: [TrialResult]
    }

    /// Tunes the baselines on `workload` with `trials` Halton points each (indices 1...trials of
    /// their search spaces, seeds 0..<trials), then reruns the best point with `seeds` seeds
    /// (1000, 1001, ...); `parallelism` runs at a time, results independent of it.
    public static func measure(_ workload: Workload, trials: Int, seeds: Int, parallelism: Int = 1) throws -> Measurement {
        precondition(trials >= 1 && seeds >= 1, "trials and seeds must be positive")
        let optimizers = try baselines.map { try BenchOptimizer(named: $0) }
        let problem = try workload.problem()
        // Every run goes to the budget: a target no run can reach stands in for the real one.
        let open = workload.with(target: workload.metric.minimizes ? -.infinity : .infinity)
        let plans = optimizers.flatMap { o in (0..<trials).map { (optimizer: o, point: o.searchSpace.trial($0), trial: $0, seed: UInt64($0)) } }
        let tuning = try runAll(plans.count, parallelism: parallelism) { i in
            let p = plans[i]
            return try TrialRunner.run(workload: open, problem: problem, optimizer: p.optimizer, point: p.point, study: 0, trial: p.trial, seed: p.seed)
        }
        func value(_ t: TrialResult) -> Double { t.diverged ? .nan : (t.bestValidation ?? .nan) }
        // The first run with the best metric (a strict improvement replaces it; diverged runs never count).
        var bestIndex: Int?
        for i in tuning.indices where !value(tuning[i]).isNaN {
            guard let b = bestIndex else { bestIndex = i; continue }
            let (v, w) = (value(tuning[i]), value(tuning[b]))
            if workload.metric.minimizes ? v < w : v > w { bestIndex = i }
        }
        guard let bestIndex else { throw BenchmarkError("\(workload.name): every tuning run diverged; no target") }
        let best = plans[bestIndex]
        let reruns = try runAll(seeds, parallelism: parallelism) { s in
            try TrialRunner.run(workload: open, problem: problem, optimizer: best.optimizer, point: best.point, study: 1, trial: s,
                                seed: 1000 + UInt64(s))
        }
        let bests = reruns.map { value($0) }.map { $0.isNaN ? (workload.metric.minimizes ? .infinity : -.infinity) : $0 }
        return Measurement(workload: workload.name, target: TuningRuleset.median(bests), bestOptimizer: best.optimizer.name,
                           bestHyperparameters: tuning[bestIndex].hyperparameters, tuning: tuning, reruns: reruns)
    }

    /// `body(0..<count)`, `parallelism` at a time, in index order.
    private static func runAll(_ count: Int, parallelism: Int, _ body: @Sendable (Int) throws -> TrialResult) throws -> [TrialResult] {
        let slots = ResultSlots(count: count)
        let workers = max(1, min(parallelism, count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < count {
                _ = slots.store(Result { try body(i) }, at: i)
                i += workers
            }
        }
        return try slots.results.map { try $0!.get() }
    }
}
