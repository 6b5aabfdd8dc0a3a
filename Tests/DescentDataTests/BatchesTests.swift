import Testing
@testable import DescentData

@Suite struct BatchesTests {
    /// Ten examples whose single feature equals the example index and whose target is index mod 2.
    static func indexed() throws -> Dataset {
        try Dataset(
            features: Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init)),
            targets: Tensor(shape: [10], scalars: (0..<10).map { Float($0 % 2) }),
            task: .classification(classes: 2))
    }

    @Test func unshuffledBatchesCoverTheDataInOrder() throws {
        let batches = try Self.indexed().batches(size: 4, shuffle: false, seed: 0)
        #expect(batches.count == 3)
        #expect(batches.map(\.x.shape) == [[4, 1], [4, 1], [2, 1]])
        #expect(batches[2].x.scalars == [8, 9])
        #expect(batches[2].y.scalars == [0, 1])
        #expect(try Self.indexed().batches(size: 4, shuffle: false, dropLast: true, seed: 0).count == 2)
    }

    @Test func shuffledBatchesAreAPermutationFixedBySeed() throws {
        let data = try Self.indexed()
        let first = data.batches(size: 3, seed: 7).flatMap(\.x.scalars)
        #expect(first.sorted() == (0..<10).map(Float.init))
        #expect(first != (0..<10).map(Float.init))
        #expect(data.batches(size: 3, seed: 7).flatMap(\.x.scalars) == first)
        #expect(data.batches(size: 3, seed: 8).flatMap(\.x.scalars) != first)
        // Targets travel with their features.
        for batch in data.batches(size: 3, seed: 7) {
            #expect(batch.y.scalars == batch.x.scalars.map { Float(Int($0) % 2) })
        }
    }

    @Test func aRunGeneratorGivesNewButReproducibleOrdersEachEpoch() throws {
        let data = try Self.indexed()
        var generator = RandomGenerator(seed: 1)
        let epoch1 = data.batches(size: 10, generator: &generator)[0].x.scalars
        let epoch2 = data.batches(size: 10, generator: &generator)[0].x.scalars
        #expect(epoch1 != epoch2)
        var replay = RandomGenerator(seed: 1)
        _ = data.batches(size: 10, generator: &replay)
        #expect(data.batches(size: 10, generator: &replay)[0].x.scalars == epoch2)
        // The order is RandomGenerator's permutation, the same on every platform.
        #expect(epoch1 == RandomGenerator(seed: 1).permutationCopy(10).map(Float.init))
    }

    @Test func imageBatchesKeepTheExampleShape() throws {
        let images = try Dataset.digits().reshapingFeatures(to: [1, 8, 8])
        let batch = images.batches(size: 64, seed: 0)[0]
        #expect(batch.x.shape == [64, 1, 8, 8])
        #expect(batch.y.shape == [64])
    }
}

extension RandomGenerator {
    /// `permutation(count)` on a copy, leaving this generator as it was.
    func permutationCopy(_ count: Int) -> [Int] {
        var copy = self
        return copy.permutation(count)
    }
}
