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
    ///
    /// Newton's iteration first runs on every `n / 20,000`-th row (cheap passes that bring β
    /// close), then on all rows from there, where it takes two or three passes to converge.
    public init(fitting predictions: ClassificationPredictions) {
        let logits = Self.logits(predictions)
        let n = predictions.count, k = predictions.classCount
        /// The mean first and second derivatives of the NLL in β over every `stride`-th row.
        func derivatives(_ beta: Double, stride: Int) -> (first: Double, second: Double) {
            let rows = (n + stride - 1) / stride
            let sums = logits.withUnsafeBufferPointer { z in
                predictions.labels.withUnsafeBufferPointer { y in
                    parallelBlocks(rows, block: 1 << 14, zero: (0.0, 0.0)) { range -> (Double, Double) in
                        var first = 0.0, second = 0.0
                        for r in range {
                            let i = r &* stride
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
            let m = Double(max(rows, 1))
            return (sums.reduce(0) { $0 + $1.0 } / m, sums.reduce(0) { $0 + $1.1 } / m)
        }
        /// Safeguarded Newton from `start` within the inverse range, until a step is below `tolerance` of β.
        func solve(from start: Double, stride: Int, tolerance: Double) -> Double {
            var lower = Self.inverseRange.lower, upper = Self.inverseRange.upper
            var beta = start
            for _ in 0..<100 {
                let (g, h) = derivatives(beta, stride: stride)
                if g == 0 { break }
                if g > 0 { upper = beta } else { lower = beta }
                var next = h > 0 ? beta - g / h : .nan
                if !(next > lower && next < upper) { next = (lower * upper).squareRoot() }
                let step = abs(next - beta)
                beta = next
                // Stop once a step is below the tolerance (1e-10 of β on all rows: far inside the
                // reference's precision); at a bound the optimum is the bound.
                if step <= tolerance * beta || upper - lower <= tolerance * beta { break }
            }
            return min(max(beta, Self.inverseRange.lower), Self.inverseRange.upper)
        }
        let sample = max(1, n / 20_000)
        var beta = sample > 1 ? solve(from: 1, stride: sample, tolerance: 1e-6) : 1
        beta = solve(from: beta, stride: 1, tolerance: 1e-10)
        temperature = 1 / beta
    }

    /// The logits `log(max(p, floor))`, class-major like the probabilities.
    static func logits(_ predictions: ClassificationPredictions) -> [Double] {
        predictions.probabilities.map { Foundation.log(max($0, floor)) }
    }

    /// The mean negative log-likelihood of `predictions` at this temperature, and each row's
    /// top-class confidence after scaling (the predicted class does not change), in one pass
    /// over all compute threads.
    public func scored(_ predictions: ClassificationPredictions) -> (negativeLogLikelihood: Double, confidence: [Double]) {
        let n = predictions.count, k = predictions.classCount
        let beta = 1 / temperature
        var confidence = [Double](repeating: 0, count: n)
        let sums = predictions.probabilities.withUnsafeBufferPointer { p in
            predictions.labels.withUnsafeBufferPointer { y in
                confidence.withUnsafeMutableBufferPointer { out in
                    let shared = UncheckedSendable(out)
                    return parallelBlocks(n, block: 1 << 14, zero: 0.0) { range -> Double in
                        var total = 0.0
                        var z = [Double](repeating: 0, count: k)  // one row's scaled logits
                        for i in range {
                            var top = -Double.infinity
                            for c in 0..<k {
                                z[c] = beta * Foundation.log(max(p[c &* n &+ i], Self.floor))
                                top = max(top, z[c])
                            }
                            var sum = 0.0
                            for c in 0..<k { sum += Foundation.exp(z[c] - top) }
                            total += Foundation.log(sum) - (z[Int(y[i])] - top)
                            shared.value[i] = 1 / sum
                        }
                        return total
                    }
                }
            }
        }
        return (sums.reduce(0, +) / Double(max(n, 1)), confidence)
    }

    /// The mean negative log-likelihood of `predictions` at this temperature.
    public func negativeLogLikelihood(_ predictions: ClassificationPredictions) -> Double {
        scored(predictions).negativeLogLikelihood
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
        return ClassificationPredictions(checkedClasses: predictions.classes, labels: predictions.labels, probabilities: z,
                                         weights: predictions.weights)
    }
}
