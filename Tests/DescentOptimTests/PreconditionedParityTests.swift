import Foundation
import Testing
@testable import DescentOptim

/// Second-order, factored and parameter-free optimizers against their reference packages:
/// 50 steps on a vector, a matrix and a 3-D tensor, fixtures from
/// scripts/fixtures/preconditioned_optimizers.py (one file per optimizer).
struct PreconditionedParityTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let optimizer: String
            let hyperparameters: [String: Double]
            let params: [String: NestedArray]
            let grads: [[String: NestedArray]]
            let expected: [[String: NestedArray]]
            /// SophiaH's Hessian-diagonal estimates, on the steps that refresh them.
            let hessians: [[String: NestedArray]?]?
            /// Schedule-free: the evaluation point x after the last step.
            let eval: [String: NestedArray]?
        }
        let cases: [Case]
    }

    static let optimizers = [
        "prodigy", "schedule_free_adamw", "schedule_free_sgd", "dadapt_adam", "dog", "came", "sm3", "shampoo", "soap", "sophia",
    ]

    static let fixtures: [String: Fixture] = {
        var result: [String: Fixture] = [:]
        for name in optimizers {
            let url = Bundle.module.url(forResource: "preconditioned_\(name)", withExtension: "json", subdirectory: "Fixtures")!
            result[name] = try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        }
        return result
    }()

    /// Every (optimizer, case) pair in the fixtures.
    static let cases: [(String, Int)] = optimizers.flatMap { name in
        (0..<fixtures[name]!.cases.count).map { (name, $0) }
    }

    static func spec(_ c: Fixture.Case) throws -> OptimizerSpec {
        try OptimizerSpec(name: c.optimizer, settings: c.hyperparameters.map { "\($0.key)=\($0.value)" })
    }

    /// Runs a case's steps, calling `check` with the step index and the parameters after it.
    static func replay(_ c: Fixture.Case, steps: Range<Int>? = nil, check: (Int, ParameterSet) -> Void) throws -> any Optimizer {
        let spec = try spec(c)
        var optimizer = spec.descriptor.make(OptimizerSettings(hyperparameters: spec.hyperparameters))
        var parameters = TorchParityTests.parameterSet(c.params)
        for (step, grads) in c.grads.enumerated() {
            let g = TorchParityTests.parameterSet(grads)
            if let hessians = c.hessians, var sophia = optimizer as? TransformationOptimizer {
                if let h = hessians[step].map(TorchParityTests.parameterSet) { sophia.setBuffer("hessian", of: ScaleBySophia.self, to: h) }
                sophia.step(&parameters, gradients: g)
                optimizer = sophia
            } else {
                optimizer.step(&parameters, gradients: g)
            }
            check(step, parameters)
        }
        return optimizer
    }

    @Test(arguments: cases)
    func matchesReference(optimizer: String, caseIndex: Int) throws {
        let c = Self.fixtures[optimizer]!.cases[caseIndex]
        var worst: Float = 0, worstStep = 0, worstName = ""
        var final = ParameterSet()
        let trained = try Self.replay(c) { step, parameters in
            let expected = TorchParityTests.parameterSet(c.expected[step])
            for entry in parameters.entries {
                for i in entry.range where allcloseRatio(parameters.storage[i], expected.storage[i]) > worst {
                    worst = allcloseRatio(parameters.storage[i], expected.storage[i])
                    (worstStep, worstName) = (step, entry.name)
                }
            }
            final = parameters
        }
        #expect(worst <= 1, "\(optimizer) \(c.hyperparameters): worst |a − b| / (1e-4·|b| + 1e-6) = \(worst) at step \(worstStep + 1) in \(worstName)")
        // The parameters moved: a rule that did nothing would not pass.
        let initial = TorchParityTests.parameterSet(c.params)
        let moved = zip(final.storage, initial.storage).map { abs($0 - $1) }.max()!
        #expect(moved > 1e-3, "\(optimizer) \(c.hyperparameters) moved the parameters by at most \(moved)")
        if let eval = c.eval {
            let optimizer = try #require(trained as? TransformationOptimizer)
            let x = try #require(optimizer.scheduleFreeEvaluationPoint(training: final))
            let expected = TorchParityTests.parameterSet(eval)
            let worstEval = zip(x.storage, expected.storage).map { allcloseRatio($0, $1) }.max()!
            #expect(worstEval <= 1, "\(c.optimizer) evaluation point: worst ratio \(worstEval)")
        }
    }

    /// A run stopped after 10 steps and resumed from `stateTensors()` in a fresh optimizer
    /// continues bit-identically, for every optimizer (its second, non-default setting).
    @Test(arguments: optimizers)
    func resumesBitIdentically(optimizer name: String) throws {
        let c = Self.fixtures[name]!.cases[1]
        let spec = try Self.spec(c)
        var straight = spec.descriptor.make(OptimizerSettings(hyperparameters: spec.hyperparameters))
        var parameters = TorchParityTests.parameterSet(c.params)
        func step(_ optimizer: inout any Optimizer, _ parameters: inout ParameterSet, _ index: Int) {
            let g = TorchParityTests.parameterSet(c.grads[index])
            if let hessians = c.hessians, var sophia = optimizer as? TransformationOptimizer {
                if let h = hessians[index].map(TorchParityTests.parameterSet) { sophia.setBuffer("hessian", of: ScaleBySophia.self, to: h) }
                sophia.step(&parameters, gradients: g)
                optimizer = sophia
            } else {
                optimizer.step(&parameters, gradients: g)
            }
        }
        for index in 0..<10 { step(&straight, &parameters, index) }
        let saved = straight.stateTensors()
        #expect(!saved.isEmpty)
        var resumed = spec.descriptor.make(OptimizerSettings(hyperparameters: spec.hyperparameters))
        try resumed.loadStateTensors(saved, for: parameters)
        var copy = parameters
        for index in 10..<20 {
            step(&straight, &parameters, index)
            step(&resumed, &copy, index)
        }
        #expect(parameters.storage == copy.storage, "\(name) diverged after resuming")
        #expect(parameters.storage != TorchParityTests.parameterSet(c.params).storage)
    }

    @Test func symmetricEigenReconstructsAndInverseRootInverts() {
        // A symmetric positive definite 5 × 5 matrix: B·Bᵀ + I.
        let n = 5
        var b = [Double](repeating: 0, count: n * n)
        for index in 0..<(n * n) {
            let pattern = (index * 37 + 11) % 17
            b[index] = Double(pattern) / 7 - 1
        }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                for k in 0..<n {
                    let product: Double = b[i * n + k] * b[j * n + k]
                    a[i * n + j] += product
                }
            }
        }
        for i in 0..<n { a[i * n + i] += 1 }
        let (values, vectors) = KroneckerFactors.symmetricEigen(a, n: n)
        #expect(values == values.sorted())
        // numpy.linalg.eigvalsh of the same matrix.
        let numpy = [1.066204582974547, 1.9257405329978128, 2.9679505425775745, 5.172764439675213, 7.11223786095853]
        #expect(zip(values, numpy).allSatisfy { abs($0 - $1) < 1e-12 })
        let jacobi = SymmetricEigen.jacobi(a, n: n)
        #expect(zip(jacobi.values, numpy).allSatisfy { abs($0 - $1) < 1e-12 })
        // Both solvers give the same eigenvectors up to sign.
        var vectorGap = 0.0
        for column in 0..<n {
            var dot = 0.0
            for k in 0..<n { dot += vectors[k * n + column] * jacobi.vectors[k * n + column] }
            vectorGap = max(vectorGap, abs(abs(dot) - 1))
        }
        #expect(vectorGap < 1e-10)
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var rebuilt = 0.0, gram = 0.0
                for k in 0..<n {
                    rebuilt += vectors[i * n + k] * values[k] * vectors[j * n + k]
                    gram += vectors[k * n + i] * vectors[k * n + j]
                }
                worst = max(worst, abs(rebuilt - a[i * n + j]), abs(gram - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-12)
        // (A^(−1/4))⁴·A = I.
        let root = KroneckerFactors.inverseRoot(a, n: n, power: 4).map(Double.init)
        func multiply(_ x: [Double], _ y: [Double]) -> [Double] {
            var result = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                for j in 0..<n {
                    var sum = 0.0
                    for k in 0..<n { sum += x[i * n + k] * y[k * n + j] }
                    result[i * n + j] = sum
                }
            }
            return result
        }
        let identity = multiply(multiply(multiply(multiply(root, root), root), root), a)
        var error = 0.0
        for i in 0..<n { for j in 0..<n { error = max(error, abs(identity[i * n + j] - (i == j ? 1 : 0))) } }
        #expect(error < 1e-4)
        // QR: orthonormal columns spanning the same space (the first column is a's, normalised).
        let q = KroneckerFactors.orthonormalColumns(a, n: n)
        var squared = 0.0
        for i in 0..<n { squared += a[i * n] * a[i * n] }
        var firstColumnError = 0.0
        for i in 0..<n { firstColumnError = max(firstColumnError, abs(q[i * n] - a[i * n] / squared.squareRoot())) }
        #expect(firstColumnError < 1e-12)
    }
}

