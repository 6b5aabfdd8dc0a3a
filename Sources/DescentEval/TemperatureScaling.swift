import DescentCore
import Foundation

/// Temperature scaling (Guo et al., 2017): one temperature `T` dividing every logit, fitted
/// to minimise the mean negative log-likelihood on a validation part.
///
/// From probabilities, the logits are `z = log(max(p, 1e-12))` (softmax of them gives `p`
/// back, up to the floor). The NLL `mean(logsumexp(z / T) - z_y / T)` is convex in
/// `β = 1 / T`, so the fit is a safeguarded Newton iteration on β within
/// `[e^-5, e^5]`, the bounds of the reference fit (scipy's bounded `minimize_scalar` over
/// `log T`, scripts/fixtures/eval_metrics.py).
public struct TemperatureScaling: Sendable, Equatable {
    /// The probability floor under the logarithm.
    public static let floor = 1e-12
    /// The smallest and largest inverse temperature considered.
    public static let inverseRange = (lower: exp(-5.0), upper: exp(5.0))

    /// The fitted temperature.
    public var temperature: Double

    /// A given temperature.
    public init(temperature: Double) { self.temperature = temperature }

    /// Fits the temperature on `predictions`.
    public init(fitting predictions: ClassificationPredictions) {
        let logits = Self.logits(predictions)
        var lower = Self.inverseRange.lower, upper = Self.inverseRange.upper
        let n = predictions.count, k = predictions.classCount
        func derivatives(_ beta: Double) -> (first: Double, second: Double) {
            let sums = logits.withUnsafeBufferPointer { z in
                predictions.labels.withUnsafeBufferPointer { y in
                    parallelBlocks(n, block: 1 << 14, zero: (0.0, 0.0)) { range -> (Double, Double) in
                        var first = 0.0, second = 0.0
                        for i in range {
                            var top = -Double.infinity
                            for c in 0..<k { top = max(top, beta * z[c &* n &+ i]) }
                            var total = 0.0, mean = 0.0, square = 0.0
                            for c in 0..<k {
                                let v = z[c &* n &+ i]
                                let w = Foundation.exp(beta * v - top)
                                total += w
                                mean += w * v
                                square += w * v * v
                            }
                            mean /= total
                            first += mean - z[Int(y[i]) &* n &+ i]
                            second += square / total - mean * mean
                        }
                        return (first, second)
                    }
                }
            }
            let m = Double(max(n, 1))
            return (sums.reduce(0) { $0 + $1.0 } / m, sums.reduce(0) { $0 + $1.1 } / m)
        }
        var beta: Double
        if derivatives(lower).first >= 0 {
            beta = lower
        } else if derivatives(upper).first <= 0 {
            beta = upper
        } else {
            beta = 1
            for _ in 0..<200 {
                let (g, h) = derivatives(beta)
                if g > 0 { upper = beta } else { lower = beta }
                var next = h > 0 ? beta - g / h : .nan
                if !(next > lower && next < upper) { next = (lower * upper).squareRoot() }
                if abs(next - beta) <= 1e-14 * beta || upper - lower <= 1e-14 * beta { beta = next; break }
                beta = next
            }
        }
        temperature = 1 / beta
    }

    /// The logits `log(max(p, floor))`, class-major like the probabilities.
    static func logits(_ predictions: ClassificationPredictions) -> [Double] {
        predictions.probabilities.map { Foundation.log(max($0, floor)) }
    }

    /// The mean negative log-likelihood of `predictions` at this temperature.
    public func negativeLogLikelihood(_ predictions: ClassificationPredictions) -> Double {
        let scaled = apply(to: predictions)
        let n = scaled.count
        var total = 0.0
        for i in 0..<n { total -= Foundation.log(scaled.probabilities[Int(scaled.labels[i]) * n + i]) }
        return total / Double(max(n, 1))
    }

    /// `predictions` with probabilities `softmax(log(max(p, floor)) / T)`.
    public func apply(to predictions: ClassificationPredictions) -> ClassificationPredictions {
        let n = predictions.count, k = predictions.classCount
        var z = Self.logits(predictions)
        let beta = 1 / temperature
        for i in 0..<n {
            var top = -Double.infinity
            for c in 0..<k { top = max(top, beta * z[c * n + i]) }
            var total = 0.0
            for c in 0..<k {
                let w = Foundation.exp(beta * z[c * n + i] - top)
                z[c * n + i] = w
                total += w
            }
            for c in 0..<k { z[c * n + i] /= total }
        }
        return ClassificationPredictions(checkedClasses: predictions.classes, labels: predictions.labels, probabilities: z)
    }
}
