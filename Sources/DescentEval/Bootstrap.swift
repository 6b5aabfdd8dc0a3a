import DescentCore
import Dispatch

/// A 95% interval: the 2.5th and 97.5th percentiles of a metric over bootstrap resamples.
public struct BootstrapInterval: Sendable, Equatable, Codable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

/// The percentile bootstrap (Efron): resample the rows with replacement, recompute every
/// metric, and take the 2.5th and 97.5th percentiles of each (numpy's linear
/// interpolation). Resample `r` draws from `RandomGenerator(seed).derived(stream, r)`, so
/// the intervals depend on the seed, not on the thread count.
public enum Bootstrap {
    /// Intervals of each metric `compute` returns, over `resamples` resamples of `rows`;
    /// a metric undefined in a resample (nil or not finite) is left out of that resample,
    /// and has no interval when it is undefined in all.
    public static func intervals(
        rows: [Int], resamples: Int, seed: UInt64, stream: UInt64,
        compute: @escaping @Sendable ([Int]) -> [String: Double?]
    ) -> [String: BootstrapInterval] {
        guard resamples > 0, !rows.isEmpty else { return [:] }
        var results = [[String: Double?]](repeating: [:], count: resamples)
        let base = RandomGenerator(seed: seed)
        let workers = max(1, min(ComputeThreads.count, resamples))
        results.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for r in stride(from: worker, to: resamples, by: workers) {
                    var generator = base.derived(stream, UInt64(r))
                    let drawn = (0..<rows.count).map { _ in rows[generator.int(below: rows.count)] }
                    shared.value[r] = compute(drawn)
                }
            }
        }
        var intervals: [String: BootstrapInterval] = [:]
        for name in Set(results.flatMap(\.keys)) {
            let values = results.compactMap { $0[name] ?? nil }.filter(\.isFinite).sorted()
            guard !values.isEmpty else { continue }
            intervals[name] = BootstrapInterval(lower: percentile(values, 0.025), upper: percentile(values, 0.975))
        }
        return intervals
    }

    /// numpy's `percentile` of sorted values (linear interpolation).
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
