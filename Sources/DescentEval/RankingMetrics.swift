import DescentCore
import Dispatch

/// ROC-AUC and average precision of one class against the rest, from one sort of its
/// score column (radix sort of the score's bits with the label in the lowest bit).
///
/// - ROC-AUC: the probability that a positive scores above a negative, ties counting one
///   half; the trapezoid area under scikit-learn's `roc_curve`, `roc_auc_score`.
/// - Average precision: `sum_n (R_n - R_(n-1)) P_n` over the distinct scores, descending;
///   scikit-learn's `average_precision_score` (no interpolation).
///
/// Both are nil when the rows hold no positive or no negative. Scores must be finite and
/// non-negative (probabilities), so that their bit patterns sort as they do.
///
/// With sample weights, each row counts by its weight in the true and false positives
/// (scikit-learn's `_binary_clf_curve` with `sample_weight`): the AUC is the weighted share
/// of (positive, negative) pairs ranked right, ties one half; both are nil when the
/// positives or the negatives weigh 0.
public struct RankingMetrics: Sendable, Equatable {
    /// The area under the ROC curve.
    public var rocAUC: Double?
    /// The average precision.
    public var averagePrecision: Double?

    /// The two scores of `scores` against `positive[i]`, using `keys` and `scratch` (each
    /// at least `scores.count` long) as working memory.
    static func compute(scores: UnsafeBufferPointer<Double>, isPositive: (Int) -> Bool,
                        keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>) -> RankingMetrics {
        let n = scores.count
        var positives = 0
        for i in 0..<n {
            let s = scores[i] == 0 ? 0 : scores[i]  // -0 sorts as 0
            let label: UInt64 = isPositive(i) ? 1 : 0
            positives &+= Int(label)
            keys[i] = (s.bitPattern << 1) | label
        }
        let negatives = n - positives
        guard positives > 0, negatives > 0 else { return RankingMetrics(rocAUC: nil, averagePrecision: nil) }
        let sorted = UnsafeMutableBufferPointer(rebasing: keys[0..<n])
        RadixSort.sort(sorted, scratch: scratch)
        // From the highest score down, one group of equal scores at a time.
        var twiceAUC = 0  // sum over positives of 2 * (negatives below) + (negatives tied)
        var negativesAbove = 0, truePositives = 0, falsePositives = 0
        var precisionSum = 0.0
        var end = n
        while end > 0 {
            let score = sorted[end - 1] >> 1
            var start = end - 1
            while start > 0 && sorted[start - 1] >> 1 == score { start -= 1 }
            var groupPositives = 0
            for j in start..<end { groupPositives &+= Int(sorted[j] & 1) }
            let groupNegatives = end - start - groupPositives
            twiceAUC &+= groupPositives &* (2 &* (negatives &- negativesAbove &- groupNegatives) &+ groupNegatives)
            negativesAbove &+= groupNegatives
            truePositives &+= groupPositives
            falsePositives &+= groupNegatives
            if groupPositives > 0 {
                precisionSum += Double(groupPositives) * (Double(truePositives) / Double(truePositives + falsePositives))
            }
            end = start
        }
        return RankingMetrics(rocAUC: Double(twiceAUC) / (2 * Double(positives) * Double(negatives)),
                              averagePrecision: precisionSum / Double(positives))
    }

