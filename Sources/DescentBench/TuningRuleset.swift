/// How hyperparameters are chosen (AlgoPerf's rulesets, scaled down).
///
/// - External tuning: S studies of K trials each; trial k of study s runs the search-space
///   point of Halton index 1 + s·K + k with seed s·K + k. A workload's time for an optimizer is
///   the median over studies of the minimum over the study's trials (a miss is infinity and
///   takes part in the median).
/// - Self-tuning: the optimizer's defaults only, repeated S times (seeds 0..<S), the median over them.
///
/// With `--seeds N` every trial's point runs N times (replica r has seed index + r·2³²; replica
/// 0 is the trial as it runs alone) and the trial's time is the median over its replicas.
public enum TuningRuleset: Sendable, Hashable {
    case external(studies: Int, trials: Int)
    case selfTuning(studies: Int)

    /// `external` or `self`, as `--ruleset` names it.
    public var name: String {
        switch self {
        case .external: return "external"
        case .selfTuning: return "self"
        }
    }

    public var studies: Int {
        switch self {
        case .external(let studies, _), .selfTuning(let studies): return studies
        }
    }

    /// Trials per study.
    public var trialsPerStudy: Int {
        switch self {
        case .external(_, let trials): return trials
        case .selfTuning: return 1
        }
    }

    /// Throws a one-line error unless the counts are positive.
    public func validate() throws {
        guard studies >= 1 else { throw BenchmarkError("--studies must be a positive integer, got \(studies)") }
        guard trialsPerStudy >= 1 else { throw BenchmarkError("--trials must be a positive integer, got \(trialsPerStudy)") }
    }

    /// One trial to run: its place in the protocol, its seed and its search-space point.
    public struct Plan: Sendable, Hashable {
        public let study: Int
        public let trial: Int
        /// Which of the trial's `--seeds` runs this is (0 for the first).
        public var replica: Int = 0
        public let seed: UInt64
        /// The drawn search-space point (`[:]`: the optimizer's defaults).
        public let point: [String: Double]
    }

    /// The trials of `optimizer` on one workload, in order (the same points on every workload:
    /// the search space is workload-agnostic).
    ///
    /// Each trial comes `seeds` times in a row, replica 0 first (with seed `index`, as alone),
    /// replica r with seed `index + r·2³²`.
    public func plans(for optimizer: BenchOptimizer, seeds: Int = 1) -> [Plan] {
        (0..<studies).flatMap { study in
            (0..<trialsPerStudy).flatMap { trial in
                let index = study * trialsPerStudy + trial
                let point: [String: Double]
                switch self {
                case .external: point = optimizer.searchSpace.trial(index)
                case .selfTuning: point = [:]
                }
                return (0..<max(seeds, 1)).map { replica in
                    Plan(study: study, trial: trial, replica: replica, seed: UInt64(index) &+ (UInt64(replica) << 32), point: point)
                }
            }
        }
    }

    /// Each study's trial times, for one optimizer's `trials` on one workload in protocol order:
    /// a trial's time is the median over its replicas (the runs of its `--seeds`, in a row).
    public static func trialTimes(_ trials: [TrialResult], studies: Int, measure: TimeMeasure) -> [[Double]] {
        (0..<studies).map { study in
            replicaGroups(trials.filter { $0.study == study }).map { runs in median(runs.map { $0.time(measure) }) }
        }
    }

    /// `trials` (in protocol order) grouped into trials: a replica 0 starts a group, the other
    /// replicas of the same study and trial join it.
    public static func replicaGroups(_ trials: [TrialResult]) -> [[TrialResult]] {
        var groups: [[TrialResult]] = []
        for t in trials {
            if t.replica != 0, let last = groups.last?.last, last.study == t.study, last.trial == t.trial {
                groups[groups.count - 1].append(t)
            } else {
                groups.append([t])
            }
        }
        return groups
    }

    /// The median over studies of the minimum over each study's trials of `times[study][trial]`.
    public static func timeToTarget(_ times: [[Double]]) -> Double {
        median(times.map { $0.min() ?? .infinity })
    }

    /// The median (the mean of the middle two for an even count; infinity counts as a value).
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .infinity }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
