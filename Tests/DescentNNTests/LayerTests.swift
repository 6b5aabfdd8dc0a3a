import Foundation
import Testing
@testable import DescentNN

struct LayerTests {
    @Test func linearMatchesTorch() {
        let layer = Linear(3, 2)
        let p = ParameterSet([("weight", Tensor([[0.1, -0.2, 0.3], [0.5, 0.4, -0.1]])), ("bias", Tensor([0.01, -0.02]))])
        let y = layer(Tensor([[1, 2, 3], [-1, 0.5, 2]]), parameters: p)
        // torch: x @ w.T + b
        for (a, b) in zip(y.scalars, [0.61, 0.98, 0.41, -0.52] as [Float]) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func layerNormalizationMatchesTorch() {
        let p = ParameterSet([("weight", Tensor([1, 2, 0.5])), ("bias", Tensor([0, 1, -1]))])
        let y = LayerNormalization(3)(Tensor([[1, 2, 4]]), parameters: p)
        for (a, b) in zip(y.scalars, [-1.069_041_4, 0.465_479_43, -0.331_849_1] as [Float]) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func parameterNamesFollowPyTorch() {
        let mlp = MLP(inputs: 64, hidden: [32, 16], outputs: 10).makeParameters(seed: 0)
        #expect(mlp.names == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        #expect(mlp.entry(named: "0.weight")?.shape == [32, 64])
        let gpt = TransformerLanguageModel(vocabulary: 11, contextLength: 8, layers: 1, heads: 2, width: 8).makeParameters(seed: 0)
        #expect(gpt.names.prefix(4) == ["wte.weight", "wpe.weight", "h.0.ln_1.weight", "h.0.ln_1.bias"])
        #expect(gpt.contains("h.0.attn.qkv.weight") && gpt.contains("h.0.mlp.2.bias") && gpt.contains("lm_head.weight"))
    }

    @Test func defaultInitializationHasPyTorchBounds() {
        let p = Linear(100, 50).makeParameters(seed: 3)
        let bound = 1 / Float(100).squareRoot()
        #expect(p["weight"].scalars.allSatisfy { abs($0) <= bound })
        #expect(p["weight"].scalars.map(abs).max()! > 0.9 * bound)
        let kaiming = Initializer.kaimingNormal.tensor([400, 500], generator: &RandomGeneratorBox.seeded.value)
        let variance = kaiming.scalars.map { $0 * $0 }.reduce(0, +) / Float(kaiming.count)
        #expect(abs(variance - 2.0 / 500) < 0.0002)
    }

    @Test func attentionIsCausal() {
        let layer = CausalSelfAttention(width: 8, heads: 2)
        let p = layer.makeParameters(seed: 1)
        var generator = RandomGenerator(seed: 2)
        var values = (0..<40).map { _ in generator.normal() }
        let before = layer(Tensor(shape: [1, 5, 8], scalars: values), parameters: p)
        // Change only the last position: earlier outputs must not move.
        for i in 32..<40 { values[i] += 3 }
        let after = layer(Tensor(shape: [1, 5, 8], scalars: values), parameters: p)
        #expect(Array(before.scalars[0..<32]) == Array(after.scalars[0..<32]))
        #expect(Array(before.scalars[32..<40]) != Array(after.scalars[32..<40]))
    }

    @Test func transformerGradientMatchesFiniteDifferences() {
        let model = TransformerLanguageModel(vocabulary: 7, contextLength: 4, layers: 1, heads: 2, width: 8)
        let parameters = model.makeParameters(seed: 4)
        let tokens = Tensor(shape: [2, 4], scalars: [1, 3, 5, 0, 6, 2, 2, 4])
        let targets = Tensor(shape: [2, 4], scalars: [3, 5, 0, 6, 2, 2, 4, 1])
        func loss(_ p: ParameterSet) -> Tensor {
            Objective.languageModel.loss(output: model(tokens, parameters: p), target: targets)
        }
        let (_, gradient) = valueWithGradient(at: parameters) { loss($0) }
        // Check a sample of coordinates in every parameter.
        for entry in parameters.entries {
            for k in stride(from: 0, to: entry.count, by: max(1, entry.count / 3)) {
                let i = entry.offset + k
                var plus = parameters, minus = parameters
                plus.storage[i] += 1e-2
                minus.storage[i] -= 1e-2
                let numeric = (loss(plus).scalar - loss(minus).scalar) / 2e-2
                #expect(abs(numeric - gradient.storage[i]) < 3e-3 + 0.03 * abs(numeric), "\(entry.name)[\(k)]")
            }
        }
    }

    @Test func dropoutOnlyInTraining() {
        let layer = Dropout(0.5)
        let x = Tensor.ones([1000])
        #expect(layer(x, parameters: ParameterSet()) == x)
        var context = ForwardContext(training: true, generator: RandomGenerator(seed: 9))
        let y = layer(x, parameters: ParameterScope(ParameterSet()), context: &context)
        let kept = y.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == 2 })
        #expect(kept.count > 430 && kept.count < 570)
    }
}

/// A shared seeded generator for initialiser statistics.
final class RandomGeneratorBox: @unchecked Sendable {
    var value = RandomGenerator(seed: 11)
    nonisolated(unsafe) static var seeded = RandomGeneratorBox()
}
