import Dispatch
import Foundation

/// A whole benchmark: every optimizer's trials on every workload of a suite under a ruleset,
/// then the times to target and AlgoPerf's scores.
public struct BenchmarkRun: Sendable {
    public let suite: BenchmarkSuite
    public let optimizers: [BenchOptimizer]
    public let ruleset: TuningRuleset
    public let measure: TimeMeasure

    public init(suite: BenchmarkSuite, optimizers: [BenchOptimizer], ruleset: TuningRuleset, measure: TimeMeasure = .steps) throws {
        try ruleset.validate()
        guard !optimizers.isEmpty else { throw BenchmarkError("--optimizers names no optimizer") }
        let names = optimizers.map(\.name)
        if let twice = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw BenchmarkError("--optimizers names \(twice) twice")
        }
        self.suite = suite
        self.optimizers = optimizers
        self.ruleset = ruleset
        self.measure = measure
    }

    /// Every trial, workload by workload, optimizer by optimizer, in protocol order.
    public var trialCount: Int { suite.workloads.count * optimizers.count * ruleset.studies * ruleset.trialsPerStudy }

    /// Runs every trial (`parallelism` at a time; results do not depend on it) and scores them;
    /// `progress` sees each finished trial with the count done so far (stored trials first).
    ///
    /// With a `store`, trials it holds are taken from it instead of run (all of them are read and
    /// checked before any trial runs), and each trial run is saved to it as soon as it ends.
    public func run(parallelism: Int = 1, store: TrialStore? = nil,
                    progress: @Sendable (TrialResult, Int) -> Void = { _, _ in }) throws -> BenchmarkResults {
        var jobs: [(workload: Int, optimizer: Int, plan: TuningRuleset.Plan)] = []
        for w in suite.workloads.indices {
            for o in optimizers.indices { for plan in ruleset.plans(for: optimizers[o]) { jobs.append((w, o, plan)) } }
        }
        let slots = ResultSlots(count: jobs.count)
        var pending: [Int] = []
        for (index, job) in jobs.enumerated() {
            if let stored = try store?.load(suite: suite.name, workload: suite.workloads[job.workload],
                                            optimizer: optimizers[job.optimizer], plan: job.plan) {
                progress(stored, slots.store(.success(stored), at: index))
            } else {
                pending.append(index)
            }
        }
        let needed = Set(pending.map { jobs[$0].workload })
        let problems = try suite.workloads.indices.map { needed.contains($0) ? try suite.workloads[$0].problem() : nil }
        let work = jobs, todo = pending, workers = max(1, min(parallelism, pending.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var position = worker
            while position < todo.count {
                let index = todo[position]
                let job = work[index]
                let workload = suite.workloads[job.workload]
                let result = Result {
                    let trial = try TrialRunner.run(workload: workload, problem: problems[job.workload]!,
                                                    optimizer: optimizers[job.optimizer], point: job.plan.point, study: job.plan.study,
                                                    trial: job.plan.trial, seed: job.plan.seed)
                    try store?.save(trial, suite: suite.name, workload: workload)
                    return trial
                }
                let done = slots.store(result, at: index)
                if case .success(let trial) = result { progress(trial, done) }
                position += workers
            }
        }
        let trials = try slots.results.map { try $0!.get() }
        return BenchmarkResults(suite: suite, optimizers: optimizers.map(\.name), ruleset: ruleset, measure: measure, trials: trials)
    }
}

/// Trial results filled in by concurrent workers.
private final class ResultSlots: @unchecked Sendable {
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
