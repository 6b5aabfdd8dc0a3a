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

    /// Two micro-batches of 16 averaged equal one batch of 32 (no dropout, so the model has
    /// no per-batch randomness), up to the order of float additions.
    @Test func accumulationEqualsALargerBatch() throws {
        let model = MLP(inputs: 2, hidden: [16], outputs: 2)
        func trainer(batch: Int, accumulate: Int) -> Trainer<AnyOptimizer> {
            Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 3),
                    optimizer: AnyOptimizer(PlainSGD(lr: 0.5)), batchSize: batch, accumulate: accumulate,
                    generator: RandomGenerator(seed: 3))
        }
        var large = trainer(batch: 32, accumulate: 1), accumulated = trainer(batch: 16, accumulate: 2)
        #expect(large.stepsPerEpoch(200) == 7 && accumulated.stepsPerEpoch(200) == 7)
        var lossesA: [Float] = [], lossesB: [Float] = []
        for _ in 0..<2 {
            _ = try large.trainEpoch(on: Self.source) { _, loss in lossesA.append(loss) }
            _ = try accumulated.trainEpoch(on: Self.source) { _, loss in lossesB.append(loss) }
        }
        #expect(lossesA.count == 14 && lossesB.count == 14)
        for (a, b) in zip(lossesA, lossesB) { #expect(abs(a - b) <= 1e-5 * abs(a)) }
        let worst = zip(large.parameters.storage, accumulated.parameters.storage).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5)
        var small = trainer(batch: 16, accumulate: 1)
        _ = try small.trainEpoch(on: Self.source)
        #expect(small.step == 13)
    }

    /// Norm clipping scales by max_norm / (‖g‖ + 1e-6) as clip_grad_norm_; value clipping clamps.
    @Test func clippingFollowsPyTorch() {
        var g = ParameterSet([("w", Tensor([[3, 0], [0, 0]])), ("b", Tensor([4]))])
        let scale = GradientClipping.norm(1).apply(to: &g)
        #expect(abs(scale - 1 / (5 + 1e-6)) < 1e-9)
        #expect(GradientClipping.norm(10).apply(to: &g) == 1)
        _ = GradientClipping.value(2).apply(to: &g)
        #expect(g.storage == [2, 0, 0, 0, 2])
        var bad = ParameterSet([("w", Tensor([Float.nan, 1]))])
        #expect(GradientClipping.norm(1).apply(to: &bad).isNaN)
    }

    /// Early stopping ends the run `patience` epochs after the best validation loss and puts
    /// that epoch's weights back (Keras's restore_best_weights); a learning rate far too large
    /// makes the validation loss worsen after the first epoch.
    @Test func earlyStoppingRestoresTheBestWeights() throws {
        let model = MLP(inputs: 2, hidden: [16], outputs: 2)
        var trainer = Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 1),
                              optimizer: AnyOptimizer(PlainSGD(lr: 0.05)), batchSize: 32, generator: RandomGenerator(seed: 1))
        var snapshots: [ParameterSet] = []
        var observed: [Double] = []
        let summary = try trainer.fit(on: Self.source, validation: Self.source,
                                      plan: TrainingPlan(epochs: 200, earlyStopping: 2), onEpoch: { t in
            snapshots.append(t.parameters)
            observed.append(Double(t.history.last!.validation!.loss))
            return false
        })
        let losses = trainer.history.map { $0.validation!.loss }
        if summary.stoppedEarly {
            let best = losses.indices.min { losses[$0] < losses[$1] }!
            #expect(losses.count - 1 - best == 2)
            #expect(trainer.best?.epoch == best + 1)
            #expect(trainer.parameters == trainer.best?.parameters)
            #expect(trainer.parameters != snapshots[snapshots.count - 2] || best == losses.count - 2)
        } else {
            #expect(trainer.history.count == 200)
        }
        // A run that must stop: the loss is measured on data it does not fit (labels flipped).
        let flipped = TensorBatchSource(inputs: Self.source.inputs, targets: Tensor(Self.source.targets.scalars.map { 1 - $0 }))
        var stopping = Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 1),
                               optimizer: AnyOptimizer(PlainSGD(lr: 0.5)), batchSize: 32, generator: RandomGenerator(seed: 1))
        var weightsByEpoch: [ParameterSet] = []
        let stopped = try stopping.fit(on: Self.source, validation: flipped, plan: TrainingPlan(epochs: 50, earlyStopping: 3), onEpoch: { t in
            weightsByEpoch.append(t.parameters)
            return false
        })
        #expect(stopped.stoppedEarly)
        let best = try #require(stopping.best)
        #expect(stopping.history.count == best.epoch + 3)
        #expect(stopping.parameters == best.parameters)
        #expect(stopping.parameters != weightsByEpoch.dropLast().last!)
        #expect(observed.count == trainer.history.count)
    }

    /// fit resumes from a checkpoint (best weights included) exactly where it stopped.
    @Test func fitResumesFromItsCheckpoint() throws {
        var straight = Self.makeTrainer()
        try straight.fit(on: Self.source, validation: Self.source, plan: TrainingPlan(epochs: 3))
        var first = Self.makeTrainer()
        try first.fit(on: Self.source, validation: Self.source, plan: TrainingPlan(epochs: 3, maxSteps: 10))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("descent-fit-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        try first.checkpoint().save(in: folder)
        var resumed = Self.makeTrainer(seed: 42)
        try resumed.restore(try Checkpoint.load(from: folder), source: folder.path)
        #expect(resumed.best?.parameters == first.best?.parameters && resumed.best != nil)
        try resumed.fit(on: Self.source, validation: Self.source, plan: TrainingPlan(epochs: 3))
        #expect(resumed.parameters == straight.parameters)
        #expect(resumed.history == straight.history.map { var r = $0; r.seconds = resumed.history[$0.epoch - 1].seconds; return r })
    }
}

/// Plain gradient descent, so these tests do not depend on the optimizer library.
struct PlainSGD: Optimizer {
    var lr: Float
    var name: String { "plain-sgd" }
    mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet, gradientScale: Float) {
        for i in parameters.storage.indices { parameters.storage[i] -= lr * gradientScale * gradients.storage[i] }
    }
    func stateTensors() -> [String: SafeTensors.Value] { [:] }
    mutating func loadStateTensors(_ tensors: [String: SafeTensors.Value], for parameters: ParameterSet) throws {}
}

extension TrainingTests {
    /// A batch larger than the data is one batch (PyTorch's DataLoader does the same), with no overflow.
    @Test func hugeBatchSizeIsOneBatch() throws {
        let model = MLP(inputs: 2, hidden: [4], outputs: 2)
        var trainer = Trainer(model: model, objective: .classification(), parameters: model.makeParameters(seed: 0),
                              optimizer: AnyOptimizer(PlainSGD(lr: 0.1)), batchSize: .max, accumulate: 3,
                              generator: RandomGenerator(seed: 0))
        #expect(trainer.stepsPerEpoch(200) == 1)
        let (_, completed) = try trainer.trainEpoch(on: Self.source)
        #expect(completed && trainer.step == 1)
    }
}
