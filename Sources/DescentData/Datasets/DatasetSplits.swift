/// A dataset divided into training, validation and test parts.
public struct DatasetSplits: Sendable, Equatable {
    /// The examples a model is fitted on.
    public var train: Dataset
    /// The examples used to choose hyperparameters and stop early.
    public var validation: Dataset
    /// The examples held out for the final score.
    public var test: Dataset

    /// The three parts.
    public init(train: Dataset, validation: Dataset, test: Dataset) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// The three parts standardised with a ``Standardizer`` fitted on the training part only (per feature unless told otherwise).
    public func standardized(_ scaling: FeatureScaling = .perFeature) -> DatasetSplits {
        let scaler = Standardizer(fitting: train, scaling: scaling)
        return DatasetSplits(train: scaler.apply(to: train), validation: scaler.apply(to: validation), test: scaler.apply(to: test))
    }
}

extension Dataset {
    /// Disjoint random parts with the given fractions of the examples, in a seeded order
    /// (the examples of ``splitRows(count:fractions:seed:)``).
    public func split(fractions: [Double], seed: UInt64) throws(DataError) -> [Dataset] {
        try Dataset.splitRows(count: count, fractions: fractions, seed: seed).map { subset($0) }
    }

    /// Training, validation and test parts with the given fractions (the test part gets the rest).
    public func split(train: Double, validation: Double, seed: UInt64) throws(DataError) -> DatasetSplits {
        let parts = try Dataset.splitRows(count: count, train: train, validation: validation, seed: seed).map { subset($0) }
        return DatasetSplits(train: parts[0], validation: parts[1], test: parts[2])
    }

    /// The example indices of each part of ``split(fractions:seed:)`` on `count` examples, in
    /// the order the parts hold them (so a part's rows can be found again in the source file).
    ///
    /// The examples are permuted once with `RandomGenerator(seed:)`; part `i` takes the next
    /// `round(fraction[i] * count)` of them, and the last part takes whatever remains when
    /// the fractions add up to 1. The fractions must be non-negative and add up to at most 1.
    public static func splitRows(count: Int, fractions: [Double], seed: UInt64) throws(DataError) -> [[Int]] {
        guard !fractions.isEmpty, fractions.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw .shapeMismatch("split fractions must be non-negative numbers, got \(fractions)")
        }
        let total = fractions.reduce(0, +)
        guard total <= 1 + 1e-9 else { throw .shapeMismatch("split fractions add up to \(total), more than 1") }
        var generator = RandomGenerator(seed: seed)
        let order = generator.permutation(count)
        var start = 0
        var parts: [[Int]] = []
        for (i, fraction) in fractions.enumerated() {
            let isLast = i == fractions.count - 1
            let size = isLast && abs(total - 1) < 1e-9 ? count - start : min(count - start, Int((fraction * Double(count)).rounded()))
            parts.append(Array(order[start..<(start + size)]))
            start += size
        }
        return parts
    }

    /// The example indices of the training, validation and test parts of
    /// ``split(train:validation:seed:)`` on `count` examples.
    public static func splitRows(count: Int, train: Double, validation: Double, seed: UInt64) throws(DataError) -> [[Int]] {
        guard train >= 0, validation >= 0, train + validation <= 1 else {
            throw .shapeMismatch("train fraction \(train) plus validation fraction \(validation) must be at most 1")
        }
        return try splitRows(count: count, fractions: [train, validation, 1 - train - validation], seed: seed)
    }
}
