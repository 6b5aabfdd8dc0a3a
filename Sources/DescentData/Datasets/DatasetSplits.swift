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
    /// Disjoint random parts with the given fractions of the examples, in a seeded order.
    ///
    /// The examples are permuted once with `RandomGenerator(seed:)`; part `i` takes the next
    /// `round(fraction[i] * count)` of them, and the last part takes whatever remains when
    /// the fractions add up to 1. The fractions must be non-negative and add up to at most 1.
    public func split(fractions: [Double], seed: UInt64) throws(DataError) -> [Dataset] {
        guard !fractions.isEmpty, fractions.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw .shapeMismatch("split fractions must be non-negative numbers, got \(fractions)")
        }
        let total = fractions.reduce(0, +)
        guard total <= 1 + 1e-9 else { throw .shapeMismatch("split fractions add up to \(total), more than 1") }
        var generator = RandomGenerator(seed: seed)
        let order = generator.permutation(count)
        var start = 0
        var parts: [Dataset] = []
        for (i, fraction) in fractions.enumerated() {
            let isLast = i == fractions.count - 1
            let size = isLast && abs(total - 1) < 1e-9 ? count - start : min(count - start, Int((fraction * Double(count)).rounded()))
            parts.append(subset(order[start..<(start + size)]))
            start += size
        }
        return parts
    }

    /// Training, validation and test parts with the given fractions (the test part gets the rest).
    public func split(train: Double, validation: Double, seed: UInt64) throws(DataError) -> DatasetSplits {
        guard train >= 0, validation >= 0, train + validation <= 1 else {
            throw .shapeMismatch("train fraction \(train) plus validation fraction \(validation) must be at most 1")
        }
        let parts = try split(fractions: [train, validation, 1 - train - validation], seed: seed)
        return DatasetSplits(train: parts[0], validation: parts[1], test: parts[2])
    }
}
