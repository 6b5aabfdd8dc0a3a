/// A supervised dataset: `count` examples of features with their targets, held as tensors.
///
/// `features` has shape `[count, ...]`; `targets` has shape `[count]` holding class indices
/// as floats for classification, or `[count, outputs]` for regression. Values are checked
/// finite when the dataset is made, so NaN and infinity never reach a model.
public struct Dataset: Sendable, Equatable {
    /// What is predicted.
    public enum Task: Sendable, Hashable, CustomStringConvertible {
        /// Class indices in `0..<classes`.
        case classification(classes: Int)
        /// Real vectors of length `outputs`.
        case regression(outputs: Int)

        public var description: String {
            switch self {
            case .classification(let classes): "classification (\(classes) classes)"
            case .regression(let outputs): "regression (\(outputs) output\(outputs == 1 ? "" : "s"))"
            }
        }
    }

    /// The most classes a classification dataset may have: 100,000.
    ///
    /// Class labels are indices `0..<classes`, so one stray large label (2,000,000,000 in an
    /// IDX or NPY file) would otherwise make a model with that many outputs. The loaders
    /// refuse labels that would make more classes than this, saying how many they would make.
    public static let maximumClasses = 100_000

    /// Throws when the largest class label `label` (at `row`, counted from 1) would make more than ``maximumClasses`` classes.
    static func requireClassLabel(_ label: Float, path: String, row: Int) throws(DataError) {
        guard label >= Float(maximumClasses) else { return }
        let classes = label < 1e15 ? "\(Int(label) + 1)" : "\(label) + 1"
        throw .badLabels(path: path, "row \(row): class label \(label < 1e15 ? "\(Int(label))" : "\(label)") would make \(classes) classes, more than the limit of \(maximumClasses) classes (labels are class indices 0..<classes; renumber them)")
    }

    /// The inputs, shape `[count, ...]`.
    public private(set) var features: Tensor
    /// The targets, shape `[count]` (class indices) or `[count, outputs]` (regression).
    public private(set) var targets: Tensor
    /// Classification or regression, with the number of classes or outputs.
    public let task: Task
    /// The name of each feature (one per element of a flattened example), when known.
    public var featureNames: [String]?
    /// The name of each class, in index order, when known.
    public var classNames: [String]?

    /// A dataset, after checking that shapes agree, every value is finite and class indices are in range.
    public init(
        features: Tensor, targets: Tensor, task: Task,
        featureNames: [String]? = nil, classNames: [String]? = nil
    ) throws(DataError) {
        guard features.rank >= 1 else {
            throw .shapeMismatch("features need a leading example axis, got shape \(features.shape)")
        }
        let count = features.shape[0]
        switch task {
        case .classification(let classes):
            guard classes >= 1 else { throw .shapeMismatch("a classification task needs at least one class") }
            guard classes <= Dataset.maximumClasses else {
                throw .shapeMismatch("\(classes) classes, more than the limit of \(Dataset.maximumClasses) classes")
            }
            guard targets.shape == [count] else {
                throw .shapeMismatch("features \(features.shape) need class targets of shape [\(count)], got \(targets.shape)")
            }
            for (row, label) in targets.scalars.enumerated()
            where !(label >= 0 && label < Float(classes) && label.rounded() == label) {
                throw .shapeMismatch("target of example \(row) is \(label), not a class index in 0..<\(classes)")
            }
            if let classNames, classNames.count != classes {
                throw .shapeMismatch("\(classNames.count) class names for \(classes) classes")
            }
        case .regression(let outputs):
            guard targets.shape == [count, outputs] else {
                throw .shapeMismatch("features \(features.shape) need regression targets of shape [\(count), \(outputs)], got \(targets.shape)")
            }
        }
        let width = count == 0 ? 0 : features.count / count
        if let featureNames, featureNames.count != width {
            throw .shapeMismatch("\(featureNames.count) feature names for \(width) features per example")
        }
        if let bad = Dataset.firstNonFinite(features.scalars) {
            let row = width == 0 ? 0 : bad / width
            throw .nonFinite("\(features.scalars[bad])", path: "features", row: row + 1, column: featureNames?[bad % width] ?? "\(bad % width)")
        }
        if let bad = Dataset.firstNonFinite(targets.scalars) {
            let perRow = count == 0 ? 1 : targets.count / count
            throw .nonFinite("\(targets.scalars[bad])", path: "targets", row: bad / perRow + 1, column: "\(bad % perRow)")
        }
        self.init(checkedFeatures: features, targets: targets, task: task, featureNames: featureNames, classNames: classNames)
    }

