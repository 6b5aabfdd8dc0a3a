/// The trials of a benchmark with what is derived from them: each optimizer's time to target
/// per workload under the ruleset, the performance profile and scores, and the speed-up over NAdamW.
public struct BenchmarkResults: Sendable {
    public let suite: String
    public let workloads: [WorkloadSummary]
    public let optimizers: [String]
    public let ruleset: TuningRuleset
    public let measure: TimeMeasure
    public let trials: [TrialResult]
    /// Runs of each trial's point (`--seeds`): one more than the highest replica.
    public var seeds: Int { (trials.map(\.replica).max() ?? 0) + 1 }
    /// `times[o][w]`: the ruleset's time to target (median over studies of the best trial; a
    /// trial's time is the median over its `--seeds` replicas).
    public let times: [[Double]]
    public let profile: PerformanceProfile
    /// The geometric-mean speed-up over `nadamw` on the workloads both reach (nil when NAdamW is not compared, or nothing is shared).
    public let speedupOverNAdamW: [Double?]

    /// What the results say about a workload.
    public struct WorkloadSummary: Sendable, Hashable, Codable {
        public let name: String
        public let metric: ValidationMetric
        public let target: Double
        public let budgetSteps: Int

        private enum CodingKeys: String, CodingKey {
            case name, metric, target
            case budgetSteps = "budget_steps"
        }
    }

    public init(suite: BenchmarkSuite, optimizers: [String], ruleset: TuningRuleset, measure: TimeMeasure, trials: [TrialResult]) {
        self.init(suite: suite.name,
                  workloads: suite.workloads.map { WorkloadSummary(name: $0.name, metric: $0.metric, target: $0.target, budgetSteps: $0.budgetSteps) },
                  optimizers: optimizers, ruleset: ruleset, measure: measure, trials: trials)
    }

    /// The results of `trials` on workloads known by their summaries (a results.json read back).
    public init(suite: String, workloads: [WorkloadSummary], optimizers: [String], ruleset: TuningRuleset, measure: TimeMeasure, trials: [TrialResult]) {
        self.suite = suite
        self.workloads = workloads
        self.optimizers = optimizers
        self.ruleset = ruleset
        self.measure = measure
        self.trials = trials
        let times = optimizers.map { optimizer in
            workloads.map { workload in
                let mine = trials.filter { $0.optimizer == optimizer && $0.workload == workload.name }
                return TuningRuleset.timeToTarget(TuningRuleset.trialTimes(mine, studies: ruleset.studies, measure: measure))
            }
        }
        self.times = times
        profile = PerformanceProfile(optimizers: optimizers, workloads: workloads.map(\.name), times: times)
        let baseline = optimizers.firstIndex(of: "nadamw")
        speedupOverNAdamW = times.map { row in baseline.flatMap { PerformanceProfile.geometricMeanSpeedup(row, over: times[$0]) } }
    }
}
