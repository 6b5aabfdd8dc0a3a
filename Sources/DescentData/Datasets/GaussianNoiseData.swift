extension Dataset {
    /// Random data for timing: standard normal features and uniformly random class labels (nothing to learn).
    public static func gaussian(count: Int, features: Int, classes: Int, seed: UInt64 = 0) throws(DataError) -> Dataset {
        guard count >= 1, features >= 1, classes >= 1 else {
            throw .shapeMismatch("gaussian data needs n, features and classes >= 1, got n=\(count), features=\(features), classes=\(classes)")
        }
        var generator = RandomGenerator(seed: seed)
        var x = [Float](repeating: 0, count: count * features)
        for i in x.indices { x[i] = generator.normal() }
        let y = (0..<count).map { _ in Float(generator.int(below: classes)) }
        return Dataset(
            checkedFeatures: Tensor(shape: [count, features], scalars: x),
            targets: Tensor(shape: [count], scalars: y),
            task: .classification(classes: classes), classNames: (0..<classes).map(String.init))
    }
}
