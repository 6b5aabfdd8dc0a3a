import Foundation
import Testing
@testable import DescentOptim

/// The fused kernels equal their composed chains, and the chains match PyTorch.
struct ComposedFormTests {
    static func composedAdamW(_ h: [String: Double], decoupled: Bool = true) -> TransformationOptimizer {
        let adam = ScaleByAdam(beta1: Float(h["beta1"] ?? 0.9), beta2: Float(h["beta2"] ?? 0.999),
                               eps: Float(h["eps"] ?? 1e-8), amsgrad: (h["amsgrad"] ?? 0) != 0)
        let decay = AddDecayedWeights(Float(h["weight_decay"] ?? 0))
        return TransformationOptimizer(Chain {
            if !decoupled { decay }
            adam
            if decoupled { decay }
            ScaleByLearningRate(Float(h["lr"]!))
        })
    }

    @Test(arguments: [3, 4, 5, 6])
    func composedAdamMatchesTorch(caseIndex: Int) {
        let c = TorchParityTests.fixture.cases[caseIndex]
        let resolved = try! OptimizerSpec(name: c.optimizer, settings: c.hyperparameters.map { "\($0.key)=\($0.value)" }).hyperparameters
        var optimizer = Self.composedAdamW(resolved, decoupled: c.optimizer == "adamw")
        var parameters = TorchParityTests.parameterSet(c.params)
        var worst: Float = 0
        for (step, grads) in c.grads.enumerated() {
            optimizer.step(&parameters, gradients: TorchParityTests.parameterSet(grads))
            for (a, b) in zip(parameters.storage, TorchParityTests.parameterSet(c.expected[step]).storage) {
                worst = max(worst, allcloseRatio(a, b))
            }
        }
        #expect(worst <= 1, "worst |a − b| / (1e-4·|b| + 1e-6) = \(worst)")
    }

    @Test func fusedAdamWEqualsComposedChainOnALargeArena() {
        // Large enough that both run their multi-threaded paths.
        var generator = RandomGenerator(seed: 7)
        let start = ParameterSet([("w", Tensor(shape: [300, 500], scalars: (0..<150_000).map { _ in generator.normal() })),
                                  ("b", Tensor(shape: [500], scalars: (0..<500).map { _ in generator.normal() }))])
        let h: [String: Double] = ["lr": 1e-2, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weight_decay": 0.1, "amsgrad": 1]
        var fused = TransformationOptimizer.adamw(lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, amsgrad: true)
        var composed = Self.composedAdamW(h)
        var a = start, b = start
        for _ in 0..<20 {
            let g = ParameterSet(start.entries.map { ($0.name, Tensor(shape: $0.shape, scalars: (0..<$0.count).map { _ in generator.normal() })) })
            fused.step(&a, gradients: g)
            composed.step(&b, gradients: g)
        }
        let worst = zip(a.storage, b.storage).map { abs($0 - $1) / max(abs($1), 1e-3) }.max()!
        // Equal up to float rounding: p(1 − lr·λ) − lr·û against p − lr·û − lr·λ·p, over 20 steps.
        #expect(worst < 1e-4, "worst relative difference \(worst)")
    }

    @Test func chainStateSavesByNameAndRestoresExactly() throws {
        let c = TorchParityTests.fixture.cases[6]
        var straight = Self.composedAdamW(c.hyperparameters)
        var parameters = TorchParityTests.parameterSet(c.params)
        for grads in c.grads.prefix(5) { straight.step(&parameters, gradients: TorchParityTests.parameterSet(grads)) }
        let saved = straight.stateTensors()
        // PyTorch's names, flat: the parts' keys do not collide, so none is prefixed.
        #expect(saved["exp_avg/matrix"]?.shape == [3, 4])
        #expect(saved["step"]?.float32?.scalar == 5)
        #expect(saved["count"]?.float32?.scalar == 5)
        var resumed = Self.composedAdamW(c.hyperparameters)
        var copy = parameters
        try resumed.loadStateTensors(saved, for: copy)
        for grads in c.grads.dropFirst(5).prefix(5) {
            straight.step(&parameters, gradients: TorchParityTests.parameterSet(grads))
            resumed.step(&copy, gradients: TorchParityTests.parameterSet(grads))
        }
        #expect(parameters == copy)
        var missing = saved
        missing["exp_avg_sq/cube"] = nil
        var broken = Self.composedAdamW(c.hyperparameters)
        #expect(throws: OptimizerStateError.self) { try broken.loadStateTensors(missing, for: copy) }
    }

    @Test func clipByGlobalNormAndMasksDoWhatTheySay() {
        var updates = ParameterSet([("w", Tensor([[3, 0], [0, 0]])), ("b", Tensor([4]))])
        var state = TransformationState()
        ClipByGlobalNorm(1).update(&updates, state: &state, parameters: updates)
        #expect(updates.storage == [0.6, 0, 0, 0, 0.8])
        let parameters = ParameterSet([("w", Tensor([[1, 1], [1, 1]])), ("b", Tensor([1]))])
        var decayed = parameters.zeros()
        AddDecayedWeights(0.5, mask: .excludingBiasesAndNorms).update(&decayed, state: &state, parameters: parameters)
        #expect(decayed.storage == [0.5, 0.5, 0.5, 0.5, 0])
    }
}
