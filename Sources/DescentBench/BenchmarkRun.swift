import Dispatch
import Foundation

/// A whole benchmark: every optimizer's trials on every workload of a suite under a ruleset,
/// then the times to target and AlgoPerf's scores.
public struct BenchmarkRun: Sendable {
    public let suite: BenchmarkSuite
    public let optimizers: [BenchOptimizer]
    public let ruleset: TuningRuleset
    public let measure: TimeMeasure
    /// Runs of each trial's point with different seeds (`--seeds`); a trial's time is their median.
    public let seeds: Int

    public init(suite: BenchmarkSuite, optimizers: [BenchOptimizer], ruleset: TuningRuleset, measure: TimeMeasure = .steps,
                seeds: Int = 1) throws {
        try ruleset.validate()
        guard seeds >= 1 else { throw BenchmarkError("--seeds must be a positive integer, got \(seeds)") }
        guard !optimizers.isEmpty else { throw BenchmarkError("--optimizers names no optimizer") }
        let names = optimizers.map(\.name)
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw BenchmarkError("--optimizers names \(twice) twice")
        }
        let count = [suite.workloads.count, optimizers.count, ruleset.studies, ruleset.trialsPerStudy, seeds]
            .reduce((value: 1, overflow: false)) { total, factor in
                let product = total.value.multipliedReportingOverflow(by: factor)
                return (product.partialValue, total.overflow || product.overflow)
            }
        guard !count.overflow, count.value <= Self.maximumTrials else {
            throw BenchmarkError("\(suite.workloads.count) workloads × \(optimizers.count) optimizers × \(ruleset.studies) studies × "
                                 + "\(ruleset.trialsPerStudy) trials\(seeds > 1 ? " × \(seeds) seeds" : "") is more than \(Self.maximumTrials) trials; lower --studies, --trials or --seeds")
        }
        self.suite = suite
        self.optimizers = optimizers
        self.ruleset = ruleset
        self.measure = measure
        self.seeds = seeds
    }

    /// The most trials one benchmark may plan (each is a training run; far more than a
    /// machine runs in a day, and a bound on what the plan allocates).
    public static let maximumTrials = 1_000_000

    /// Every trial, workload by workload, optimizer by optimizer, in protocol order.
    public var trialCount: Int { suite.workloads.count * optimizers.count * ruleset.studies * ruleset.trialsPerStudy * seeds }

    /// Runs every trial (`parallelism` at a time; results do not depend on it) and scores them;
    /// `progress` sees each finished trial with the count done so far and whether it was taken
    /// from the store (stored trials come first).
    ///
    /// With a `store`, trials it holds are taken from it instead of run (all of them are read and
    /// checked before any trial runs), and each trial run is saved to it as soon as it ends.
    /// Once `stop` returns true no further trial starts; the ones running finish and are saved,
    /// and the run throws ``BenchmarkInterrupted``.
    public func run(parallelism: Int = 1, store: TrialStore? = nil, stop: @Sendable () -> Bool = { false },
                    progress: @Sendable (TrialResult, Int, Bool) -> Void = { _, _, _ in }) throws -> BenchmarkResults {
        let trials = try runTrials(parallelism: parallelism, store: store, stop: stop, progress: progress) { _ in true }
        return BenchmarkResults(suite: suite, optimizers: optimizers.map(\.name), ruleset: ruleset, measure: measure, trials: trials)
    }

    /// Runs the trials of one shard (`run`'s trials in protocol order, every `shard.count`-th from
    /// the `shard.index`-th) into `store`, for `descent bench merge` to score with the others.
    public func runShard(_ shard: Shard, parallelism: Int = 1, store: TrialStore, stop: @Sendable () -> Bool = { false },
                         progress: @Sendable (TrialResult, Int, Bool) -> Void = { _, _, _ in }) throws -> [TrialResult] {
        try runTrials(parallelism: parallelism, store: store, stop: stop, progress: progress) { shard.contains($0) }
    }

    /// The number of trials of `shard`.
    public func trialCount(of shard: Shard) -> Int { (0..<trialCount).filter(shard.contains).count }

    /// One planned trial: the workload, the optimizer and the protocol's plan.
    public struct Job: Sendable {
        public let workload: Workload
        public let optimizer: BenchOptimizer
        public let plan: TuningRuleset.Plan
    }

    /// Every trial in protocol order: workload by workload, optimizer by optimizer, study by study
    /// (each trial's `--seeds` replicas in a row).
    public var jobs: [Job] {
        suite.workloads.flatMap { workload in
            optimizers.flatMap { optimizer in ruleset.plans(for: optimizer, seeds: seeds).map { Job(workload: workload, optimizer: optimizer, plan: $0) } }
        }
    }

    /// The trials whose protocol index `selected` accepts, in protocol order.
    private func runTrials(parallelism: Int, store: TrialStore?, stop: @Sendable () -> Bool, progress: @Sendable (TrialResult, Int, Bool) -> Void,
                           selected: (Int) -> Bool) throws -> [TrialResult] {
        let jobs = self.jobs.enumerated().filter { selected($0.offset) }.map(\.element)
        let slots = ResultSlots(count: jobs.count)
        var pending: [Int] = []
        for (index, job) in jobs.enumerated() {
            if let stored = try store?.load(suite: suite.name, workload: job.workload, optimizer: job.optimizer, plan: job.plan) {
                progress(stored, slots.store(.success(stored), at: index), true)
            } else {
                pending.append(index)
            }
        }
        let needed = Set(pending.map { jobs[$0].workload.name })
        var problems: [String: WorkloadProblem] = [:]
        for workload in suite.workloads where needed.contains(workload.name) { problems[workload.name] = try workload.problem() }
        let work = jobs, todo = pending, workers = max(1, min(parallelism, pending.count)), prepared = problems
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var position = worker
            while position < todo.count && !stop() {
                let index = todo[position]
                let job = work[index]
                let result = Result {
                    let trial = try TrialRunner.run(workload: job.workload, problem: prepared[job.workload.name]!,
                                                    optimizer: job.optimizer, point: job.plan.point, study: job.plan.study,
                                                    trial: job.plan.trial, replica: job.plan.replica, seed: job.plan.seed)
                    try store?.save(trial, suite: suite.name, workload: job.workload)
                    return trial
                }
                let done = slots.store(result, at: index)
                if case .success(let trial) = result { progress(trial, done, false) }
                position += workers
            }
        }
        let finished = slots.results
        for case .failure(let error)? in finished { throw error }
        let saved = finished.filter { $0 != nil }.count
        guard saved == jobs.count else { throw BenchmarkInterrupted(saved: saved, total: jobs.count) }
        return try finished.map { try $0!.get() }
    }
}

/// A run stopped before all its trials ran (Ctrl-C): `saved` of its `total` trials are in the
/// store, and a rerun resumes from them.
public struct BenchmarkInterrupted: Error, CustomStringConvertible {
    public let saved: Int
    public let total: Int
    public var description: String { "interrupted: \(saved) of \(total) trials saved" }
}

/// Trial results filled in by concurrent workers.
final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<TrialResult, any Error>?]
    private var done = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    /// Stores a result; returns how many are stored.
    func store(_ result: Result<TrialResult, any Error>, at index: Int) -> Int {
        lock.withLock {
            slots[index] = result
            done += 1
            return done
        }
    }

    var results: [Result<TrialResult, any Error>?] { lock.withLock { slots } }
}
