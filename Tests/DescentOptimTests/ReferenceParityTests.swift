import Foundation
import Testing
@testable import DescentOptim

/// The optimizers matched against their authors' packages (lion-pytorch, adabelief-pytorch,
/// pytorch-optimizer): 50 steps on a vector, a matrix and a 3-D tensor for every case of
/// scripts/fixtures/reference_optimizers.py, the fused Lion against its chain, and resuming
/// from saved state.
struct ReferenceParityTests {
    struct File: Decodable {
        struct Case: Decodable {
            let optimizer: String
            let hyperparameters: [String: Double]
            let expected: [[String: NestedArray]]
        }
        let params: [String: NestedArray]
        let grads: [[String: NestedArray]]
        let cases: [Case]
    }

    /// One case with the inputs of its file.
    struct Case: Sendable {
        let optimizer: String
        let hyperparameters: [String: Double]
        let params: ParameterSet
        let grads: [ParameterSet]
        let expected: [ParameterSet]

        var settings: [String] { hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
    }

    static let cases: [Case] = {
        var result: [Case] = []
        for index in 1... {
            guard let url = Bundle.module.url(forResource: "reference_optimizers_\(index)", withExtension: "json",
                                              subdirectory: "Fixtures") else { break }
            let file = try! JSONDecoder().decode(File.self, from: Data(contentsOf: url))
            let params = TorchParityTests.parameterSet(file.params)
            let grads = file.grads.map(TorchParityTests.parameterSet)
            for c in file.cases {
                result.append(Case(optimizer: c.optimizer, hyperparameters: c.hyperparameters, params: params, grads: grads,
                                   expected: c.expected.map(TorchParityTests.parameterSet)))
            }
        }
        return result
    }()

    /// Every optimizer of the family, in catalog order.
    static let optimizerNames = OptimizerCatalog.referenceOptimizers.map(\.name)

    /// The worst |a − b| / (1e-4·|b| + 1e-6) over all steps of `optimizer` on case `c`.
    static func worstRatio(_ optimizer: inout some Optimizer, on c: Case) -> Float {
        var parameters = c.params
        var worst: Float = 0
        for (grads, expected) in zip(c.grads, c.expected) {
            optimizer.step(&parameters, gradients: grads)
            for (a, b) in zip(parameters.storage, expected.storage) { worst = max(worst, allcloseRatio(a, b)) }
        }
        return worst
    }

    @Test func fixturesCoverEveryOptimizerThreeTimes() {
        #expect(Self.cases.count == 42)
        for name in Self.optimizerNames {
            let cases = Self.cases.filter { $0.optimizer == name }
            #expect(cases.count >= 3, "\(name) has \(cases.count) fixture cases")
            // At least one case departs from the defaults.
            #expect(cases.contains { !$0.hyperparameters.isEmpty }, "\(name) has no non-default case")
            #expect(cases.allSatisfy { $0.expected.count == 50 })
        }
    }

    @Test(arguments: 0..<42)
    func matchesReference(caseIndex: Int) throws {
        let c = Self.cases[caseIndex]
        var optimizer = try OptimizerSpec(name: c.optimizer, settings: c.settings).make()
        let worst = Self.worstRatio(&optimizer, on: c)
        #expect(worst <= 1, "\(c.optimizer) \(c.hyperparameters): worst |a − b| / (1e-4·|b| + 1e-6) = \(worst)")
    }

    @Test func composedLionMatchesReference() throws {
        for c in Self.cases where c.optimizer == "lion" {
            let h = try OptimizerSpec(name: "lion", settings: c.settings).hyperparameters
            var composed = TransformationOptimizer.lion(lr: .constant(Float(h["lr"]!)), beta1: Float(h["beta1"]!), beta2: Float(h["beta2"]!),
                                                        weightDecay: Float(h["weight_decay"]!),
                                                        decoupledWeightDecay: h["decoupled_weight_decay"]! != 0).composed
            let worst = Self.worstRatio(&composed, on: c)
            #expect(worst <= 1, "composed lion \(c.hyperparameters): \(worst)")
        }
    }

