import Foundation

/// AlgoPerf's performance profiles and leaderboard score (`scoring/performance_profile.py`)
/// over the times to target of several optimizers on the same workloads.
///
/// Per workload, each optimizer's ratio is its time over the best time of the compared
/// optimizers (a miss is infinity; when nobody reached the target the ratio is NaN, which
/// counts for no τ, as pandas' `inf / inf` does). ρ(τ) is the share of workloads with a ratio
/// ≤ τ, over 1,000 evenly spaced τ in [1, 4]; the score is the trapezoid rule over ρ divided
/// by the width of the range, 3 (`compute_leaderboard_score(normalize=True)`).
public struct PerformanceProfile: Sendable, Hashable {
    /// The compared optimizers, in the order given.
    public let optimizers: [String]
    /// The workloads, in the order given.
    public let workloads: [String]
    /// `ratios[o][w]`: optimizer o's time on workload w over the best time on w.
    public let ratios: [[Double]]
    /// The τ grid, `numpy.linspace(1, 4, 1000)`.
    public let taus: [Double]
    /// `rho[o][i]`: the share of workloads optimizer o reaches within `taus[i]` times the best.
    public let rho: [[Double]]
    /// The leaderboard score of each optimizer, in [0, 1].
    public let scores: [Double]

    /// The τ range and the number of points AlgoPerf scores on.
    public static let minimumTau = 1.0, maximumTau = 4.0, pointCount = 1000

    /// The profile of `times[o][w]`, the time optimizer `o` took to reach workload `w`'s target
    /// (`.infinity` for a miss). Every time must be positive or infinite.
    public init(optimizers: [String], workloads: [String], times: [[Double]],
                minimumTau: Double = PerformanceProfile.minimumTau, maximumTau: Double = PerformanceProfile.maximumTau,
                pointCount: Int = PerformanceProfile.pointCount) {
        precondition(times.count == optimizers.count && times.allSatisfy { $0.count == workloads.count },
                     "times must be [optimizer][workload]")
        precondition(pointCount >= 2 && maximumTau > minimumTau, "the τ grid needs two points and a range")
        self.optimizers = optimizers
        self.workloads = workloads
        let best = workloads.indices.map { w in times.map { $0[w] }.min() ?? .infinity }
        let ratios = times.map { row in row.indices.map { w in row[w] / best[w] } }
        let taus = PerformanceProfile.linspace(minimumTau, maximumTau, pointCount)
        let count = Double(workloads.count)
        let rho = ratios.map { row in
            taus.map { tau in count == 0 ? 0 : Double(row.filter { $0 <= tau }.count) / count }
        }
        let width = maximumTau - minimumTau
        self.ratios = ratios
        self.taus = taus
        self.rho = rho
        scores = rho.map { PerformanceProfile.trapezoid($0, x: taus) / width }
    }

    /// `numpy.linspace(start, stop, count)`: `start + i·step`, the last point exactly `stop`.
    public static func linspace(_ start: Double, _ stop: Double, _ count: Int) -> [Double] {
        let step = (stop - start) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? stop : start + Double($0) * step }
    }

    /// `numpy.trapz(y, x)`: the sum of `(x[i+1] − x[i]) · (y[i] + y[i+1]) / 2`.
    public static func trapezoid(_ y: [Double], x: [Double]) -> Double {
        var total = 0.0
        for i in 0..<(max(y.count, 1) - 1) { total += (x[i + 1] - x[i]) * (y[i] + y[i + 1]) / 2 }
        return total
    }

    /// The geometric mean over the workloads both reach of `baseline`'s time over `candidate`'s
    /// (above 1: the candidate is faster); nil when they reach no workload in common.
    public static func geometricMeanSpeedup(_ candidate: [Double], over baseline: [Double]) -> Double? {
        let logs = zip(candidate, baseline).filter { $0.0.isFinite && $0.1.isFinite && $0.0 > 0 && $0.1 > 0 }
            .map { Foundation.log($0.1 / $0.0) }
        guard !logs.isEmpty else { return nil }
        return exp(logs.reduce(0, +) / Double(logs.count))
    }
}