    /// A dataset built by code that has already validated its values (used by the generators and loaders).
    init(checkedFeatures features: Tensor, targets: Tensor, task: Task, featureNames: [String]? = nil, classNames: [String]? = nil) {
        self.features = features
        self.targets = targets
        self.task = task
        self.featureNames = featureNames
        self.classNames = classNames
    }

    /// The number of examples.
    public var count: Int { features.shape.first ?? 0 }

    /// The shape of one example's features (`features.shape` without its first axis).
    public var featureShape: [Int] { Array(features.shape.dropFirst()) }

    /// The number of feature values per example.
    public var featureCount: Int { featureShape.reduce(1, *) }

    /// The number of target values per example (1 for classification).
    public var targetWidth: Int { targets.shape.count > 1 ? targets.shape[1] : 1 }

    /// The number of examples of each class (empty for regression).
    public var classCounts: [Int] {
        guard case .classification(let classes) = task else { return [] }
        var counts = [Int](repeating: 0, count: classes)
        for label in targets.scalars { counts[Int(label)] += 1 }
        return counts
    }

    /// The same examples with each example's features viewed in `shape` (for example `[1, 8, 8]` for a CNN).
    public func reshapingFeatures(to shape: [Int]) throws(DataError) -> Dataset {
        guard shape.reduce(1, *) == featureCount, shape.allSatisfy({ $0 > 0 }) else {
            throw .shapeMismatch("cannot view examples of shape \(featureShape) as \(shape)")
        }
        var copy = self
        copy.features = Tensor(shape: [count] + shape, scalars: features.scalars)
        return copy
    }

    /// The same examples with each example's features flattened to one axis (`[count, featureCount]`).
    public func flattened() -> Dataset {
        var copy = self
        copy.features = Tensor(shape: [count, featureCount], scalars: features.scalars)
        return copy
    }

    /// The examples at `indices`, in that order (indices may repeat).
    public func subset<Indices: Collection>(_ indices: Indices) -> Dataset where Indices.Element == Int {
        let index = Array(indices)
        return Dataset(
            checkedFeatures: Dataset.gatherRows(features, index),
            targets: Dataset.gatherRows(targets, index),
            task: task, featureNames: featureNames, classNames: classNames)
    }

    /// The examples of `self` followed by those of `other`; tasks and example shapes must agree.
    public func appending(_ other: Dataset) throws(DataError) -> Dataset {
        guard task == other.task, featureShape == other.featureShape else {
            throw .shapeMismatch("cannot append \(other.task) examples of shape \(other.featureShape) to \(task) examples of shape \(featureShape)")
        }
        return Dataset(
            checkedFeatures: Tensor(shape: [count + other.count] + featureShape, scalars: features.scalars + other.features.scalars),
            targets: Tensor(shape: [count + other.count] + targets.shape.dropFirst(), scalars: targets.scalars + other.targets.scalars),
            task: task, featureNames: featureNames, classNames: classNames)
    }

    /// Rows `indices` of `tensor` (its first axis), one memcpy per row.
    static func gatherRows(_ tensor: Tensor, _ indices: [Int]) -> Tensor {
        let rows = tensor.shape.first ?? 0
        let width = rows == 0 ? 0 : tensor.count / rows
        var shape = tensor.shape
        shape[0] = indices.count
        let gathered = [Float](unsafeUninitializedCapacity: indices.count * width) { buffer, initialized in
            tensor.scalars.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
                for (position, row) in indices.enumerated() {
                    precondition(row >= 0 && row < rows, "row \(row) out of range 0..<\(rows)")
                    (to + position &* width).update(from: from + row &* width, count: width)
                }
            }
            initialized = indices.count * width
        }
        return Tensor(shape: shape, scalars: gathered)
    }

    /// The index of the first NaN or infinite element, if any.
    static func firstNonFinite(_ values: [Float]) -> Int? {
        values.withUnsafeBufferPointer { buffer in
            // Summing x * 0 gives 0 for finite x and NaN otherwise: one vectorisable pass, then a search only on failure.
            var probe = SIMD16<Float>()
            let blocks = buffer.count / 16
            if let base = buffer.baseAddress {
                let raw = UnsafeRawPointer(base)
                for block in 0..<blocks {
                    probe += raw.loadUnaligned(fromByteOffset: block &* 64, as: SIMD16<Float>.self) * 0
                }
            }
            var tail: Float = 0
            for i in (blocks * 16)..<buffer.count { tail += buffer[i] * 0 }
            if probe.sum() == 0 && tail == 0 { return nil }
            return buffer.firstIndex { !$0.isFinite }
        }
    }
}

extension Dataset: CustomStringConvertible {
    /// A one-line summary: count, example shape and task.
    public var description: String {
        "\(count) examples of shape \(featureShape), \(task)"
    }
}
