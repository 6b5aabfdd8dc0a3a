/// `count` evenly spaced values from `start` to `end` inclusive, as numpy's `linspace`.
func linspace(_ start: Double, _ end: Double, _ count: Int) -> [Double] {
    guard count > 1 else { return count == 1 ? [start] : [] }
    let step = (end - start) / Double(count - 1)
    return (0..<count).map { $0 == count - 1 ? end : start + Double($0) * step }
}

/// `total` split into `parts` sizes that differ by at most one, the larger ones first (as scikit-learn's `make_blobs`).
func evenSizes(_ total: Int, _ parts: Int) -> [Int] {
    (0..<parts).map { total / parts + ($0 < total % parts ? 1 : 0) }
}

extension Dataset {
    /// A classification dataset from generated rows, shuffled with `generator` (as scikit-learn's `shuffle=True`).
    static func shuffledClassification(
        features: [Float], width: Int, labels: [Float], classes: Int, generator: inout RandomGenerator,
        featureNames: [String]? = nil
    ) -> Dataset {
        let ordered = Dataset(
            checkedFeatures: Tensor(shape: [labels.count, width], scalars: features),
            targets: Tensor(shape: [labels.count], scalars: labels),
            task: .classification(classes: classes), featureNames: featureNames,
            classNames: (0..<classes).map(String.init))
        return ordered.subset(generator.permutation(labels.count))
    }
}
