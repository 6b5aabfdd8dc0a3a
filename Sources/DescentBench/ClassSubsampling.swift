import DescentNN

/// An imbalanced version of a classification set: each class of `minority` keeps a seeded
/// `keep` share of its examples (at least one), every other class keeps all of them.
public struct ClassSubsampling: Sendable, Hashable {
    public let minority: Set<Int>
    public let keep: Double
    public let seed: UInt64

    public init(minority: Set<Int>, keep: Double, seed: UInt64) {
        precondition(keep > 0 && keep <= 1, "the share kept must be in (0, 1]")
        self.minority = minority
        self.keep = keep
        self.seed = seed
    }

    /// The rows of `labels` kept, in their original order.
    public func rows(labels: [Float]) -> [Int] {
        var generator = RandomGenerator(seed: seed)
        var kept: [Int] = []
        let classes = Set(labels.map { Int($0) })
        var dropped = Set<Int>()
        for c in classes.sorted() where minority.contains(c) {
            var rows = labels.indices.filter { Int(labels[$0]) == c }
            generator.shuffle(&rows)
            dropped.formUnion(rows.dropFirst(max(1, Int((keep * Double(rows.count)).rounded()))))
        }
        for row in labels.indices where !dropped.contains(row) { kept.append(row) }
        return kept
    }
}
