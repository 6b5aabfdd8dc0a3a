import DescentNN

/// What a workload's target is set on: the validation loss (lower is better) or accuracy (higher is better).
public enum ValidationMetric: String, Sendable, Hashable, Codable, CaseIterable {
    case loss = "validation_loss"
    case accuracy = "validation_accuracy"

    /// Whether smaller values are better.
    public var minimizes: Bool { self == .loss }

    /// The metric of an evaluation (NaN when it has no accuracy).
    public func value(of evaluation: Evaluation) -> Double {
        switch self {
        case .loss: return Double(evaluation.loss)
        case .accuracy: return evaluation.accuracy ?? .nan
        }
    }

    /// Whether `value` reaches `target` (≤ for a loss, ≥ for an accuracy; NaN never does).
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
