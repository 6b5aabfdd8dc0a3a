import Foundation
import Testing
@testable import DescentNN

/// Determinism and exact resume of the training loop.
struct TrainingTests {
    /// Two interleaved spirals-like classes, generated here so the test needs no data files.
    static let source: TensorBatchSource = {
        var generator = RandomGenerator(seed: 5)
        var x: [Float] = [], y: [Float] = []
        for i in 0..<200 {
            let label = i % 2
            let r = Float(i) / 200 * 3
            let angle = r * 2 + Float(label) * .pi
            x += [r * Float(cos(Double(angle))) + 0.1 * generator.normal(), r * Float(sin(Double(angle))) + 0.1 * generator.normal()]
            y.append(Float(label))
        }
        return TensorBatchSource(inputs: Tensor(shape: [200, 2], scalars: x), targets: Tensor(shape: [200], scalars: y))
    }()

    static func makeTrainer(seed: UInt64 = 0) -> Trainer<AnyOptimizer> {
        let model = MLP(inputs: 2, hidden: [16, 16], outputs: 2, dropout: 0.1)
        return Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: seed),
                       optimizer: AnyOptimizer(PlainSGD(lr: 0.1)), batchSize: 32, generator: RandomGenerator(seed: seed))
    }

    @Test func sameSeedGivesBitIdenticalLossCurve() throws {
        var a = Self.makeTrainer(), b = Self.makeTrainer()
        var lossesA: [Float] = [], lossesB: [Float] = []
        for _ in 0..<3 {
            _ = try a.trainEpoch(on: Self.source) { _, loss in lossesA.append(loss) }
            _ = try b.trainEpoch(on: Self.source) { _, loss in lossesB.append(loss) }
        }
        #expect(lossesA == lossesB)
        #expect(a.parameters.storage == b.parameters.storage)
        var c = Self.makeTrainer(seed: 1)
        var lossesC: [Float] = []
        for _ in 0..<3 { _ = try c.trainEpoch(on: Self.source) { _, loss in lossesC.append(loss) } }
        #expect(lossesC != lossesA)
        #expect(lossesA.last! < lossesA.first!)
    }

    @Test func resumeFromCheckpointMidEpochIsExact() throws {
        var straight = Self.makeTrainer()
        for _ in 0..<3 { _ = try straight.trainEpoch(on: Self.source) }

        var first = Self.makeTrainer()
        _ = try first.trainEpoch(on: Self.source)
        _ = try first.trainEpoch(on: Self.source, stopAtStep: 10)  // stop inside epoch 2
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-resume-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Checkpoint(parameters: first.parameters, optimizerState: first.optimizer.stateTensors(),
                       generator: first.generator, step: first.step, history: first.history, metadata: [:]).save(in: folder)

        let loaded = try Checkpoint.load(from: folder)
        let fresh = Self.makeTrainer(seed: 99)  // different seed: everything must come from the checkpoint
        var resumed = Trainer(model: fresh.model, objective: fresh.objective,
                              parameters: try fresh.parameters.loading(loaded.parameters, source: folder.path),
                              optimizer: fresh.optimizer, batchSize: 32, generator: loaded.generator, step: loaded.step)
        try resumed.optimizer.loadStateTensors(loaded.optimizerState, for: resumed.parameters)
        while resumed.step < straight.step { _ = try resumed.trainEpoch(on: Self.source) }
        #expect(resumed.parameters.storage == straight.parameters.storage)
    }

    @Test func checkpointForAnotherModelNamesTheParameter() throws {
        let trainer = Self.makeTrainer()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-mismatch-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Checkpoint(parameters: trainer.parameters, optimizerState: [:], generator: trainer.generator,
                       step: 0, history: [], metadata: [:]).save(in: folder)
        let other = MLP(inputs: 2, hidden: [8, 16], outputs: 2).makeParameters(seed: 0)
        do {
            _ = try other.loading(try Checkpoint.load(from: folder).parameters, source: folder.path)
            Issue.record("loading a checkpoint of another shape must fail")
        } catch {
            #expect("\(error)".contains("parameter 0.weight has shape [16, 2], the model expects [8, 2]"))
        }
    }

    @Test func nonFiniteLossStopsTraining() {
        let model = Linear(2, 2)
        var trainer = Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 0),
                              optimizer: AnyOptimizer(PlainSGD(lr: 0.1)), batchSize: 2, generator: RandomGenerator(seed: 0))
        #expect(throws: TrainingError.self) {
            _ = try trainer.trainStep(input: Tensor([[Float.nan, 1], [0, 1]]), target: Tensor([0, 1]))
        }
    }
}

/// Plain gradient descent, so these tests do not depend on the optimizer library.
struct PlainSGD: Optimizer {
    var lr: Float
    var name: String { "plain-sgd" }
    mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float) {
        for i in parameters.storage.indices { parameters.storage[i] -= lr * gradientScale * gradients.storage[i] }
    }
    func stateTensors() -> [String: Tensor] { [:] }
    mutating func loadStateTensors(_ tensors: [String: Tensor], for parameters: ParameterSet) throws {}
}