    @Test(arguments: [false, true])
    func fusedLionEqualsComposedChainOnALargeArena(decoupled: Bool) {
        // 150,500 elements: both forms run their multi-threaded paths.
        var generator = RandomGenerator(seed: 11)
        let start = ParameterSet([("w", Tensor(shape: [300, 500], scalars: (0..<150_000).map { _ in generator.normal() })),
                                  ("b", Tensor(shape: [500], scalars: (0..<500).map { _ in generator.normal() }))])
        let h: [String: Double] = ["lr": 3e-3, "beta1": 0.9, "beta2": 0.99, "weight_decay": decoupled ? 0.01 : 0.1,
                                   "decoupled_weight_decay": decoupled ? 1 : 0]
        var fused = TransformationOptimizer.lion(lr: 3e-3, beta1: 0.9, beta2: 0.99, weightDecay: Float(h["weight_decay"]!),
                                                 decoupledWeightDecay: decoupled)
        var composed = fused.composed
        var a = start, b = start
        var moved = 0
        for _ in 0..<10 {
            let g = ParameterSet(start.entries.map { ($0.name, Tensor(shape: $0.shape, scalars: (0..<$0.count).map { _ in generator.normal() })) })
            fused.step(&a, gradients: g)
            composed.step(&b, gradients: g)
        }
        for (x, y) in zip(a.storage, start.storage) where x != y { moved += 1 }
        let worst = zip(a.storage, b.storage).map { abs($0 - $1) / max(abs($1), 1e-3) }.max()!
        // Equal up to float rounding: p(1 − lr·λ) − lr·s against p − lr·s − lr·λ·p.
        #expect(worst < 1e-5, "worst relative difference \(worst)")
        #expect(moved == start.scalarCount)
        // The same momentum, up to the kernel's fused multiply-adds.
        let fusedState = fused.stateTensors()["exp_avg/w"]!.float32!.scalars
        let composedState = composed.stateTensors()["exp_avg/w"]!.float32!.scalars
        let worstState = zip(fusedState, composedState).map { abs($0 - $1) }.max()!
        #expect(worstState < 1e-7, "momentum differs by \(worstState)")
    }

    @Test(arguments: optimizerNames)
    func resumesBitIdenticallyFromSavedState(name: String) throws {
        // The fixture case of each optimizer with the most non-default settings.
        let c = Self.cases.filter { $0.optimizer == name }.max { $0.hyperparameters.count < $1.hyperparameters.count }!
        let spec = try OptimizerSpec(name: name, settings: c.settings)
        var straight = try spec.make()
        var parameters = c.params
        for grads in c.grads.prefix(7) { straight.step(&parameters, gradients: grads) }
        let saved = straight.stateTensors()
        #expect(!saved.isEmpty)
        let midpoint = parameters
        var resumed = try spec.make()
        var copy = parameters
        try resumed.loadStateTensors(saved, for: copy)
        for grads in c.grads.dropFirst(7).prefix(8) {
            straight.step(&parameters, gradients: grads)
            resumed.step(&copy, gradients: grads)
        }
        #expect(parameters == copy, "\(name) diverged after resuming")
        // A fresh optimizer without the state does not continue the same way.
        var restarted = try spec.make()
        var other = midpoint
        for grads in c.grads.dropFirst(7).prefix(8) { restarted.step(&other, gradients: grads) }
        #expect(other != parameters || name == "signsgd", "\(name): state made no difference")
    }

    @Test func trustRatioIsPerParameterTensor() {
        // Two tensors with very different scales: each update is rescaled to its own weight norm.
        let parameters = ParameterSet([("a", Tensor([[3, 4]])), ("b", Tensor([[0, 100]]))])
        var updates = ParameterSet([("a", Tensor([[1, 0]])), ("b", Tensor([[0, 2]]))])
        var state = TransformationState()
        ScaleByTrustRatio().update(&updates, state: &state, parameters: parameters)
        #expect(updates.storage == [5, 0, 0, 100])
        // LARS form: η‖p‖/(‖g‖ + λ‖p‖) · (g + λp), vectors untouched by the mask.
        let lars = ScaleByTrustRatio(trustCoefficient: 0.5, weightDecay: 0.1, mask: .excludingBiasesAndNorms)
        let p2 = ParameterSet([("w", Tensor([[3, 4]])), ("bias", Tensor([7]))])
        var u2 = ParameterSet([("w", Tensor([[0, 1.5]])), ("bias", Tensor([2]))])
        lars.update(&u2, state: &state, parameters: p2)
        // r = 0.5·5/(1.5 + 0.5) = 1.25; (g + 0.1p) = (0.3, 1.9).
        #expect(u2.storage == [0.3 * 1.25, 1.9 * 1.25, 2])
        // LAMB form: the weight norm is clamped (at 10 in the reference) after scaling by the decay factor.
        let lamb = ScaleByTrustRatio(maxParameterNorm: 10, parameterScale: 0.5)
        let p3 = ParameterSet([("w", Tensor([[30, 40]])), ("v", Tensor([[3, 4]]))])
        var u3 = ParameterSet([("w", Tensor([[0, 2]])), ("v", Tensor([[0, 0.5]]))])
        lamb.update(&u3, state: &state, parameters: p3)
        #expect(u3.storage == [0, 10, 0, 2.5])
    }

    @Test func novoGradKeepsOneSecondMomentPerTensorByName() throws {
        let c = Self.cases.first { $0.optimizer == "novograd" }!
        var optimizer = try OptimizerSpec(name: "novograd", settings: c.settings).make()
        var parameters = c.params
        optimizer.step(&parameters, gradients: c.grads[0])
        let state = optimizer.stateTensors()
        let g = c.grads[0]["matrix"].scalars
        let expected = g.map { $0 * $0 }.reduce(0, +)
        let saved = try #require(state["grads_ema/matrix"])  // PyTorch's name: only the parts' colliding `step`s are prefixed
        #expect(abs(saved.float32!.scalar - expected) <= 1e-5 * expected)
    }
}
