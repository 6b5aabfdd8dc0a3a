import DescentNN
import Foundation

/// What a workload's target is set on: the validation loss, accuracy, balanced accuracy
/// (higher is better), RMSE or MAPE (lower is better).
public enum ValidationMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// The training objective's mean loss (cross-entropy in nats, or mean squared error).
    case loss = "validation_loss"
    /// The share of examples whose top class is the label.
    case accuracy = "validation_accuracy"
    /// The mean over the classes present of each class's accuracy (recall), scikit-learn's `balanced_accuracy_score`.
    case balancedAccuracy = "validation_balanced_accuracy"
    /// The root of the mean squared error over every output.
    case rmse = "validation_rmse"
    /// The mean absolute percentage error, |ŷ − y| / y, over the examples whose target is positive
    /// (a fraction, as scikit-learn's `mean_absolute_percentage_error`; 0.2 is 20%).
    case mape = "validation_mape"

    /// Whether smaller values are better.
    public var minimizes: Bool { self == .loss || self == .rmse || self == .mape }

    /// Whether the metric is the loss or the accuracy the training loop's evaluation reports.
    public var isEvaluation: Bool { self == .loss || self == .accuracy }

    /// The metric of an evaluation (NaN when it does not hold the metric).
    public func value(of evaluation: Evaluation) -> Double {
        switch self {
        case .loss: return Double(evaluation.loss)
        case .accuracy: return evaluation.accuracy ?? .nan
        case .rmse: return Double(evaluation.loss).squareRoot()
        case .balancedAccuracy, .mape: return .nan
        }
    }

    /// The metric of model outputs `outputs` ([N, width] row-major) against `targets`
    /// (N class indices for the accuracies, N·width values for RMSE and MAPE); NaN when no example counts.
    public func value(outputs: [Float], width: Int, targets: [Float]) -> Double {
        let rows = width > 0 ? outputs.count / width : 0
        switch self {
        case .loss:
            return .nan
        case .accuracy, .balancedAccuracy:
            var hits = [Int](repeating: 0, count: width), totals = [Int](repeating: 0, count: width)
            for n in 0..<rows {
                let label = Int(targets[n])
                guard (0..<width).contains(label) else { continue }
                var top = 0
                for c in 1..<width where outputs[n * width + c] > outputs[n * width + top] { top = c }
                totals[label] += 1
                if top == label { hits[label] += 1 }
            }
            if self == .accuracy {
                let total = totals.reduce(0, +)
                return total > 0 ? Double(hits.reduce(0, +)) / Double(total) : .nan
            }
            let recalls = zip(hits, totals).filter { $0.1 > 0 }.map { Double($0.0) / Double($0.1) }
            return recalls.isEmpty ? .nan : recalls.reduce(0, +) / Double(recalls.count)
        case .rmse:
            guard !outputs.isEmpty, outputs.count == targets.count else { return .nan }
            var sum = 0.0
            for i in outputs.indices { let d = Double(outputs[i]) - Double(targets[i]); sum += d * d }
            return (sum / Double(outputs.count)).squareRoot()
        case .mape:
            guard outputs.count == targets.count else { return .nan }
            var sum = 0.0, count = 0
            for i in outputs.indices where targets[i] > 0 {
                sum += abs(Double(outputs[i]) - Double(targets[i])) / Double(targets[i])
                count += 1
            }
            return count > 0 ? sum / Double(count) : .nan
        }
    }

    /// The metric of `model` with `parameters` on all of `source` (the loss under `objective`).
    public func measure(model: any Layer, parameters: ParameterSet, objective: Objective, on source: any BatchSource,
                        batchSize: Int = 1024) -> Double {
        var outputs: [Float] = [], targets: [Float] = [], width = 0
        var lossSum = 0.0
        var start = 0
        while start < source.exampleCount {
            let rows = Array(start..<min(start + batchSize, source.exampleCount))
            let (input, target) = source.batch(rows: rows)
            let output = model(input, parameters: parameters)
            if self == .loss {
                lossSum += Double(objective.loss(output: output, target: target).scalar) * Double(rows.count)
            } else {
                width = output.shape.last ?? 0
                outputs += output.scalars
                targets += target.scalars
            }
            start += batchSize
        }
        if self == .loss { return source.exampleCount > 0 ? Double(Float(lossSum / Double(source.exampleCount))) : .nan }
        return value(outputs: outputs, width: width, targets: targets)
    }

    /// Whether `value` reaches `target` (≤ when smaller is better, ≥ otherwise; NaN never does).
    public func reaches(_ value: Double, _ target: Double) -> Bool {
        minimizes ? value <= target : value >= target
    }

    /// The better of two values (a NaN loses).
    public func better(_ a: Double, _ b: Double) -> Double {
        if a.isNaN { return b }
        if b.isNaN { return a }
        return minimizes ? min(a, b) : max(a, b)
    }
}
