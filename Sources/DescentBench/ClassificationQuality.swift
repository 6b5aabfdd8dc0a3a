import DescentNN
import Foundation

/// How a classifier's final model comes out beyond accuracy: expected calibration error and
/// the accuracy of its worst class.
public struct ClassificationQuality: Sendable, Hashable {
    /// Expected calibration error as torchmetrics' `MulticlassCalibrationError(n_bins=15, norm="l1")`:
    /// top-1 confidences binned by `bucketize(right=True)` over `linspace(0, 1, 16)` (a confidence of
    /// exactly 1 has a bin of its own), Σ |accuracy − confidence| weighted by the bins' shares.
    public let expectedCalibrationError: Double
    /// The lowest per-class accuracy (recall) over the classes present in the labels.
    public let worstClassAccuracy: Double

    /// The bins torchmetrics uses by default.
    public static let binCount = 15

    /// From logits [N, C] and class labels (N of them).
    public init(logits: [Float], classes: Int, labels: [Int]) {
        precondition(classes > 0 && logits.count == labels.count * classes, "logits must be [N, C] for N labels")
        let boundaries = (0...Self.binCount).map { Float($0) / Float(Self.binCount) }
        var count = [Double](repeating: 0, count: boundaries.count)
        var confidence = count, correct = count
        var perClass = [(hits: Int, total: Int)](repeating: (0, 0), count: classes)
        for (n, label) in labels.enumerated() {
            let row = logits[(n * classes)..<((n + 1) * classes)]
            let top = row.indices.max { row[$0] < row[$1] }! - n * classes
            let peak = Double(row.max()!)
            let total = row.reduce(0.0) { $0 + exp(Double($1) - peak) }
            let p = Float(1 / total)  // the top class's softmax probability
            let bin = boundaries.lastIndex { $0 <= p }!
            count[bin] += 1
            confidence[bin] += Double(p)
            let hit = top == label
            if hit { correct[bin] += 1 }
            perClass[label].total += 1
            if hit { perClass[label].hits += 1 }
        }
        let n = Double(max(labels.count, 1))
        expectedCalibrationError = count.indices.reduce(0.0) { sum, b in
            count[b] == 0 ? sum : sum + abs(correct[b] / count[b] - confidence[b] / count[b]) * count[b] / n
        }
        worstClassAccuracy = perClass.filter { $0.total > 0 }.map { Double($0.hits) / Double($0.total) }.min() ?? .nan
    }

    /// The quality of `model` with `parameters` on all of `source` (targets are class indices).
    public init(model: any Layer, parameters: ParameterSet, on source: any BatchSource, batchSize: Int = 1024) {
        var logits: [Float] = [], labels: [Int] = [], classes = 0
        var start = 0
        while start < source.exampleCount {
            let (input, target) = source.batch(rows: Array(start..<min(start + batchSize, source.exampleCount)))
            let output = model(input, parameters: parameters)
            classes = output.shape.last ?? 0
            logits += output.scalars
            labels += target.scalars.map { Int($0) }
            start += batchSize
        }
        self.init(logits: logits, classes: classes, labels: labels)
    }
}
