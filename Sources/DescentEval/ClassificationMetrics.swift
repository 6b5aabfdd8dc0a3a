import DescentCore
import Foundation

/// Every classification metric of `descent eval`, equal to scikit-learn 1.9's on the same
/// probabilities (and torchmetrics' for the calibration error).
///
/// - The predicted class is the first column of largest probability (numpy's `argmax`).
/// - Precision, recall and F1 per class with `zero_division=0`, over the classes present in
///   the labels or the predictions (scikit-learn's default `labels`); macro is their mean,
///   weighted their mean weighted by support, micro pools the counts. Balanced accuracy is
///   the mean recall over the classes present in the labels.
/// - ROC-AUC and average precision (``RankingMetrics``): for two classes, of the second
///   class's column (scikit-learn's binary form); otherwise the mean over the classes present
///   in the labels of the one-vs-rest score, which is `roc_auc_score(multi_class="ovr")` and
///   `average_precision_score(average="macro")` when every class is present. Nil when no
///   class has both positive and negative rows.
/// - Log loss: `-mean(log(clip(p_y, eps, 1 - eps)))`, eps the float64 machine epsilon
///   (`log_loss(labels=range(k))`).
/// - Brier (`brier_score_loss`): for two classes `mean((p_1 - [y = 1])^2)`; otherwise the
///   mean over rows of `sum_c (p_c - [y = c])^2`.
/// - ECE, equal-mass ECE and the reliability diagram: ``CalibrationError``.
///
/// With sample weights (``ClassificationPredictions/weights``) every metric is scikit-learn's
/// with `sample_weight`: accuracy, log loss and Brier are weighted means; precision, recall,
/// F1 and balanced accuracy come from the confusion matrix of summed weights (which classes
/// take part is still decided by the rows present, as scikit-learn's `unique_labels`; a class
/// whose rows weigh 0 is left out of balanced accuracy, as scikit-learn drops its NaN
/// recall); ROC-AUC and average precision count each row by its weight. The confusion matrix
/// reported stays in rows; the calibration errors are weighted as ``CalibrationError`` says.
/// Weights of one give exactly the unweighted values.
public struct ClassificationMetrics: Sendable {
    /// Rows evaluated.
    public var rows: Int
    /// Classes (probability columns).
    public var classes: Int
    /// Share of rows whose predicted class is the label.
    public var accuracy: Double
    /// Mean recall over the classes present in the labels.
    public var balancedAccuracy: Double
    /// Mean precision over the classes in the labels or the predictions.
    public var precisionMacro: Double
    /// Mean recall over the classes in the labels or the predictions.
    public var recallMacro: Double
    /// Mean F1 over the classes in the labels or the predictions.
    public var f1Macro: Double
    /// Precision of the pooled counts (the accuracy).
    public var precisionMicro: Double
    /// Recall of the pooled counts (the accuracy).
    public var recallMicro: Double
    /// F1 of the pooled counts (the accuracy).
    public var f1Micro: Double
    /// Precision per class weighted by support.
    public var precisionWeighted: Double
    /// Recall per class weighted by support.
    public var recallWeighted: Double
    /// F1 per class weighted by support.
    public var f1Weighted: Double
    /// One-vs-rest ROC-AUC, macro (binary: of the second class).
    public var rocAUC: Double?
    /// One-vs-rest average precision, macro (binary: of the second class).
    public var averagePrecision: Double?
    /// Mean negative log-probability of the label, clipped.
    public var logLoss: Double
    /// Brier score.
    public var brier: Double
    /// Expected calibration error, 15 equal-width bins.
    public var ece: Double
    /// Expected calibration error, 15 equal-mass bins.
    public var eceEqualMass: Double
    /// Counts of (label, predicted class), in rows (unweighted).
    public var confusion: ConfusionMatrix
    /// Summed weights of (label, predicted class), row-major `classes * classes` (the counts
    /// when unweighted).
    public var weightedConfusion: [Double]
    /// The reliability diagram's 16 bins.
    public var reliability: [ReliabilityBin]

    /// The metrics `descent eval --json` reports, by their JSON names, in order.
    public static let names = ["accuracy", "balanced_accuracy", "precision_macro", "recall_macro", "f1_macro", "f1_micro",
                               "f1_weighted", "roc_auc_ovr", "average_precision", "log_loss", "brier", "ece", "ece_equal_mass"]

    /// The value of each of ``names`` (nil where undefined).
    public var values: [String: Double?] {
        ["accuracy": accuracy, "balanced_accuracy": balancedAccuracy, "precision_macro": precisionMacro,
         "recall_macro": recallMacro, "f1_macro": f1Macro, "f1_micro": f1Micro, "f1_weighted": f1Weighted,
         "roc_auc_ovr": rocAUC, "average_precision": averagePrecision, "log_loss": logLoss, "brier": brier,
         "ece": ece, "ece_equal_mass": eceEqualMass]
    }

    /// Sums over a block of rows.
    private struct RowTotals: Sendable {
        var confusion: ConfusionMatrix
        var weighted: [Double]
        var weight = 0.0
        var logLoss = 0.0
        var brier = 0.0
        var bins = CalibrationError.BinTotals()
    }

