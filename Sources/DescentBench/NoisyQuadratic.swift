import DescentNN
import Foundation

/// DeepOBS's `quadratic_deep`: the loss 0.5·(θ − x)ᵀ Q (θ − x) in 100 dimensions, Q = Rᵀ D R
/// with 90 eigenvalues from U(0, 1) and 10 from U(30, 60) and R a seeded Haar-random rotation
/// (Diaconis and Shahshahani's subgroup algorithm, as DeepOBS draws it); x ~ N(0, 0.6²) per
/// example, so mini-batch gradients are noisy. θ starts at 1.
///
/// As a model for ``Objective/regression`` against zero targets: the output is
/// √(n/2) · (θ − x) Rᵀ D^½ (√50 for n = 100), whose mean square over the n outputs is exactly the loss above.
public struct NoisyQuadratic: Layer {
    /// The Hessian's eigenvalues and rotation.
    public let eigenvalues: [Double]
    public let rotation: [[Double]]
    /// √(n/2) · Rᵀ D^½ as an [n, n] tensor.
    private let map: Tensor

    public var dimension: Int { eigenvalues.count }

    /// The problem of DeepOBS's spectrum drawn from `seed`.
    public init(seed: UInt64, dimension: Int = 100, largeEigenvalues: Int = 10) {
        var generator = RandomGenerator(seed: seed)
        let small = (0..<(dimension - largeEigenvalues)).map { _ in generator.uniformDouble() }
        let large = (0..<largeEigenvalues).map { _ in 30 + 30 * generator.uniformDouble() }
        self.init(eigenvalues: small + large, rotation: NoisyQuadratic.randomRotation(dimension, generator: &generator))
    }

    public init(eigenvalues: [Double], rotation: [[Double]]) {
        self.eigenvalues = eigenvalues
        self.rotation = rotation
        let n = eigenvalues.count
        var scalars = [Float](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { scalars[i * n + j] = Float((Double(n) / 2).squareRoot() * rotation[j][i] * eigenvalues[j].squareRoot()) } }
        map = Tensor(shape: [n, n], scalars: scalars)
    }

    /// The Hessian Q = Rᵀ D R.
    public var hessian: [[Double]] {
        let n = dimension
        return (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(0.0) { $0 + rotation[$1][i] * eigenvalues[$1] * rotation[$1][j] } } }
    }

    public func initialParameters(generator: inout RandomGenerator) -> [(name: String, value: Tensor)] {
        [("theta", Tensor(repeating: 1, shape: [dimension]))]
    }

    public func callAsFunction(_ input: Tensor, parameters: ParameterScope, context: inout ForwardContext) -> Tensor {
        (parameters["theta"] - input).matmul(map)
    }

    /// `count` examples x ~ N(0, σ²) with zero targets, drawn from `seed`.
    public func data(count: Int, noise: Float = 0.6, seed: UInt64) -> TensorBatchSource {
        var generator = RandomGenerator(seed: seed)
        let x = (0..<(count * dimension)).map { _ in noise * generator.normal() }
        return TensorBatchSource(inputs: Tensor(shape: [count, dimension], scalars: x),
                                 targets: Tensor(repeating: 0, shape: [count, dimension]))
    }

    /// A rotation in SO(n) drawn uniformly (Haar) by the subgroup algorithm, as DeepOBS's `random_rotation`.
    public static func randomRotation(_ n: Int, generator: inout RandomGenerator) -> [[Double]] {
        precondition(n >= 2, "a rotation needs two dimensions")
        let t = 2 * Double.pi * generator.uniformDouble()
        var r = [[cos(t), sin(t)], [-sin(t), cos(t)]]
        for d in 2..<n {
            var v = (0...d).map { _ in Double(generator.normal()) }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            v = v.map { $0 / norm }
            var x = v.map { -$0 }
            x[0] += 1
            let xNorm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            x = x.map { $0 / xNorm }
            // D = [[1, 0], [0, R]]; R ← D − 2 x (xᵀ D)
            var block = [[Double]](repeating: [Double](repeating: 0, count: d + 1), count: d + 1)
            block[0][0] = 1
            for i in 0..<d { for j in 0..<d { block[i + 1][j + 1] = r[i][j] } }
            var xtD = [Double](repeating: 0, count: d + 1)
            for i in 0...d where x[i] != 0 { for j in 0...d { xtD[j] += x[i] * block[i][j] } }
            r = (0...d).map { i in (0...d).map { j in block[i][j] - 2 * x[i] * xtD[j] } }
        }
        return r.map { $0.map { -$0 } }
    }
}
