import Testing
@testable import DescentData

@Suite struct DatasetTests {
    /// Six examples of two features, row i = (i, 10 i), classes 0,1,2,0,1,2.
    static func small() throws -> Dataset {
        try Dataset(
            features: Tensor(shape: [6, 2], scalars: (0..<6).flatMap { [Float($0), Float(10 * $0)] }),
            targets: Tensor(shape: [6], scalars: [0, 1, 2, 0, 1, 2]),
            task: .classification(classes: 3), featureNames: ["a", "b"])
    }

    @Test func subsetGathersWholeRowsInTheGivenOrder() throws {
        let part = try Self.small().subset([4, 1, 4])
        #expect(part.features.shape == [3, 2])
        #expect(part.features.scalars == [4, 40, 1, 10, 4, 40])
        #expect(part.targets.scalars == [1, 1, 1])
        #expect(part.featureNames == ["a", "b"])
    }

    @Test func classCountsAndShapes() throws {
        let data = try Self.small()
        #expect(data.count == 6)
        #expect(data.featureShape == [2])
        #expect(data.classCounts == [2, 2, 2])
        #expect(data.description == "6 examples of shape [2], classification (3 classes)")
    }

    @Test func rejectsNaNAndInfinityNamingTheExampleAndFeature() throws {
        var values = (0..<40).map { Float($0) }
        values[37] = .nan
        let error = dataError {
            try Dataset(features: Tensor(shape: [2, 20], scalars: values), targets: Tensor(shape: [2], scalars: [0, 1]), task: .classification(classes: 2))
        }
        #expect(error?.kind == .nonFinite)
        #expect(error?.description == "features: row 2, column '17': nan is not a finite number (NaN, infinity and empty cells are rejected)")
        let infinite = dataError {
            try Dataset(features: Tensor(shape: [2, 1], scalars: [1, 2]), targets: Tensor(shape: [2, 1], scalars: [0, -.infinity]), task: .regression(outputs: 1))
        }
        #expect(infinite?.description.hasPrefix("targets: row 2, column '0': -inf") == true)
    }

    @Test func rejectsMismatchedShapesAndLabelsOutOfRange() {
        let shape = dataError {
            try Dataset(features: Tensor(shape: [3, 2], scalars: Array(repeating: 0, count: 6)), targets: Tensor(shape: [2], scalars: [0, 1]), task: .classification(classes: 2))
        }
        #expect(shape?.description == "shape mismatch: features [3, 2] need class targets of shape [3], got [2]")
        let label = dataError {
            try Dataset(features: Tensor(shape: [2, 1], scalars: [0, 0]), targets: Tensor(shape: [2], scalars: [0, 2]), task: .classification(classes: 2))
        }
        #expect(label?.kind == .shapeMismatch)
        #expect(label?.description.contains("example 1 is 2.0") == true)
    }

    @Test func splitIsDisjointCompleteAndSeeded() throws {
        let data = try Dataset.gaussian(count: 100, features: 1, classes: 2, seed: 3)
        let parts = try data.split(train: 0.7, validation: 0.2, seed: 11)
        #expect(parts.train.count == 70 && parts.validation.count == 20 && parts.test.count == 10)
        // Every original feature value appears exactly once across the parts.
        let all = (parts.train.features.scalars + parts.validation.features.scalars + parts.test.features.scalars).sorted()
        #expect(all == data.features.scalars.sorted())
        let again = try data.split(train: 0.7, validation: 0.2, seed: 11)
        #expect(again == parts)
        let other = try data.split(train: 0.7, validation: 0.2, seed: 12)
        #expect(other.train.features != parts.train.features)
    }

    @Test func splitFractionsAreChecked() throws {
        let data = try Self.small()
        #expect(dataError { try data.split(fractions: [0.8, 0.5], seed: 0) }?.description == "shape mismatch: split fractions add up to 1.3, more than 1")
        let parts = try data.split(fractions: [0.5, 0.25], seed: 0)
        #expect(parts.map(\.count) == [3, 2])
    }

    @Test func reshapingAndFlattening() throws {
        let digits = try Dataset.digits()
        let images = try digits.reshapingFeatures(to: [1, 8, 8])
        #expect(images.features.shape == [1797, 1, 8, 8])
        #expect(images.flattened() == digits)
        #expect(dataError { try digits.reshapingFeatures(to: [7, 9]) }?.kind == .shapeMismatch)
    }

    @Test func appendingKeepsOrder() throws {
        let data = try Self.small()
        let joined = try data.subset([0, 1]).appending(data.subset([5]))
        #expect(joined.features.scalars == [0, 0, 1, 10, 5, 50])
        #expect(joined.targets.scalars == [0, 1, 2])
    }
}
