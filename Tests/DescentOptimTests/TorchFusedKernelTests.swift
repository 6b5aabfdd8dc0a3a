import Foundation
import Testing
@testable import DescentOptim

/// The fused torch-family optimizers equal their composed chains on an arena large
/// enough (≥ 100k elements) that every parallel path runs.
struct TorchFusedKernelTests {
    static func arena(_ generator: inout RandomGenerator) -> ParameterSet {
        ParameterSet([("w", Tensor(shape: [300, 400], scalars: (0..<120_000).map { _ in generator.normal() })),
                      ("b", Tensor(shape: [400], scalars: (0..<400).map { _ in generator.normal() })),
                      ("k", Tensor(shape: [3, 40, 50], scalars: (0..<6_000).map { _ in generator.normal() }))])
    }

    /// The start and 12 gradients, drawn once for every case.
    static let data: (start: ParameterSet, gradients: [ParameterSet]) = {
        var generator = RandomGenerator(seed: 11)
        let start = arena(&generator)
        return (start, (0..<12).map { _ in arena(&generator) })
    }()

    static let cases: [String] = [
        "sgd:lr=0.05,momentum=0.9,dampening=0.1,weight_decay=0.01", "sgd:lr=0.05,momentum=0.9,nesterov=true,maximize=true",
        "sgd:lr=0.1,weight_decay=0.01",
        "nadam:lr=0.01,weight_decay=0.05", "nadam:lr=0.01,weight_decay=0.1,decoupled_weight_decay=true,maximize=true",
        "rmsprop:lr=0.01", "rmsprop:lr=0.005,centered=true,momentum=0.9,weight_decay=0.01",
        "rmsprop:lr=0.005,centered=true,maximize=true", "rmsprop:lr=0.005,momentum=0.5",
        "adagrad:lr=0.05,lr_decay=0.01,initial_accumulator_value=0.1,weight_decay=0.01",
        "adagrad:lr=0.02,maximize=true",
        "adafactor:lr=0.05,weight_decay=0.01,d=2", "adafactor:lr=0.01,beta2_decay=-0.5,maximize=true",
    ]

    @Test(arguments: TorchFusedKernelTests.cases)
    func fusedEqualsComposed(setting: String) throws {
        let parts = setting.split(separator: ":", maxSplits: 1).map(String.init)
        let spec = try OptimizerSpec(name: parts[0], settings: [parts[1]])
        var fused = try spec.make()
        var composed = TorchParityTests.composed(parts[0], spec.hyperparameters)
        let start = Self.data.start
        var a = start, b = start
        for g in Self.data.gradients {
            fused.step(&a, gradients: g)
            composed.step(&b, gradients: g)
        }
        var worst: Float = 0
        for (x, y) in zip(a.storage, b.storage) { worst = max(worst, allcloseRatio(x, y)) }
        #expect(worst <= 1, "\(setting): worst |fused − composed| / (1e-4·|c| + 1e-6) = \(worst)")
        let moved = zip(a.storage, start.storage).filter { $0 != $1 }.count
        #expect(moved > a.scalarCount * 9 / 10, "\(setting): only \(moved) elements moved")
    }

    @Test func fusedStateUsesTheComposedBlockNames() throws {
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
}
