import Foundation
import Testing
@testable import DescentOptim

/// Properties of the torch-family building blocks that the parity fixtures do not reach.
struct TorchBlockTests {
    static func orthogonalized(_ block: ScaleByNewtonSchulz, _ values: [Float], rows: Int, cols: Int) -> [Float] {
        var updates = ParameterSet([("w", Tensor(shape: [rows, cols], scalars: values))])
        var state = block.initialState(for: updates)
        block.update(&updates, state: &state, parameters: updates)
        return updates.storage
    }

    @Test func newtonSchulzThroughBLASEqualsTheExactPathAndOrthogonalizes() {
        var generator = RandomGenerator(seed: 3)
        let (rows, cols) = (72, 48)
        let g = (0..<rows * cols).map { _ in generator.normal() }
        let exact = Self.orthogonalized(ScaleByNewtonSchulz(blasThreshold: .max), g, rows: rows, cols: cols)
        let blas = Self.orthogonalized(ScaleByNewtonSchulz(blasThreshold: 1), g, rows: rows, cols: cols)
        let differences = zip(exact, blas).map { abs($0 - $1) }
        // Equal but for the last bfloat16 bit of a few elements (float32 against double accumulation).
        #expect(differences.max()! <= 0.05 && differences.reduce(0, +) / Float(differences.count) < 1e-3,
                "max \(differences.max()!), mean \(differences.reduce(0, +) / Float(differences.count))")
        // 72 × 48 (tall): the ratio is √(72/48); OᵀO/ratio² has its diagonal near 1 (Muon's
        // singular values land in roughly [0.7, 1.2]).
        let ratio2 = Float(rows) / Float(cols)
        for j in 0..<cols {
            var d: Float = 0
            for i in 0..<rows { d += exact[i * cols + j] * exact[i * cols + j] }
            #expect(d / ratio2 > 0.4 && d / ratio2 < 1.6, "column \(j): \(d / ratio2)")
        }
    }

    /// The exact path (products through double dgemm) equals the iteration written as plain
    /// double loops, as PyTorch's bfloat16 products are modelled: every product summed in
    /// double, rounded to float, then to bfloat16.
    @Test func newtonSchulzExactPathEqualsPlainDoubleLoops() {
        var generator = RandomGenerator(seed: 11)
        let (rows, cols) = (24, 40)
        let g = (0..<rows * cols).map { _ in generator.normal() }
        let block = ScaleByNewtonSchulz(blasThreshold: .max)
        let fast = Self.orthogonalized(block, g, rows: rows, cols: cols)
        // the reference: X ← U/‖U‖, then A = XXᵀ, B = bA + cA², X ← aX + BX in double loops
        let bf = ScaleByNewtonSchulz.bf16
        var x = g.map(bf)
        let norm = max(bf(x.reduce(0) { $0 + $1 * $1 }.squareRoot()), bf(1e-7))
        x = x.map { bf($0 / norm) }
        let (a, b, c) = block.coefficients
        let (r, n) = (rows, cols)
        for _ in 0..<block.steps {
            var gram = [Float](repeating: 0, count: r * r), poly = gram, next = x
            for i in 0..<r { for j in 0..<r {
                var acc = 0.0
                for k in 0..<n { acc += Double(x[i * n + k]) * Double(x[j * n + k]) }
                gram[i * r + j] = bf(Float(acc))
            } }
            for i in 0..<r { for j in 0..<r {
                var acc = 0.0
                for k in 0..<r { acc += Double(gram[i * r + k]) * Double(gram[k * r + j]) }
                poly[i * r + j] = bf(Float(b * Double(gram[i * r + j]) + c * acc))
            } }
            for i in 0..<r { for j in 0..<n {
                var acc = 0.0
                for k in 0..<r { acc += Double(poly[i * r + k]) * Double(x[k * n + j]) }
                next[i * n + j] = bf(Float(a * Double(x[i * n + j]) + acc))
            } }
            x = next
        }
        // 24 × 40 is wide: no transpose, and the ratio √max(1, 24/40) is 1
        #expect(fast == x)
    }

    @Test func traceMatchesTheHeavyBallAndNesterovRecurrences() {
        // b₁ = g₁; b₂ = μb₁ + (1 − τ)g₂; Nesterov: u = g + μb.
        let p = ParameterSet([("x", Tensor([0]))])
        for (nesterov, dampening) in [(false, Float(0.25)), (true, Float(0))] {
            let trace = Trace(momentum: 0.5, dampening: dampening, nesterov: nesterov)
            var state = trace.initialState(for: p)
            var u1 = ParameterSet([("x", Tensor([2]))])
            trace.update(&u1, state: &state, parameters: p)
            var u2 = ParameterSet([("x", Tensor([4]))])
            trace.update(&u2, state: &state, parameters: p)
            let b2 = 0.5 * 2 + (1 - dampening) * 4
            #expect(u1.storage == [nesterov ? 2 + 0.5 * 2 : 2])
            #expect(u2.storage == [nesterov ? 4 + 0.5 * b2 : b2])
        }
    }

    @Test func inverseTimeDecayIsAdagradsAndASGDsStepSize() {
        let adagrad = InverseTimeDecaySchedule(initial: 0.1, rate: 0.5)
        #expect(adagrad(0) == 0.1 && adagrad(2) == Float(0.1 / 2))
        let asgd = InverseTimeDecaySchedule(initial: 0.01, rate: 1e-4 * 0.01, power: 0.75)
        #expect(asgd(1000) == Float(0.01 / pow(1 + 1e-6 * 1000, 0.75)))
        #expect(RelativeStepSchedule(lr: 0.01)(99_999) == Float(1 / (100_000.0).squareRoot()))
    }

    /// Muon takes only matrices, as `torch.optim.Muon` (which raises `ValueError`): a vector
    /// stops the process with a message naming the parameter.
    @Test func muonRejectsParametersThatAreNotMatrices() async {
        await #expect(processExitsWith: .failure) {
            var optimizer = try! OptimizerSpec(name: "muon", settings: []).make()
            var p = ParameterSet([("w", Tensor.ones([2, 2])), ("bias", Tensor.ones([3]))])
            optimizer.step(&p, gradients: p.filled(with: 1))
        }
    }

    @Test func lbfgsReachesTheMinimumOfTheQuadratic() throws {
        // The minimiser solves Ax = b (numpy.linalg.solve); L-BFGS with line search gets
        // there in one call, up to float32 resolution of the loss.
        let fixture = try #require(try OptimizerFixture.named("lbfgs"))
        let problem = try #require(fixture.envelope.inputs.problems.first { $0.function == "quadratic" })
        let solution: [Float] = [0.443110349, -0.994854202, 0.444825615, 2.16580903, -1.22241281]
        var optimizer = LBFGS(strongWolfe: true)
        var x = ParameterSet([("x", Tensor(shape: [5], scalars: [0, 0, 0, 0, 0]))])
        optimizer.step(&x, objective: try #require(problem.objective))
        let error = zip(x.storage, solution).map { abs($0 - $1) }.max()!
        #expect(error < 2e-3, "distance to the minimiser \(error): \(x.storage)")
    }
}
