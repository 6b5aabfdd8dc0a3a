/// How hyperparameters are chosen (AlgoPerf's rulesets, scaled down).
///
/// - External tuning: S studies of K trials each; trial k of study s runs the search-space
///   point of Halton index 1 + s·K + k with seed s·K + k. A workload's time for an optimizer is
///   the median over studies of the minimum over the study's trials (a miss is infinity and
///   takes part in the median).
/// - Self-tuning: the optimizer's defaults only, repeated S times (seeds 0..<S), the median over them.
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
        public let seed: UInt64
        /// The drawn search-space point (`[:]`: the optimizer's defaults).
        public let point: [String: Double]
    }

    /// The trials of `optimizer` on one workload, in order (the same points on every workload:
    /// the search space is workload-agnostic).
    public func plans(for optimizer: BenchOptimizer) -> [Plan] {
        (0..<studies).flatMap { study in
            (0..<trialsPerStudy).map { trial in
                let index = study * trialsPerStudy + trial
                switch self {
                case .external: return Plan(study: study, trial: trial, seed: UInt64(index), point: optimizer.searchSpace.trial(index))
                case .selfTuning: return Plan(study: study, trial: trial, seed: UInt64(index), point: [:])
                }
            }
        }
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