    /// Computes every metric; with `parallel`, row blocks and classes are shared out over
    /// the compute threads (the sums are merged in block order, so the result does not
    /// depend on the thread count).
    public init(_ predictions: ClassificationPredictions, parallel: Bool = true) {
        let n = predictions.count, k = predictions.classCount
        rows = n
        classes = k
        var confidence = [Double](repeating: 0, count: n)
        var correct = [Bool](repeating: false, count: n)
        let eps = Double.ulpOfOne
        let binary = k == 2
        let weights = predictions.weights
        let zero = RowTotals(confusion: ConfusionMatrix(classes: k), weighted: [Double](repeating: 0, count: k * k))
        let blocks: [RowTotals] = predictions.probabilities.withUnsafeBufferPointer { p in
          (weights ?? []).withUnsafeBufferPointer { weightBuffer in
            predictions.labels.withUnsafeBufferPointer { y in
                confidence.withUnsafeMutableBufferPointer { confOut in
                    correct.withUnsafeMutableBufferPointer { rightOut in
                        let out = UncheckedSendable((confOut, rightOut))
                        let weighted = weights != nil
                        let body = { (range: Range<Int>) -> RowTotals in
                            let (confOut, rightOut) = out.value
                            var t = zero
                            for i in range {
                                let truth = Int(y[i])
                                let w = weighted ? weightBuffer[i] : 1
                                var best = p[i], arg = 0, squares = 0.0
                                for c in 0..<k {
                                    let v = p[c &* n &+ i]
                                    if v > best { best = v; arg = c }
                                    let d = v - (c == truth ? 1 : 0)
                                    squares += d * d
                                }
                                if binary {
                                    let d = p[n &+ i] - (truth == 1 ? 1 : 0)
                                    squares = d * d
                                }
                                t.weight += w
                                t.brier += w * squares
                                t.logLoss -= w * Foundation.log(min(max(p[truth &* n &+ i], eps), 1 - eps))
                                t.confusion.add(truth: truth, predicted: arg)
                                t.weighted[truth &* k &+ arg] += w
                                t.bins.add(bin: CalibrationError.bin(best), confidence: best, correct: arg == truth, weight: w)
                                confOut[i] = best
                                rightOut[i] = arg == truth
                            }
                            return t
                        }
                        let block = 1 << 15
                        if parallel { return parallelBlocks(n, block: block, zero: zero, body) }
                        return stride(from: 0, to: max(n, 1), by: block).map { body($0..<min($0 + block, n)) }
                    }
                }
            }
          }
        }
        var totals = zero
        for block in blocks {
            totals.confusion.add(block.confusion)
            for j in 0..<(k * k) { totals.weighted[j] += block.weighted[j] }
            totals.weight += block.weight
            totals.logLoss += block.logLoss
            totals.brier += block.brier
            totals.bins.add(block.bins)
        }
        // The total weight (the row count when unweighted); 0 only in a resample of zero-weight rows.
        let m = weights == nil ? Double(max(n, 1)) : totals.weight
        logLoss = totals.logLoss / m
        brier = totals.brier / m
        (ece, reliability) = totals.bins.result(total: m)
        eceEqualMass = CalibrationError.equalMass(confidence: confidence, correct: correct, weights: weights)
        confusion = totals.confusion
        weightedConfusion = totals.weighted

        // Precision, recall and F1 from the confusion matrix of weights; the classes taking
        // part from the one of rows.
        var support = [Double](repeating: 0, count: k), predicted = [Double](repeating: 0, count: k)
        var truePositives = [Double](repeating: 0, count: k)
        for t in 0..<k {
            for q in 0..<k {
                support[t] += totals.weighted[t * k + q]
                predicted[q] += totals.weighted[t * k + q]
            }
            truePositives[t] = totals.weighted[t * k + t]
        }
        var hits = 0.0
        for c in 0..<k { hits += truePositives[c] }
        // Weighted: over the matrix's own total, summed class by class as the hits are, so that
        // all rows right gives exactly 1 (the row-order total can differ in the last bits).
        let matrixTotal = support.reduce(0, +)
        accuracy = weights == nil || matrixTotal == 0 ? hits / m : hits / matrixTotal
        var present = 0, sums = (precision: 0.0, recall: 0.0, f1: 0.0), weighted = (precision: 0.0, recall: 0.0, f1: 0.0)
        var recallSum = 0.0, inLabels = 0
        for c in 0..<k where confusion.support(c) > 0 || confusion.predictedCount(c) > 0 {
            present += 1
            let tp = truePositives[c]
            let precision = predicted[c] > 0 ? tp / predicted[c] : 0
            let recall = support[c] > 0 ? tp / support[c] : 0
            let f1 = support[c] + predicted[c] > 0 ? 2 * tp / (support[c] + predicted[c]) : 0
            sums.precision += precision
            sums.recall += recall
            sums.f1 += f1
            let w = support[c]
            weighted.precision += precision * w
            weighted.recall += recall * w
            weighted.f1 += f1 * w
            if support[c] > 0 { recallSum += recall; inLabels += 1 }
        }
        let classesUsed = Double(max(present, 1))
        precisionMacro = sums.precision / classesUsed
        recallMacro = sums.recall / classesUsed
        f1Macro = sums.f1 / classesUsed
        precisionWeighted = weighted.precision / m
        recallWeighted = weighted.recall / m
        f1Weighted = weighted.f1 / m
        precisionMicro = accuracy
        recallMicro = accuracy
        f1Micro = accuracy
        balancedAccuracy = inLabels > 0 ? recallSum / Double(inLabels) : (weights == nil ? 0 : .nan)

        let ranking = RankingMetrics.perClass(predictions, parallel: parallel)
        if binary {
            rocAUC = ranking[1].rocAUC
            averagePrecision = ranking[1].averagePrecision
        } else {
            let aucs = ranking.compactMap(\.rocAUC), aps = ranking.compactMap(\.averagePrecision)
            rocAUC = aucs.isEmpty ? nil : aucs.reduce(0, +) / Double(aucs.count)
            averagePrecision = aps.isEmpty ? nil : aps.reduce(0, +) / Double(aps.count)
        }
    }
}
