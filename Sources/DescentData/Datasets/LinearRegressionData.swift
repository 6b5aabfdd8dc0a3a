extension Dataset {
    /// A linear regression problem, as scikit-learn's `make_regression` (well-conditioned inputs).
    ///
    /// Inputs are standard normal. `informative` randomly chosen features get coefficients
    /// drawn uniformly from `[0, 100)` for each output, the others 0; the targets are
    /// `X · coef + bias` plus Gaussian noise of standard deviation `noise`.
    public static func linearRegression(
        count: Int = 1000, features: Int = 10, informative: Int = 5, outputs: Int = 1,
        noise: Double = 1.0, bias: Double = 0, seed: UInt64 = 0
    ) throws(DataError) -> Dataset {
        try linearRegressionWithCoefficients(
            count: count, features: features, informative: informative, outputs: outputs, noise: noise, bias: bias, seed: seed).dataset
    }

    /// The linear regression dataset and its true coefficients, shape `[features, outputs]` row-major.
    static func linearRegressionWithCoefficients(
        count: Int, features: Int, informative: Int, outputs: Int, noise: Double, bias: Double, seed: UInt64
    ) throws(DataError) -> (dataset: Dataset, coefficients: [Float]) {
        guard count >= 1, features >= 1, outputs >= 1, informative >= 0, informative <= features else {
            throw .shapeMismatch("regression needs count, features, outputs >= 1 and 0 <= informative <= features, got count \(count), features \(features), informative \(informative), outputs \(outputs)")
        }
        guard noise >= 0, noise.isFinite, bias.isFinite else { throw .shapeMismatch("regression noise must be a non-negative number and bias finite") }
        var generator = RandomGenerator(seed: seed)
        var x = [Float](repeating: 0, count: count * features)
        for i in x.indices { x[i] = generator.normal() }
        var coefficients = [Float](repeating: 0, count: features * outputs)
        for feature in generator.permutation(features).prefix(informative) {
            for output in 0..<outputs { coefficients[feature * outputs + output] = 100 * generator.uniform() }
        }
        var y = [Float](repeating: 0, count: count * outputs)
        for row in 0..<count {
            for output in 0..<outputs {
                var total = bias
                for j in 0..<features { total += Double(x[row * features + j]) * Double(coefficients[j * outputs + output]) }
                y[row * outputs + output] = Float(total + noise * Double(generator.normal()))
            }
        }
        let dataset = Dataset(
            checkedFeatures: Tensor(shape: [count, features], scalars: x),
            targets: Tensor(shape: [count, outputs], scalars: y),
            task: .regression(outputs: outputs), featureNames: (0..<features).map { "x\($0)" })
        return (dataset, coefficients)
    }
}
