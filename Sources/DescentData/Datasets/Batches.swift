/// The mini-batches of one pass over a dataset, in a fixed (optionally shuffled) order.
///
/// A random-access collection of `(x, y)` pairs: `x` has shape `[batch, ...]` (the example
/// shape) and `y` has shape `[batch]` (class indices) or `[batch, outputs]`. The order is
/// drawn once when the batches are made, so iterating twice gives the same batches.
public struct Batches: RandomAccessCollection, Sendable {
    /// The dataset the batches are cut from.
    public let dataset: Dataset
    /// The number of examples in each full batch.
    public let batchSize: Int
    /// The example indices in visiting order.
    public let order: [Int]
    /// Whether a final batch smaller than ``batchSize`` is left out.
    public let dropLast: Bool

    /// Batches of `batchSize` examples of `dataset` taken in `order`.
    public init(dataset: Dataset, batchSize: Int, order: [Int], dropLast: Bool) {
        precondition(batchSize > 0, "batch size must be positive, got \(batchSize)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.order = order
        self.dropLast = dropLast
    }

    /// The first batch's position, 0.
    public var startIndex: Int { 0 }

    /// The number of batches (a smaller last batch counts unless ``dropLast``).
    public var endIndex: Int {
        dropLast ? order.count / batchSize : (order.count + batchSize - 1) / batchSize
    }

    /// The batch at `position`: features `x` and targets `y`.
    public subscript(position: Int) -> (x: Tensor, y: Tensor) {
        precondition(position >= 0 && position < endIndex, "batch \(position) out of range 0..<\(endIndex)")
        let start = position * batchSize
        let rows = Array(order[start..<Swift.min(start + batchSize, order.count)])
        return (Dataset.gatherRows(dataset.features, rows), Dataset.gatherRows(dataset.targets, rows))
    }
}

extension Dataset {
    /// One pass of mini-batches; with `shuffle` the order is a permutation drawn from `generator`, which advances.
    ///
    /// Draw from a generator kept for the run (and saved in checkpoints) to get a new order
    /// each epoch that is still reproducible.
    public func batches(size: Int, shuffle: Bool = true, dropLast: Bool = false, generator: inout RandomGenerator) -> Batches {
        let order = shuffle ? generator.permutation(count) : Array(0..<count)
        return Batches(dataset: self, batchSize: size, order: order, dropLast: dropLast)
    }

    /// One pass of mini-batches, shuffled with `RandomGenerator(seed: seed)` when `shuffle` is true.
    public func batches(size: Int, shuffle: Bool = true, dropLast: Bool = false, seed: UInt64) -> Batches {
        var generator = RandomGenerator(seed: seed)
        return batches(size: size, shuffle: shuffle, dropLast: dropLast, generator: &generator)
    }
}
