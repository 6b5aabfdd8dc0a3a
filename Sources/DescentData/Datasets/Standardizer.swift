/// Standardisation: subtract a mean and divide by a standard deviation, both fitted on training data.
///
/// Per feature by default, as scikit-learn's `StandardScaler`: the population standard
/// deviation is used and a feature that is constant in the training data is only centred
/// (its scale is 1). With ``FeatureScaling/global`` every feature shares one mean and one
/// deviation, fitted over all values.
public struct Standardizer: Sendable, Equatable, Codable {
    /// The mean of each feature in the fitted data.
    public let mean: [Float]
    /// The divisor of each feature: its standard deviation, or 1 where that is zero.
    public let scale: [Float]

    /// A standardiser with the given statistics.
    public init(mean: [Float], scale: [Float]) {
        precondition(mean.count == scale.count, "mean and scale differ in length")
        self.mean = mean
        self.scale = scale
    }

    /// The statistics of `features` (shape `[count, ...]`, flattened per example): per feature, or over all values for `.global`.
    ///
    /// `.none` gives the identity (mean 0, scale 1).
    public init(fitting features: Tensor, scaling: FeatureScaling = .perFeature) {
        let rows = features.shape.first ?? 0
        let width = rows == 0 ? 0 : features.count / rows
        switch scaling {
        case .perFeature:
            self.init(fittingEachFeature: features)
        case .none:
            self.init(mean: [Float](repeating: 0, count: width), scale: [Float](repeating: 1, count: width))
        case .global where features.count == 0:
            self.init(fitting: features, scaling: .none)
        case .global:
            let all = Standardizer(fittingEachFeature: features.reshaped(to: [features.count, 1]))
            self.init(mean: [Float](repeating: all.mean[0], count: width), scale: [Float](repeating: all.scale[0], count: width))
        }
    }

    private init(fittingEachFeature features: Tensor) {
        let rows = features.shape.first ?? 0
        let width = rows == 0 ? 0 : features.count / rows
        var mean = [Double](repeating: 0, count: width)
        var squares = [Double](repeating: 0, count: width)
        features.scalars.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { m in
                for row in 0..<rows {
                    let base = row &* width
                    for j in 0..<width { m[j] += Double(x[base &+ j]) }
                }
                let count = Double(max(rows, 1))
                for j in 0..<width { m[j] /= count }
                squares.withUnsafeMutableBufferPointer { q in
                    for row in 0..<rows {
                        let base = row &* width
                        for j in 0..<width {
                            let d = Double(x[base &+ j]) - m[j]
                            q[j] += d * d
                        }
                    }
                }
            }
        }
        self.mean = mean.map { Float($0) }
        self.scale = squares.map { total in
            let std = (total / Double(max(rows, 1))).squareRoot()
            return std > 1e-12 ? Float(std) : 1
        }
    }

    /// The statistics of the features of `dataset`.
    public init(fitting dataset: Dataset, scaling: FeatureScaling = .perFeature) {
        self.init(fitting: dataset.features, scaling: scaling)
    }

    /// `features` with every feature standardised; the feature count must match the fitted one.
    public func apply(to features: Tensor) -> Tensor {
        let rows = features.shape.first ?? 0
        let width = mean.count
        precondition(rows == 0 || features.count == rows * width, "features of shape \(features.shape) do not have \(width) values per example")
        let inverse = scale.map { 1 / $0 }
        var values = features.scalars
        values.withUnsafeMutableBufferPointer { x in
            mean.withUnsafeBufferPointer { m in
                inverse.withUnsafeBufferPointer { s in
                    for row in 0..<rows {
                        let base = row &* width
                        for j in 0..<width { x[base &+ j] = (x[base &+ j] - m[j]) * s[j] }
                    }
                }
            }
        }
        return Tensor(shape: features.shape, scalars: values)
    }

    /// `dataset` with its features standardised; targets are unchanged.
    public func apply(to dataset: Dataset) -> Dataset {
        Dataset(
            checkedFeatures: apply(to: dataset.features), targets: dataset.targets, task: dataset.task,
            featureNames: dataset.featureNames, classNames: dataset.classNames)
    }
}
