import Foundation

/// A deterministic objective with a known minimum, for `descent optim trace`, the
/// convergence table and plots: Rosenbrock, Beale, an ill-conditioned quadratic, Rastrigin.
///
/// The point is one parameter named `x` of shape [1, dim] (a row vector, so that
/// optimizers defined only for matrices, such as Muon, apply too). Values and gradients
/// are computed in double precision and rounded to Float.
public struct TestProblem: Sendable {
    public let name: String
    /// The starting point.
    public let start: [Float]
    /// The minimiser and the minimum value.
    public let minimizer: [Float]
    public let minimum: Double
    /// The region drawn for 2-D problems: (x range, y range).
    public let bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>)
    private let evaluate: @Sendable ([Double]) -> (Double, [Double])

    public init(name: String, start: [Float], minimizer: [Float], minimum: Double,
                bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>),
                evaluate: @escaping @Sendable ([Double]) -> (Double, [Double])) {
        self.name = name
        self.start = start
        self.minimizer = minimizer
        self.minimum = minimum
        self.bounds = bounds
        self.evaluate = evaluate
    }

    public var dimension: Int { start.count }

    /// f at `x`.
    public func value(_ x: [Float]) -> Double { evaluate(x.map(Double.init)).0 }

    /// f and ∇f at `x`.
    public func valueAndGradient(_ x: [Float]) -> (value: Double, gradient: [Float]) {
        let (f, g) = evaluate(x.map(Double.init))
        return (f, g.map(Float.init))
    }

    /// The starting point as a parameter set (`x`, shape [1, dim]).
    public var startParameters: ParameterSet {
        ParameterSet([("x", Tensor(shape: [1, dimension], scalars: start))])
    }

    /// f and the gradient as a parameter set, at the point held by `parameters`.
    public func objective(_ parameters: ParameterSet) -> (loss: Float, gradient: ParameterSet) {
        let (f, g) = valueAndGradient(parameters.storage)
        var gradient = parameters
        gradient.storage = g
        return (Float(f), gradient)
    }

    /// Runs `optimizer` from the start for `steps` steps and returns the points visited
    /// (`steps + 1` of them, the start first). L-BFGS gets the objective, as PyTorch's
    /// `step(closure)`: each step is its own inner iterations and line search.
    public func path(_ optimizer: inout any Optimizer, steps: Int) -> [[Float]] {
        var parameters = startParameters
        var path = [parameters.storage]
        path.reserveCapacity(steps + 1)
        for _ in 0..<steps {
            if var lbfgs = (optimizer as? AnyOptimizer)?.base as? LBFGS ?? optimizer as? LBFGS {
                lbfgs.step(&parameters, objective: objective)
                optimizer = lbfgs
            } else {
                optimizer.step(&parameters, gradients: objective(parameters).gradient)
            }
            path.append(parameters.storage)
        }
        return path
    }

    /// f(x, y) = (1 − x)² + 100(y − x²)², from (−1.2, 1); minimum 0 at (1, 1).
    public static let rosenbrock = TestProblem(
        name: "rosenbrock", start: [-1.2, 1], minimizer: [1, 1], minimum: 0, bounds: (-2...2, -1...3)
    ) { p in
        let (x, y) = (p[0], p[1])
        let f = (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        return (f, [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    }

    /// Beale's function, from (1, 1); minimum 0 at (3, 0.5).
    public static let beale = TestProblem(
        name: "beale", start: [1, 1], minimizer: [3, 0.5], minimum: 0, bounds: (-4.5...4.5, -4.5...4.5)
    ) { p in
        let (x, y) = (p[0], p[1])
        let a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y
        let f = a * a + b * b + c * c
        let dx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1)
        let dy = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y
        return (f, [dx, dy])
    }

    /// Rastrigin's function in `dim` dimensions, 10·dim + Σ(xᵢ² − 10 cos 2πxᵢ), from
    /// (2.2, −2.7, 2.2, …): many local minima, the global one 0 at the origin.
    public static func rastrigin(dim: Int = 2) -> TestProblem {
        TestProblem(name: "rastrigin", start: (0..<dim).map { $0 % 2 == 0 ? 2.2 : -2.7 }, minimizer: [Float](repeating: 0, count: dim),
                    minimum: 0, bounds: (-5.12...5.12, -5.12...5.12)) { p in
            var f = 10 * Double(p.count)
            var g = [Double](repeating: 0, count: p.count)
            for (i, x) in p.enumerated() {
                f += x * x - 10 * cos(2 * Double.pi * x)
                g[i] = 2 * x + 20 * Double.pi * sin(2 * Double.pi * x)
            }
            return (f, g)
        }
    }

    /// ½ Σ λᵢ xᵢ² with λᵢ = smallest·κ^(i/(dim−1)) (condition number κ), from xᵢ = 1;
    /// minimum 0 at the origin.
    public static func quadratic(kappa: Double = 10, dim: Int = 2, smallest: Double = 1) -> TestProblem {
        let lambdas = (0..<dim).map { dim == 1 ? smallest : smallest * pow(kappa, Double($0) / Double(dim - 1)) }
        return TestProblem(name: "quadratic", start: [Float](repeating: 1, count: dim), minimizer: [Float](repeating: 0, count: dim),
                           minimum: 0, bounds: (-1.5...1.5, -1.5...1.5)) { p in
            var f = 0.0
            var g = [Double](repeating: 0, count: p.count)
            for i in p.indices {
                f += 0.5 * lambdas[i] * p[i] * p[i]
                g[i] = lambdas[i] * p[i]
            }
            return (f, g)
        }
    }

    /// A problem from its command-line form (``TestProblemSpec``): `rosenbrock`, `beale`,
    /// `rastrigin[:dim=N]`, `quadratic[:kappa=K,dim=N,smallest=S]`; throws a one-line error otherwise.
    public static func parse(_ text: String) throws -> TestProblem {
        try TestProblemSpec(parsing: text).problem
    }
}

/// A test problem named on the command line is unknown or malformed.
public struct TestProblemError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
