import DescentNN

/// A noisy two-dimensional Rosenbrock function in least-squares form: per example
/// (1 − u − x/2)² + 100·(v − u² + y/200)², with (x, y) ~ N(0, 1), from (u, v) = (−0.5, 1.5).
///
/// Expanded, it is DeepOBS's `two_d_rosenbrock` loss (1 − u)² + 100(v − u²)² + u·x + v·y plus a
/// term −y·u² and constants: the same function in expectation (minimum at (1, 1)) with noise
/// of the same size. The least-squares form lets ``Objective/regression`` train it: the model's
/// two outputs are √2 times the residuals, so their mean square against zero targets is the loss.
public struct NoisyRosenbrock: Layer {
    public init() {}

    /// The starting point, DeepOBS's.
    public static let start: [Float] = [-0.5, 1.5]

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        [("theta", Tensor(shape: [2], scalars: NoisyRosenbrock.start))]
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        let theta = parameters["theta"]
        let u = theta.slice(alongAxis: 0, 0..<1), v = theta.slice(alongAxis: 0, 1..<2)
        let x = input.slice(alongAxis: 1, 0..<1), y = input.slice(alongAxis: 1, 1..<2)
        let first = 1 - u - x * 0.5
        let second = (v - u * u + y * 0.005) * 10
        return Tensor.concatenate([first, second], alongAxis: 1) * Float(2).squareRoot()
    }

    /// The loss at (u, v) for noise (x, y), in double precision.
    public static func loss(u: Double, v: Double, x: Double, y: Double) -> Double {
        let a = 1 - u - x / 2, b = v - u * u + y / 200
        return a * a + 100 * b * b
    }

    /// `count` noise pairs with zero targets, drawn from `seed`.
    public static func data(count: Int, seed: UInt64) -> TensorBatchSource {
        var generator = RandomGenerator(seed: seed)
        let noise = (0..<(count * 2)).map { _ in generator.normal() }
        return TensorBatchSource(inputs: Tensor(shape: [count, 2], scalars: noise), targets: Tensor(repeating: 0, shape: [count, 2]))
    }
}