/// Time per step on a 1,049,600-parameter arena (a 1024 × 1024 matrix and a 1024 vector),
/// the median of five steps after two warm-up steps. Run with DESCENT_PRECOND_BENCH=1
/// (release: `swift test -c release --filter PreconditionedStepTimes`).
@Suite(.serialized)
struct PreconditionedStepTimes {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DESCENT_PRECOND_BENCH"] != nil), arguments: PreconditionedParityTests.optimizers)
    func stepTime(optimizer name: String) throws {
        var generator = RandomGenerator(seed: 1)
        func normal(_ shape: [Int]) -> Tensor {
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.normal() })
        }
        var parameters = ParameterSet([("weight", normal([1024, 1024])), ("bias", normal([1024]))])
        let gradients = ParameterSet([("weight", normal([1024, 1024])), ("bias", normal([1024]))])
        var optimizer = try OptimizerSpec(name: name, settings: []).make()
        var times: [Double] = []
        for step in 0..<7 {
            let start = ContinuousClock.now
            optimizer.step(&parameters, gradients: gradients)
            let elapsed = ContinuousClock.now - start
            if step >= 2 { times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3) }
        }
        let median = times.sorted()[times.count / 2]
        print("step time \(name): \(median) ms")
        let finite = parameters.storage.allSatisfy { $0.isFinite }
        #expect(finite)
    }
}
