import DescentEval
import DescentNN
import Foundation

/// How a classifier's final model comes out beyond accuracy: expected calibration error and
/// the accuracy of its worst class.
public struct ClassificationQuality: Sendable, Hashable {
    /// Expected calibration error as torchmetrics' `MulticlassCalibrationError(n_bins=15, norm="l1")`
    /// (DescentEval's ``CalibrationError/equalWidth(confidence:correct:)``) of the top-class softmax probabilities.
    public let expectedCalibrationError: Double
    /// The lowest per-class accuracy (recall) over the classes present in the labels.
    public let worstClassAccuracy: Double

    /// From logits [N, C] and class labels (N of them).
    public init(logits: [Float], classes: Int, labels: [Int]) {
        precondition(classes > 0 && logits.count == labels.count * classes, "logits must be [N, C] for N labels")
        var confidence: [Double] = [], correct: [Bool] = []
        var perClass = [(hits: Int, total: Int)](repeating: (0, 0), count: classes)
        for (n, label) in labels.enumerated() {
            let row = logits[(n * classes)..<((n + 1) * classes)]
            let top = row.indices.max { row[$0] < row[$1] }! - n * classes
            let peak = Double(row.max()!)
            let total = row.reduce(0.0) { $0 + exp(Double($1) - peak) }
            confidence.append(Double(Float(1 / total)))  // the top class's softmax probability, in float32 as torch has it
            correct.append(top == label)
            perClass[label].total += 1
            if top == label { perClass[label].hits += 1 }
        }
        expectedCalibrationError = CalibrationError.equalWidth(confidence: confidence, correct: correct).ece
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
