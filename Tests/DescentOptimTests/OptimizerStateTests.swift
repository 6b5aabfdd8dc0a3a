import Foundation
import Testing
@testable import DescentOptim

/// Optimizer state is saved by parameter name under PyTorch's buffer names, and loading it
/// checks names and shapes (the catalog test checks that every optimizer resumes exactly).
struct OptimizerStateTests {
    /// A fixture case with its problem: the start, and the gradients of its steps.
    static func fixtureCase(_ name: String, _ index: Int) throws -> (c: OptimizerFixture.Case, start: ParameterSet, gradients: [ParameterSet]) {
        let fixture = try #require(try OptimizerFixture.named(name))
        let c = fixture.cases[index]
        let problem = fixture.problem(of: c)
        return (c, problem.start, problem.gradients!.map(problem.parameterSet))
    }

    @Test func stateRoundTripsByNameInAnotherOrder() throws {
        let (c, start, gradients) = try Self.fixtureCase("adamw", 1)  // AMSGrad: three state buffers.
        #expect(c.hyperparameters["amsgrad"] == 1)
        let spec = try OptimizerSpec(name: "adamw", settings: c.settings)
        var straight = try spec.make()
        var parameters = start
        for g in gradients.prefix(10) { straight.step(&parameters, gradients: g) }
        // Reload the state into a set that lists the parameters in reverse order.
        let reversedNames = parameters.entries.map(\.name).reversed()
        var reordered = ParameterSet(reversedNames.map { ($0, parameters[$0]) })
        var resumed = try spec.make()
        try resumed.loadStateTensors(straight.stateTensors(), for: reordered)
        for g in gradients.dropFirst(10).prefix(5) {
            straight.step(&parameters, gradients: g)
            resumed.step(&reordered, gradients: ParameterSet(reversedNames.map { ($0, g[$0]) }))
        }
        for name in reversedNames { #expect(parameters[name] == reordered[name]) }
    }

    @Test func mismatchedStateNamesTheParameter() throws {
        var optimizer = try OptimizerSpec(name: "adamw", settings: []).make()
        var p = ParameterSet([("w", Tensor.ones([2, 2]))])
        optimizer.step(&p, gradients: p.filled(with: 1))
        var other = try OptimizerSpec(name: "adamw", settings: []).make()
        let wrongShape = ParameterSet([("w", Tensor.ones([3]))])
        #expect(throws: OptimizerStateError.self) { try other.loadStateTensors(optimizer.stateTensors(), for: wrongShape) }
        do {
            try other.loadStateTensors(optimizer.stateTensors(), for: ParameterSet([("v", Tensor.ones([2, 2]))]))
            Issue.record("loading state for another parameter name must fail")
        } catch {
            #expect("\(error)".contains("parameter v"))
        }
    }

    /// A hand-built Adam chain with AMSGrad saves PyTorch's names, flat (the parts' keys do not
    /// collide, so none is prefixed), restores exactly, and a missing buffer is an error.
    @Test func chainStateSavesByNameAndRestoresExactly() throws {
        let (_, start, gradients) = try Self.fixtureCase("adamw", 1)
        func chain() -> TransformationOptimizer {
            TransformationOptimizer(Chain {
                ScaleByAdam(beta1: 0.85, beta2: 0.95, eps: 1e-5, amsgrad: true)
                AddDecayedWeights(0.3)
                ScaleByLearningRate(0.02)
            })
        }
        var straight = chain()
        var parameters = start
        for g in gradients.prefix(5) { straight.step(&parameters, gradients: g) }
        let saved = straight.stateTensors()
        #expect(saved["exp_avg/matrix"]?.shape == [3, 4])
        #expect(saved["max_exp_avg_sq/cube"]?.shape == [2, 2, 3])
        #expect(saved["step"]?.float32?.scalar == 5)
        #expect(saved["count"]?.float32?.scalar == 5)
        var resumed = chain()
        var copy = parameters
        try resumed.loadStateTensors(saved, for: copy)
        for g in gradients.dropFirst(5).prefix(5) {
            straight.step(&parameters, gradients: g)
            resumed.step(&copy, gradients: g)
        }
        #expect(parameters == copy)
        var missing = saved
        missing["exp_avg_sq/cube"] = nil
        var broken = chain()
        #expect(throws: OptimizerStateError.self) { try broken.loadStateTensors(missing, for: copy) }
    }

    @Test func fusedAdafactorUsesTheComposedBlockNames() throws {
        var fused = try OptimizerSpec(name: "adafactor", settings: []).make()
        var p = ParameterSet([("w", Tensor.ones([2, 3])), ("b", Tensor.ones([3]))])
        fused.step(&p, gradients: p.filled(with: 0.5))
        let state = fused.stateTensors()
        #expect(state["row_var/w"]?.shape == [2, 1])
        #expect(state["col_var/w"]?.shape == [1, 3])
        #expect(state["variance/b"]?.shape == [3])
        #expect(state["step"]?.float32?.scalar == 1)
        // The first step's weight is 1: the statistics are the mean squares themselves.
        #expect(state["row_var/w"]?.float32?.scalars == [0.25, 0.25])
    }

    @Test func novoGradKeepsOneSecondMomentPerTensorByName() throws {
        let (c, start, gradients) = try Self.fixtureCase("novograd", 0)
        var optimizer = try OptimizerSpec(name: "novograd", settings: c.settings).make()
        var parameters = start
        optimizer.step(&parameters, gradients: gradients[0])
        let g = gradients[0]["matrix"].scalars
        let expected = g.map { $0 * $0 }.reduce(0, +)
        let saved = try #require(optimizer.stateTensors()["grads_ema/matrix"]?.float32)  // PyTorch's name: only the parts' colliding `step`s are prefixed
        #expect(abs(saved.scalar - expected) <= 1e-5 * expected)
    }
}
