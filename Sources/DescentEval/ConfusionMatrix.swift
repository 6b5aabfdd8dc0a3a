/// Counts of (true class, predicted class) pairs: row `t`, column `p` counts the rows of
/// class `t` predicted as `p` (scikit-learn's `confusion_matrix` with `labels=range(k)`).
public struct ConfusionMatrix: Sendable, Equatable {
    /// Number of classes.
    public let classes: Int
    /// Row-major counts, `classes * classes`.
    public private(set) var counts: [Int]

    /// An empty matrix of `classes` classes.
    public init(classes: Int) {
        self.classes = classes
        counts = [Int](repeating: 0, count: classes * classes)
    }

    /// Rows of class `truth` predicted as `predicted`.
    public subscript(truth: Int, predicted: Int) -> Int { counts[truth * classes + predicted] }

    /// The matrix as nested rows.
    public var rows: [[Int]] { (0..<classes).map { Array(counts[($0 * classes)..<(($0 + 1) * classes)]) } }

    /// Rows whose true class is `c`.
    public func support(_ c: Int) -> Int { (0..<classes).reduce(0) { $0 + self[c, $1] } }

    /// Rows predicted as `c`.
    public func predictedCount(_ c: Int) -> Int { (0..<classes).reduce(0) { $0 + self[$1, c] } }

    /// Adds one row.
    @inline(__always)
    mutating func add(truth: Int, predicted: Int) { counts[truth &* classes &+ predicted] &+= 1 }

    /// Adds another matrix's counts.
    mutating func add(_ other: ConfusionMatrix) {
        for i in counts.indices { counts[i] += other.counts[i] }
    }
}
