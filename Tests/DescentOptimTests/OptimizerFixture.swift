import Foundation
@testable import DescentOptim

/// A reference run of one catalog optimizer: `Fixtures/optimizers/<name>.json`, in the
/// fixtures' envelope (``Fixture``) with the optimizer schema of scripts/fixtures/fixture_schema.py
/// (written for optimizers.py, reference_optimizers.py and preconditioned_optimizers.py).
struct OptimizerFixture: Sendable {
    typealias Tolerance = FixtureTolerance

    /// What the cases share: the optimizer's name and the problems they run on.
    struct Inputs: Decodable, Sendable {
        let optimizer: String
        let problems: [Problem]
    }

    /// Initial parameters, and the gradient of every step or the objective the optimizer calls.
    struct Problem: Decodable, Sendable {
        let names: [String]
        let shapes: [String: [Int]]
        let params: [String: [Float]]
        let gradients: [[String: [Float]]]?
        /// `rosenbrock` or `quadratic` (L-BFGS's closure).
        let function: String?
        /// SophiaH's Hessian-diagonal estimates, on the steps that refresh them.
        let hessians: [[String: [Float]]?]?

        /// Named flat lists as a parameter set in the problem's order and shapes.
        func parameterSet(_ values: [String: [Float]]) -> ParameterSet {
            ParameterSet(names.map { ($0, Tensor(shape: shapes[$0]!, scalars: values[$0]!)) })
        }

        var start: ParameterSet { parameterSet(params) }
    }

    /// The reference's record after one step.
    struct Step: Decodable, Sendable {
        let params: [String: [Float]]
        /// L-BFGS: the loss `step(closure)` returned.
        let loss: Float?
        /// Schedule-free: the evaluation point x (`.eval()`).
        let evalParams: [String: [Float]]?
        /// State buffers by the reference's name (ASGD's `ax`).
        let state: [String: [String: [Float]]]?
        /// L-BFGS: `func_evals` and `n_iter`.
        let counters: [String: Int]?

        enum CodingKeys: String, CodingKey {
            case params, loss, state, counters
            case evalParams = "eval_params"
        }
    }

    /// One setting of the optimizer replayed on one problem.
    struct Case: Decodable, Sendable {
        /// PyTorch's constructor names with tuples split, booleans as 1/0.
        let hyperparameters: [String: Double]
        let problem: Int
        let steps: [Step]

        var settings: [String] { hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
    }

    let envelope: Fixture<Inputs, Case>

    var optimizer: String { envelope.inputs.optimizer }
    /// The implementation the numbers come from.
    var reference: Fixture<Inputs, Case>.Reference { envelope.references[0] }
    var tolerance: Tolerance { envelope.tolerance }
    var cases: [Case] { envelope.cases }

    func problem(of c: Case) -> Problem { envelope.inputs.problems[c.problem] }

    /// The fixture of the optimizer named `name`, or nil if it has none.
    static func named(_ name: String) throws -> OptimizerFixture? {
        try Fixture<Inputs, Case>.named("optimizers/" + name).map(OptimizerFixture.init)
    }
}

/// |a − b| in units of the tolerance 1e-4·|b| + 1e-6 (numpy's allclose with rtol 1e-4,
/// atol 1e-6, the fixtures' tolerance): at most 1 means equal to float32 rounding over many steps.
func allcloseRatio(_ a: Float, _ b: Float) -> Float {
    abs(a - b) / (1e-4 * abs(b) + 1e-6)
}

extension OptimizerFixture.Problem {
    /// The problem's objective (loss and gradient), operation for operation as
    /// scripts/fixtures/optimizers.py computes it in float32; nil for a problem of gradients.
    var objective: ((ParameterSet) -> (loss: Float, gradient: ParameterSet))? {
        guard let function else { return nil }
        let a: [[Float]] = [[4, 1, 0.5, 0, 0], [1, 3, 0, 0.25, 0], [0.5, 0, 2, 0, 0.5], [0, 0.25, 0, 1.5, 0], [0, 0, 0.5, 0, 1]]
        let b: [Float] = [1, -2, 0.5, 3, -1]
        let name = names[0]
        return { p in
            let x = p.storage
            var loss: Float
            var g: [Float]
            if function == "rosenbrock" {
                let u = 1 - x[0], v = x[1] - x[0] * x[0]
                loss = u * u + 100 * (v * v)
                g = [-2 * u - 400 * (v * x[0]), 200 * v]
            } else {
                var ax = [Float](repeating: 0, count: 5)
                for i in 0..<5 { for j in 0..<5 { ax[i] += a[i][j] * x[j] } }
                var xAx: Float = 0, bx: Float = 0
                for i in 0..<5 { xAx += x[i] * ax[i]; bx += b[i] * x[i] }
                loss = 0.5 * xAx - bx
                g = (0..<5).map { ax[$0] - b[$0] }
            }
            return (loss, ParameterSet([(name, Tensor(shape: [x.count], scalars: g))]))
        }
    }

    /// The number of steps the problem can drive.
    var stepCount: Int { gradients?.count ?? .max }

    /// One step of `optimizer` at step `index`: on the objective (L-BFGS, returning its loss),
    /// or on the gradients, with Sophia's Hessian estimate set first where the problem gives
    /// one and the optimizer takes it.
    func step(_ optimizer: inout any Optimizer, _ parameters: inout ParameterSet, index: Int) -> Float? {
        if let objective {
            var lbfgs = optimizer as! LBFGS
            let loss = lbfgs.step(&parameters, objective: objective)
            optimizer = lbfgs
            return loss
        }
        let g = parameterSet(gradients![index])
        if let hessian = hessians?[index].map(parameterSet), var sophia = optimizer as? TransformationOptimizer {
            sophia.setBuffer("hessian", of: ScaleBySophia.self, to: hessian)
            sophia.step(&parameters, gradients: g)
            optimizer = sophia
        } else {
            optimizer.step(&parameters, gradients: g)
        }
        return nil
    }
}