    /// The two scores of `scores` against `positive[i]`, each row counting by `weights[i]`;
    /// the rows are radix-sorted by score with their index alongside (`keys`, `rows` and the
    /// scratch buffers, each at least `scores.count` long, are working memory).
    static func compute(scores: UnsafeBufferPointer<Double>, isPositive: (Int) -> Bool, weights: UnsafeBufferPointer<Double>,
                        keys: UnsafeMutableBufferPointer<UInt64>, rows: UnsafeMutableBufferPointer<Int32>,
                        scratchKeys: UnsafeMutableBufferPointer<UInt64>, scratchRows: UnsafeMutableBufferPointer<Int32>) -> RankingMetrics {
        let n = scores.count
        precondition(n <= Int(Int32.max), "more rows than a 32-bit row index holds")
        var positives = 0.0, negatives = 0.0
        for i in 0..<n {
            let s = scores[i] == 0 ? 0 : scores[i]  // -0 sorts as 0
            keys[i] = s.bitPattern
            rows[i] = Int32(truncatingIfNeeded: i)
            if isPositive(i) { positives += weights[i] } else { negatives += weights[i] }
        }
        guard positives > 0, negatives > 0 else { return RankingMetrics(rocAUC: nil, averagePrecision: nil) }
        RadixSort.sort(UnsafeMutableBufferPointer(rebasing: keys[0..<n]), payload: UnsafeMutableBufferPointer(rebasing: rows[0..<n]),
                       scratchKeys: scratchKeys, scratchPayload: scratchRows)
        // From the highest score down, one group of equal scores at a time.
        var twiceAUC = 0.0, negativesAbove = 0.0, truePositives = 0.0, falsePositives = 0.0
        var precisionSum = 0.0
        var end = n
        while end > 0 {
            let score = keys[end - 1]
            var start = end - 1
            while start > 0 && keys[start - 1] == score { start -= 1 }
            var groupPositives = 0.0, groupNegatives = 0.0
            for j in start..<end {
                let i = Int(rows[j])
                if isPositive(i) { groupPositives += weights[i] } else { groupNegatives += weights[i] }
            }
            twiceAUC += groupPositives * (2 * (negatives - negativesAbove - groupNegatives) + groupNegatives)
            negativesAbove += groupNegatives
            truePositives += groupPositives
            falsePositives += groupNegatives
            if groupPositives > 0 {
                precisionSum += groupPositives * (truePositives / (truePositives + falsePositives))
            }
            end = start
        }
        return RankingMetrics(rocAUC: twiceAUC / (2 * positives * negatives), averagePrecision: precisionSum / positives)
    }

    /// One-vs-rest scores of every class of `predictions` (of two classes, only the second's;
    /// the first's are nil), the classes shared out over the compute threads (`parallel`).
    public static func perClass(_ predictions: ClassificationPredictions, parallel: Bool = true) -> [RankingMetrics] {
        let n = predictions.count, k = predictions.classCount
        var results = [RankingMetrics](repeating: RankingMetrics(rocAUC: nil, averagePrecision: nil), count: k)
        let workers = parallel && n >= 1 << 14 ? max(1, min(ComputeThreads.count, k)) : 1
        predictions.probabilities.withUnsafeBufferPointer { p in
            predictions.labels.withUnsafeBufferPointer { y in
                results.withUnsafeMutableBufferPointer { out in
                    let shared = UncheckedSendable((p, y, out))
                    DispatchQueue.concurrentPerform(iterations: workers) { worker in
                        let (p, y, out) = shared.value
                        let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(n, 1))
                        let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(n, 1))
                        // The weighted sort carries each row's index beside its key.
                        let rowCount = predictions.weights == nil ? 1 : max(n, 1)
                        let rows = UnsafeMutableBufferPointer<Int32>.allocate(capacity: rowCount)
                        let scratchRows = UnsafeMutableBufferPointer<Int32>.allocate(capacity: rowCount)
                        defer { keys.deallocate(); scratch.deallocate(); rows.deallocate(); scratchRows.deallocate() }
                        // Two classes: scikit-learn scores the second class's column only.
                        for c in stride(from: worker, to: k, by: workers) where k > 2 || c == 1 {
                            let column = UnsafeBufferPointer(rebasing: p[(c * n)..<((c + 1) * n)])
                            let label = Int32(c)
                            if let weights = predictions.weights {
                                out[c] = weights.withUnsafeBufferPointer { w in
                                    compute(scores: column, isPositive: { y[$0] == label }, weights: w, keys: keys, rows: rows,
                                            scratchKeys: scratch, scratchRows: scratchRows)
                                }
                            } else {
                                out[c] = compute(scores: column, isPositive: { y[$0] == label }, keys: keys, scratch: scratch)
                            }
                        }
                    }
                }
            }
        }
        return results
    }
}
