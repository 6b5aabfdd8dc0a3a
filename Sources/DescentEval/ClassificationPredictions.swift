import DescentCore
import Foundation

/// A classifier's predicted probabilities with the true labels: `count` rows, one
/// probability column per class, stored column by column (`probabilities[c * count + row]`).
///
/// Checked on creation: every probability finite and non-negative, each row summing to 1
/// within ``sumTolerance``, every label a class index. Optional ``weights`` weight the rows
/// in the metrics (``SampleWeights``).
public struct ClassificationPredictions: Sendable {
    /// How far a row's probabilities may sum from 1.
    public static let sumTolerance = 1e-4

    /// The class names, in column order.
    public let classes: [String]
    /// The true class of each row, as an index into ``classes``.
    public let labels: [Int32]
    /// The probabilities, class-major: column `c` is `probabilities[c * count ..< (c + 1) * count]`.
    public let probabilities: [Double]
    /// The rows' sample weights; nil for unweighted rows (every weight 1).
    public let weights: [Double]?

    /// Number of rows.
    public var count: Int { labels.count }
    /// Number of classes.
    public var classCount: Int { classes.count }

    /// Checks and wraps predictions; errors name `source`, the 1-based row and the column
    /// (`columnNames`, default `p_<class>`).
    public init(classes: [String], labels: [Int32], probabilities: [Double], source: String = "<predictions>",
                columnNames: [String]? = nil, weights: SampleWeights? = nil) throws(EvalError) {
        let n = labels.count, k = classes.count
        guard k >= 2 else { throw EvalError(source: source, reason: "need at least 2 classes (probability columns), found \(k)") }
        guard probabilities.count == n * k else {
            throw EvalError(source: source, reason: "\(probabilities.count) probabilities for \(n) rows of \(k) classes")
        }
        let names = columnNames ?? classes.map { "p_\($0)" }
        if let problem = Self.firstProblem(labels: labels, probabilities: probabilities, classes: k) {
            let column = problem.column.map { names[$0] }
            throw EvalError(source: source, row: problem.row + 1, column: column, reason: problem.reason)
        }
        if let weights, weights.values.count != n {
            throw EvalError(source: source, reason: "\(weights.values.count) sample weights for \(n) rows")
        }
        self.classes = classes
        self.labels = labels
        self.probabilities = probabilities
        self.weights = weights?.values
    }

    /// Wraps predictions already checked (subsets of checked predictions).
    init(checkedClasses classes: [String], labels: [Int32], probabilities: [Double], weights: [Double]?) {
        self.classes = classes
        self.labels = labels
        self.probabilities = probabilities
        self.weights = weights
    }

    /// The sum of the weights (the row count when unweighted).
    public var totalWeight: Double { weights.map { $0.reduce(0, +) } ?? Double(count) }

    /// The rows at `rows` (repeats allowed: bootstrap resamples), in that order.
    public func subset(_ rows: [Int]) -> ClassificationPredictions {
        let n = count, m = rows.count, k = classCount
        var p = [Double](repeating: 0, count: m * k)
        var y = [Int32](repeating: 0, count: m)
        probabilities.withUnsafeBufferPointer { src in
            labels.withUnsafeBufferPointer { lab in
                p.withUnsafeMutableBufferPointer { dst in
                    y.withUnsafeMutableBufferPointer { out in
                        for (j, r) in rows.enumerated() {
                            out[j] = lab[r]
                            for c in 0..<k { dst[c &* m &+ j] = src[c &* n &+ r] }
                        }
                    }
                }
            }
        }
        return ClassificationPredictions(checkedClasses: classes, labels: y, probabilities: p, weights: weights.map { w in rows.map { w[$0] } })
    }

    /// The top-class confidence and whether the predicted class (the first largest
    /// probability, as numpy's argmax) is the label, for each row.
    public func confidences() -> (confidence: [Double], correct: [Bool]) {
        let n = count, k = classCount
        var conf = [Double](repeating: 0, count: n)
        var correct = [Bool](repeating: false, count: n)
        probabilities.withUnsafeBufferPointer { p in
            labels.withUnsafeBufferPointer { y in
                for i in 0..<n {
                    var best = p[i], arg = 0
                    for c in 1..<k where p[c &* n &+ i] > best { best = p[c &* n &+ i]; arg = c }
                    conf[i] = best
                    correct[i] = arg == Int(y[i])
                }
            }
        }
        return (conf, correct)
    }

    private struct Problem { var row: Int; var column: Int?; var reason: String }

    /// The first row (in row order) that breaks a rule, checked on all compute threads.
    private static func firstProblem(labels: [Int32], probabilities: [Double], classes k: Int) -> Problem? {
        let n = labels.count
        let found = probabilities.withUnsafeBufferPointer { p in
            labels.withUnsafeBufferPointer { y in
                parallelBlocks(n, block: 1 << 15, zero: Problem?.none) { range -> Problem? in
                    for i in range {
                        if y[i] < 0 || Int(y[i]) >= k { return Problem(row: i, column: nil, reason: "label index \(y[i]) is not a class") }
                        var sum = 0.0
                        for c in 0..<k {
                            let v = p[c &* n &+ i]
                            if !v.isFinite { return Problem(row: i, column: c, reason: "probability \(v) is not finite") }
                            if v < 0 { return Problem(row: i, column: c, reason: "probability \(v) is negative") }
                            sum += v
                        }
                        if abs(sum - 1) > sumTolerance {
                            return Problem(row: i, column: nil, reason: "probabilities sum to \(sum), not 1 (tolerance \(sumTolerance))")
                        }
                    }
                    return nil
                }
            }
        }
        return found.lazy.compactMap { $0 }.first
    }
}
